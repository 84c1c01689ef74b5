"""What scripts/bench-serve and scripts/soak-serve share: starting fahras-serve
on a free loopback port, HTTP requests to it, building a database once per
command, and reading RSS. Standard library only."""
import json
import os
import shlex
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def die(tool, msg):
    print(f"{tool}: {msg}", file=sys.stderr)
    sys.exit(2)


def build_once(tool, cmd, db, rebuild=False):
    """Runs cmd to build db unless a previous build used exactly the same command
    with the same indexer version (its --version names the analyser: a database
    from an older stemmer is refused by the new searcher)."""
    stamp = db + ".cmd"
    version = subprocess.run([cmd[0], "--version"], capture_output=True, text=True).stdout.strip()
    want = shlex.join(cmd) + "\n" + version
    if not rebuild and os.path.isdir(db) and os.path.exists(stamp) and open(stamp).read() == want:
        print(f"# reusing {db} (built by: {want})", flush=True)
        return
    shutil.rmtree(db, ignore_errors=True)
    print(f"$ {want}", flush=True)
    t0 = time.monotonic()
    proc = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if proc.returncode not in (0, 1):  # 1: indexed, some inputs skipped with warnings
        die(tool, f"{os.path.basename(cmd[0])} failed (exit {proc.returncode}):\n{proc.stderr[-2000:]}")
    print(f"# built {db} in {time.monotonic() - t0:.1f} s", flush=True)
    with open(stamp, "w") as f:
        f.write(want)


class Server:
    """fahras-serve on 127.0.0.1, port chosen by the system."""

    def __init__(self, tool, binary, args, log, port=0):
        self.tool = tool
        cmd = [binary, "--listen", f"127.0.0.1:{port}"] + args
        print(f"$ {shlex.join(cmd)}", flush=True)
        self.log = open(log, "ab")
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=self.log)
        line = self.proc.stdout.readline().decode()
        if "listening on http://" not in line:
            self.proc.wait(timeout=10)
            die(tool, f"fahras-serve did not start (exit {self.proc.returncode}); see {log}")
        self.base = line.strip().split("listening on ", 1)[1].rstrip("/")
        self.port = int(self.base.rsplit(":", 1)[1])

    def request(self, method, path, body=None, headers=None, timeout=30):
        """(status, parsed JSON body or None); status 0 when the connection failed."""
        req = urllib.request.Request(self.base + path, data=body, method=method, headers=headers or {})
        try:
            with urllib.request.urlopen(req, timeout=timeout) as r:
                return r.status, json.loads(r.read() or b"null")
        except urllib.error.HTTPError as e:
            try:
                return e.code, json.loads(e.read() or b"null")
            except ValueError:
                return e.code, None
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
            return 0, None

    def rss_kib(self, field="VmRSS"):
        """A memory figure of /proc/PID/status in KiB: VmRSS (all resident pages) or
        RssAnon (the heap and stacks alone: the table files fahras-serve maps, see
        core/include/fahras/mapped_reads.h, count in VmRSS as RssFile)."""
        with open(f"/proc/{self.proc.pid}/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
        return 0

    def stop(self, sig="TERM"):
        """SIGTERM (clean: exit status expected 0) or SIGKILL; returns the exit status."""
        if self.proc.poll() is None:
            (self.proc.terminate if sig == "TERM" else self.proc.kill)()
        try:
            return self.proc.wait(timeout=60)
        finally:
            self.log.close()


def search_path(q, extra=""):
    return "/search?q=" + urllib.parse.quote(q, safe="") + extra
