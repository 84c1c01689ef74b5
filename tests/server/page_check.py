#!/usr/bin/env python3
"""Drives fahras-serve's search page in headless Chromium through the
DevTools protocol: loads BASE_URL/, types QUERY into the box, submits, waits
for the results, prints what the DOM shows as one JSON object and saves a
screenshot; then turns to the next page when there is one, and with
--click SELECTOR clicks that element (a spelling link, a facet value, a
filter's remove button) and reads the page again ("after_click"). Standard library only (a minimal
WebSocket client), loopback only.
Usage: page_check.py BASE_URL QUERY SCREENSHOT.png [--click SELECTOR] [--chromium PATH]"""
import argparse, base64, json, os, shutil, socket, struct, subprocess, sys, tempfile, time, urllib.request


class DevTools:
    def __init__(self, ws_url):
        assert ws_url.startswith("ws://")
        hostport, path = ws_url[5:].split("/", 1)
        host, port = hostport.split(":")
        self.sock = socket.create_connection((host, int(port)), timeout=30)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall((f"GET /{path} HTTP/1.1\r\nHost: {hostport}\r\nUpgrade: websocket\r\n"
                           f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
                           "Sec-WebSocket-Version: 13\r\n\r\n").encode())
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = self.sock.recv(1)
            if not chunk:
                raise RuntimeError("DevTools closed the WebSocket handshake")
            head += chunk
        if b" 101 " not in head.split(b"\r\n", 1)[0]:
            raise RuntimeError("DevTools refused the WebSocket: " + head.decode(errors="replace"))
        self.next_id = 0

    def _recv_exact(self, n):
        data = b""
        while len(data) < n:
            chunk = self.sock.recv(n - len(data))
            if not chunk:
                raise RuntimeError("DevTools closed the connection")
            data += chunk
        return data

    def _send(self, text):
        payload = text.encode()
        mask = os.urandom(4)
        n = len(payload)
        head = bytes([0x81])
        if n < 126:
            head += bytes([0x80 | n])
        elif n < 65536:
            head += bytes([0x80 | 126]) + struct.pack(">H", n)
        else:
            head += bytes([0x80 | 127]) + struct.pack(">Q", n)
        self.sock.sendall(head + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload)))

    def _recv(self):
        message = b""
        while True:
            b0, b1 = self._recv_exact(2)
            n = b1 & 0x7F
            if n == 126:
                n = struct.unpack(">H", self._recv_exact(2))[0]
            elif n == 127:
                n = struct.unpack(">Q", self._recv_exact(8))[0]
            message += self._recv_exact(n)
            if b0 & 0x80:
                return json.loads(message)

    def call(self, method, **params):
        self.next_id += 1
        self._send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            reply = self._recv()
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply["result"]

    def eval(self, expression):
        r = self.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in r:
            raise RuntimeError(f"page script failed: {r['exceptionDetails']}")
        return r["result"].get("value")

    def wait_for(self, expression, seconds=90):
        """Waits until the page's `expression` is true; raises if it never is.
        Generous: a loaded CI machine (sanitizer builds, two test jobs)
        can take many seconds per answer, and a summary read before the
        answer arrives would fail the test for the wrong reason."""
        deadline = time.time() + seconds
        while time.time() < deadline:
            if self.eval(expression):
                return True
            time.sleep(0.05)
        # Say what the page did show, so a failure on a loaded machine can be told
        # apart from a page that never searched.
        state = self.eval("JSON.stringify({q: (document.getElementById('q') || {}).value, "
                          "status: (document.getElementById('status') || {}).textContent, "
                          "location: location.search, "
                          "resources: performance.getEntriesByType('resource').map(e => e.name)})")
        raise RuntimeError(f"waited {seconds} s and the page never reached: {expression}; page: {state}")


SUMMARY = """(() => {
  const hits = [...document.querySelectorAll('#results li.hit')];
  return {
    dir: document.documentElement.dir, lang: document.documentElement.lang,
    status: document.getElementById('status').textContent,
    status_error: document.getElementById('status').className === 'error',
    hits: hits.map(li => ({
      title: li.querySelector('.title').textContent,
      docid: li.querySelector('.docid').textContent,
      snippet: li.querySelector('.snippet').textContent,
      marks: [...li.querySelectorAll('.snippet mark')].map(m => m.textContent),
      scripts: li.querySelectorAll('script').length })),
    spelling_hidden: document.getElementById('spelling').hidden,
    spelling: document.getElementById('spelling').textContent,
    notices: document.getElementById('notices').textContent,
    answered: Number(document.body.dataset.answered || 0),
    facets: [...document.querySelectorAll('#facets .facet')].map(f => ({ name: f.dataset.facet,
      values: [...f.querySelectorAll('button')].map(b => ({ filter: b.dataset.filter, count: Number(b.dataset.count) })) })),
    filters: [...document.querySelectorAll('#filters button')].map(b => b.dataset.filter),
    pager_hidden: document.getElementById('pager').hidden,
    next_disabled: document.getElementById('next').disabled,
    location: location.search,
    resources: performance.getEntriesByType('resource').map(e => e.name) };
})()"""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("base")
    ap.add_argument("query")
    ap.add_argument("shot")
    ap.add_argument("--click", metavar="SELECTOR")
    ap.add_argument("--chromium", default=shutil.which("chromium") or "chromium")
    args = ap.parse_args()
    base, query, shot, chromium = args.base, args.query, args.shot, args.chromium
    profile = tempfile.mkdtemp(prefix="fahras-chromium-")
    proc = subprocess.Popen([chromium, "--headless=new", "--no-sandbox", "--disable-gpu",
                             "--no-first-run", "--no-default-browser-check", "--disable-extensions",
                             "--disable-background-networking", "--disable-sync", "--lang=ar",
                             "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
                             f"--user-data-dir={profile}", "--window-size=1000,900", "about:blank"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        port_file = os.path.join(profile, "DevToolsActivePort")
        deadline = time.time() + 60
        while not (os.path.exists(port_file) and open(port_file).read().count("\n") >= 1):
            if time.time() > deadline or proc.poll() is not None:
                raise RuntimeError("Chromium did not start its DevTools endpoint")
            time.sleep(0.1)
        port = int(open(port_file).read().split("\n")[0])
        targets = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=30))
        page = next(t for t in targets if t.get("type") == "page")
        dt = DevTools(page["webSocketDebuggerUrl"])
        dt.call("Page.enable")
        dt.call("Runtime.enable")
        dt.call("Page.navigate", url=base + "/")
        if not dt.wait_for("document.readyState === 'complete' && !!document.getElementById('q')"):
            raise RuntimeError("the page did not load")
        # Type the query as a user would: focus the box, insert the text, press Enter.
        dt.eval("document.getElementById('q').focus()")
        dt.call("Input.insertText", text=query)
        # The key press must reach a box that holds the query, or it submits nothing.
        dt.wait_for(f"document.getElementById('q').value === {json.dumps(query)}", seconds=30)
        for kind in ("keyDown", "keyUp"):
            dt.call("Input.dispatchKeyEvent", type=kind, key="Enter", code="Enter",
                    windowsVirtualKeyCode=13, nativeVirtualKeyCode=13, text="\r" if kind == "keyDown" else "")
        dt.wait_for("Number(document.body.dataset.answered || 0) > 0 || "
                    "document.getElementById('status').className === 'error'")
        summary = dt.eval(SUMMARY)
        png = dt.call("Page.captureScreenshot", format="png")["data"]
        with open(shot, "wb") as f:
            f.write(base64.b64decode(png))
        # The next page, when there is one.
        if not summary["next_disabled"] and not summary["pager_hidden"]:
            first = [h["docid"] for h in summary["hits"]]
            dt.eval("document.getElementById('next').click()")
            dt.wait_for("document.querySelector('#results li.hit .docid') && "
                        f"!{json.dumps(first)}.includes(document.querySelector('#results li.hit .docid').textContent)")
            summary["next_page"] = dt.eval(SUMMARY)
        if args.click:
            link = args.click
            before = dt.eval("Number(document.body.dataset.answered || 0)")
            if dt.eval(f"!!document.querySelector({json.dumps(link)})"):
                dt.eval(f"document.querySelector({json.dumps(link)}).click()")
                dt.wait_for(f"Number(document.body.dataset.answered || 0) > {before}")
                summary["after_click"] = dt.eval(SUMMARY)
        print(json.dumps(summary, ensure_ascii=False))
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        shutil.rmtree(profile, ignore_errors=True)


if __name__ == "__main__":
    try:
        main()
    except Exception as e:  # one line for the test's failure message
        print(f"page_check: {e}", file=sys.stderr)
        sys.exit(1)
