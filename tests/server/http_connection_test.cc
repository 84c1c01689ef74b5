// fahras-serve's connections at the byte level: the real server on
// 127.0.0.1 (port 0), driven through raw sockets, so what a client sends
// (pipelined, in pieces, malformed, or gone mid-answer) and exactly what
// comes back are the test's own, not an HTTP client's.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "server_support.h"

using fahras::test::search_path;
using fahras::test::ServerProcess;
using fahras::test::TempDir;
using json = nlohmann::json;

namespace {

constexpr const char* kCorpus =
    R"({"id":"china","title":"زيارة رسمية","text":"وصل وزير الخارجية إلى الصين أمس لبحث السلام في أوكرانيا مع نظيره."}
{"id":"russia","title":"روسيا","text":"قال الكرملين إن روسيا مستعدة للتفاوض حول أوكرانيا."}
{"id":"weather","title":"طقس","text":"أمطار غزيرة على الساحل وانخفاض في درجات الحرارة."}
)";

// One HTTP answer as it came over the wire.
struct Answer {
  int status = 0;
  std::string head;  // status line and headers
  std::string body;
};

// A raw client connection to the server under test.
class Wire {
 public:
  explicit Wire(int port) : fd_(::socket(AF_INET, SOCK_STREAM, 0)) {
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = fd_ >= 0 && ::connect(fd_, reinterpret_cast<const sockaddr*>(&addr), sizeof(addr)) == 0;
  }
  ~Wire() {
    if (fd_ >= 0) ::close(fd_);
  }
  Wire(const Wire&) = delete;
  Wire& operator=(const Wire&) = delete;

  bool connected() const { return connected_; }
  // No more bytes from this side: the server reads the end after them.
  void finish_sending() { ::shutdown(fd_, SHUT_WR); }
  bool send(const std::string& bytes) {
    return ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(bytes.size());
  }
  // Bytes that arrive within `ms` (empty: none, or the server closed).
  std::string receive_some(int ms) {
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, ms) != 1) return {};
    char buf[65536];
    const ssize_t n = ::recv(fd_, buf, sizeof(buf), 0);
    if (n <= 0) {
      closed_ = true;
      return {};
    }
    return std::string(buf, static_cast<std::size_t>(n));
  }
  // The next whole answer (by its Content-Length), or status 0 when none
  // arrives within 30 s.
  Answer next_answer() {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    for (;;) {
      const auto end_of_head = pending_.find("\r\n\r\n");
      if (end_of_head != std::string::npos) {
        Answer a;
        a.head = pending_.substr(0, end_of_head);
        a.status = std::stoi(a.head.substr(a.head.find(' ') + 1, 3));
        std::size_t length = 0;
        const auto cl = a.head.find("Content-Length: ");
        if (cl != std::string::npos) length = std::stoul(a.head.substr(cl + 16));
        if (pending_.size() >= end_of_head + 4 + length) {
          a.body = pending_.substr(end_of_head + 4, length);
          pending_.erase(0, end_of_head + 4 + length);
          return a;
        }
      }
      if (closed_ || std::chrono::steady_clock::now() > deadline) return {};
      pending_ += receive_some(1000);
    }
  }
  // True once the server closed the connection (within `ms`).
  bool closed_within(int ms) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
    while (!closed_ && std::chrono::steady_clock::now() < deadline) pending_ += receive_some(100);
    return closed_;
  }

 private:
  int fd_;
  bool connected_ = false;
  bool closed_ = false;
  std::string pending_;
};

std::string get(const std::string& path, const std::string& extra_headers = "") {
  return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extra_headers + "\r\n";
}

class HttpConnection : public fahras::test::ServedCorpusTest {
 protected:
  const char* corpus() const override { return kCorpus; }
  static std::vector<std::string> ids(const Answer& a) {
    std::vector<std::string> out;
    const json j = json::parse(a.body, nullptr, false);
    if (!j.is_object() || !j.contains("hits")) return out;
    for (const auto& h : j["hits"]) out.push_back(h.at("docid").get<std::string>());
    return out;
  }
};

// Requests sent back to back before any answer (pipelining) are answered
// in order on the same connection, each answer whole.
TEST_F(HttpConnection, PipelinedRequestsAreAnsweredInOrder) {
  ServerProcess s({"--db", db_});
  ASSERT_TRUE(s.started()) << s.error();
  Wire w(s.port());
  ASSERT_TRUE(w.connected());
  ASSERT_TRUE(w.send(get(search_path("الصين", "&spelling=off")) + get("/health") + get("/nowhere") +
                     get(search_path("روسيا", "&spelling=off"))));
  const Answer china = w.next_answer();
  EXPECT_EQ(china.status, 200) << china.head;
  EXPECT_EQ(ids(china), std::vector<std::string>{"china"});
  const Answer health = w.next_answer();
  EXPECT_EQ(health.status, 200) << health.head;
  EXPECT_TRUE(json::parse(health.body, nullptr, false).contains("status")) << health.body;
  const Answer nowhere = w.next_answer();
  EXPECT_EQ(nowhere.status, 404) << nowhere.head;
  EXPECT_NE(nowhere.body.find("no such route"), std::string::npos) << nowhere.body;
  const Answer russia = w.next_answer();
  EXPECT_EQ(russia.status, 200) << russia.head;
  EXPECT_EQ(ids(russia), std::vector<std::string>{"russia"});
}

// A request that arrives a few bytes at a time is answered once it is
// whole, and only then.
TEST_F(HttpConnection, ARequestArrivingInPiecesIsAnsweredOnceWhole) {
  ServerProcess s({"--db", db_});
  ASSERT_TRUE(s.started()) << s.error();
  Wire w(s.port());
  ASSERT_TRUE(w.connected());
  const std::string request = get(search_path("أوكرانيا", "&spelling=off"));
  for (std::size_t at = 0; at < request.size(); at += 7) {
    ASSERT_TRUE(w.send(request.substr(at, 7)));
    if (at + 7 < request.size()) {
      EXPECT_EQ(w.receive_some(5), "") << "answered before the request was whole (at byte " << at << ")";
    }
  }
  const Answer a = w.next_answer();
  EXPECT_EQ(a.status, 200) << a.head;
  std::vector<std::string> got = ids(a);
  std::sort(got.begin(), got.end());
  EXPECT_EQ(got, (std::vector<std::string>{"china", "russia"}));
}

// "Expect: 100-continue": the server says "100 Continue" before it waits
// for the body, so a client that waits for it is not stalled.
TEST_F(HttpConnection, AnExpectContinueRequestIsToldToContinueBeforeItsBodyIsRead) {
  ServerProcess s({"--db", db_});
  ASSERT_TRUE(s.started()) << s.error();
  Wire w(s.port());
  ASSERT_TRUE(w.connected());
  const std::string body = R"({"q": "الصين", "spelling": "off"})";
  ASSERT_TRUE(
      w.send("POST /search HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
             "Content-Length: " +
             std::to_string(body.size()) + "\r\nExpect: 100-continue\r\n\r\n"));
  const std::string interim = w.receive_some(10000);
  EXPECT_EQ(interim.rfind("HTTP/1.1 100 Continue\r\n", 0), 0u) << interim;
  ASSERT_TRUE(w.send(body));
  const Answer a = w.next_answer();
  EXPECT_EQ(a.status, 200) << a.head << a.body;
  EXPECT_EQ(ids(a), std::vector<std::string>{"china"});
}

// A body sent in chunks (Transfer-Encoding: chunked), the second after a
// pause, is read whole: the documents are indexed, acknowledged once
// committed, and found by the next search on the same connection.
TEST_F(HttpConnection, AChunkedBodyArrivingInPartsIsReadWhole) {
  ServerProcess s({"--db", db_, "--writable", "--token-file", token_file()});
  ASSERT_TRUE(s.started()) << s.error();
  const std::string first = R"({"id":"chunk-1","text":"افتتح المتحف الوطني جناحا للمخطوطات النادرة."})"
                            "\n";
  const std::string second = R"({"id":"chunk-2","text":"المخطوطات في المكتبة العامة"})"
                             "\n";
  auto chunk = [](const std::string& data) {
    char size[16];
    std::snprintf(size, sizeof(size), "%zx\r\n", data.size());
    return std::string(size) + data + "\r\n";
  };
  Wire w(s.port());
  ASSERT_TRUE(w.connected());
  ASSERT_TRUE(
      w.send("POST /documents HTTP/1.1\r\nHost: 127.0.0.1\r\n"
             "Authorization: Bearer s3cret-token-for-tests-only\r\n"
             "Content-Type: application/x-ndjson\r\nTransfer-Encoding: chunked\r\n\r\n" +
             chunk(first)));
  EXPECT_EQ(w.receive_some(200), "") << "answered before the body ended";
  ASSERT_TRUE(w.send(chunk(second) + "0\r\n\r\n"));
  const Answer ack = w.next_answer();
  ASSERT_EQ(ack.status, 200) << ack.head << ack.body;
  EXPECT_EQ(json::parse(ack.body)["indexed"], 2) << ack.body;
  ASSERT_TRUE(w.send(get(search_path("المخطوطات", "&spelling=off"))));
  std::vector<std::string> found = ids(w.next_answer());
  std::sort(found.begin(), found.end());
  EXPECT_EQ(found, (std::vector<std::string>{"chunk-1", "chunk-2"}));
}

// Bytes that are not HTTP get a JSON 400 (a request line past the limit a
// 414), the connection is done with, and the server answers the next one.
TEST_F(HttpConnection, MalformedRequestsAreRefusedAndTheServerGoesOn) {
  ServerProcess s({"--db", db_});
  ASSERT_TRUE(s.started()) << s.error();
  const std::vector<std::pair<std::string, int>> cases = {
      {"NONSENSE\r\n\r\n", 400},
      {"BREW /health HTTP/1.1\r\nHost: x\r\n\r\n", 400},  // no such method
      {"GET /health HTTP/7.0\r\nHost: x\r\n\r\n", 400},
      {std::string("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\xff\xfe\r\n\r\n", 17), 400},  // a TLS hello
      {"GET /" + std::string(10000, 'a') + " HTTP/1.1\r\nHost: x\r\n\r\n", 414},
  };
  for (const auto& [bytes, status] : cases) {
    Wire w(s.port());
    ASSERT_TRUE(w.connected());
    ASSERT_TRUE(w.send(bytes));
    const Answer a = w.next_answer();
    EXPECT_EQ(a.status, status) << bytes.substr(0, 40) << "\n" << a.head;
    if (a.status == status && status == 400) {
      const json j = json::parse(a.body, nullptr, false);
      EXPECT_TRUE(j.is_object() && j.contains("error")) << a.body;
    }
  }
  // A client gone before its answer is written costs the server nothing.
  for (int i = 0; i < 20; ++i) {
    Wire gone(s.port());
    ASSERT_TRUE(gone.connected());
    ASSERT_TRUE(gone.send(get(search_path("السلام", "&limit=50&passage_text=true"))));
  }
  Wire w(s.port());
  ASSERT_TRUE(w.connected());
  ASSERT_TRUE(w.send(get("/health")));
  EXPECT_EQ(w.next_answer().status, 200);
}

// An answer far larger than the socket's buffer (a document of many
// passages) arrives whole, byte for byte what Content-Length says, and the
// connection serves the next request.
TEST_F(HttpConnection, AnAnswerLargerThanTheSocketBufferArrivesWhole) {
  std::string text;
  for (int i = 0; i < 6000; ++i)
    text += "فقرة رقم " + std::to_string(i) + " عن السلام في أوكرانيا والمفاوضات بين الطرفين في العاصمة. ";
  const std::string big_db = tmp_.path("big");
  index(big_db, tmp_.write("big.jsonl", R"({"id":"long","title":"وثيقة طويلة","text":")" + text + "\"}\n"));
  ServerProcess s({"--db", big_db});
  ASSERT_TRUE(s.started()) << s.error();
  Wire w(s.port());
  ASSERT_TRUE(w.connected());
  ASSERT_TRUE(w.send(get("/documents/long") + get("/health")));
  const Answer doc = w.next_answer();
  ASSERT_EQ(doc.status, 200) << doc.head;
  EXPECT_GT(doc.body.size(), 512u * 1024) << "the document is too small to test this";
  const json j = json::parse(doc.body, nullptr, false);
  ASSERT_TRUE(j.is_object()) << "the answer is not whole JSON";
  std::string joined;
  for (const auto& p : j.at("passages")) joined += p.at("text").get<std::string>();
  EXPECT_NE(joined.find("فقرة رقم 5999 "), std::string::npos);
  EXPECT_EQ(w.next_answer().status, 200);
}

// An answer that says "Connection: close" (here: the connection thread is
// wanted by a waiting connection) is followed by the server closing the
// connection, so a client that would go on sending cannot hold the thread:
// the waiting connection is answered at once, not after the 2 s keep-alive
// timeout.
TEST_F(HttpConnection, AConnectionToldToCloseIsClosedByTheServer) {
  ServerProcess s({"--db", db_, "--http-threads", "1", "--keep-alive-requests", "1"});
  ASSERT_TRUE(s.started()) << s.error();
  Wire holder(s.port());
  ASSERT_TRUE(holder.connected());
  ASSERT_TRUE(holder.send(get("/health")));
  const Answer first = holder.next_answer();
  EXPECT_EQ(first.status, 200);
  EXPECT_EQ(first.head.find("Connection: close"), std::string::npos) << "nobody waited yet";
  Wire waiting(s.port());  // queued for the only connection thread
  ASSERT_TRUE(waiting.connected());
  ASSERT_TRUE(waiting.send(get("/health")));
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  // The holder asks again and would ask once more, ignoring the close.
  ASSERT_TRUE(holder.send(get("/health")));
  const Answer second = holder.next_answer();
  EXPECT_EQ(second.status, 200);
  EXPECT_NE(second.head.find("Connection: close"), std::string::npos) << second.head;
  const auto told = std::chrono::steady_clock::now();
  holder.send(get("/health"));
  const Answer served = waiting.next_answer();
  EXPECT_EQ(served.status, 200);
  EXPECT_LT(std::chrono::steady_clock::now() - told, std::chrono::milliseconds(1500))
      << "the waiting connection was answered only after the keep-alive timeout";
  EXPECT_TRUE(holder.closed_within(1000));
}

// Hostile bytes: random bytes, and valid request starts cut short or
// followed by garbage, on 150 connections (a fixed seed, so a failure
// repeats). Each gets an answer or a close within 10 s, never a hang, and
// the server still answers afterwards.
TEST_F(HttpConnection, RandomAndTruncatedBytesNeverHangOrBringTheServerDown) {
  ServerProcess s({"--db", db_});
  ASSERT_TRUE(s.started()) << s.error();
  std::mt19937 rng(20261205);
  const std::vector<std::string> starts = {
      get(search_path("الصين")), "POST /search HTTP/1.1\r\nContent-Length: 40\r\n\r\n{\"q\":",
      "GET /documents/",         "POST /documents HTTP/1.1\r\nContent-Length: 99999999999999999999\r\n\r\n",
      "GET /search?q=%D8%B5%",   "GET / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"};
  for (int i = 0; i < 150; ++i) {
    std::string bytes;
    if (i % 3 != 0) {
      const std::string& start = starts[static_cast<std::size_t>(i) % starts.size()];
      bytes = start.substr(0, std::uniform_int_distribution<std::size_t>(1, start.size())(rng));
    }
    const std::size_t noise = std::uniform_int_distribution<std::size_t>(0, i % 10 == 0 ? 20000 : 300)(rng);
    for (std::size_t k = 0; k < noise; ++k) bytes += static_cast<char>(rng() & 0xff);
    Wire w(s.port());
    ASSERT_TRUE(w.connected()) << "connection " << i << ": the server stopped accepting";
    w.send(bytes);  // the server may close before taking it all
    w.finish_sending();
    EXPECT_TRUE(w.closed_within(10000)) << "connection " << i << " was neither answered nor closed";
  }
  Wire w(s.port());
  ASSERT_TRUE(w.connected());
  ASSERT_TRUE(w.send(get(search_path("روسيا", "&spelling=off"))));
  const Answer a = w.next_answer();
  EXPECT_EQ(a.status, 200) << a.head;
  EXPECT_EQ(ids(a), std::vector<std::string>{"russia"});
  EXPECT_EQ(s.stop(SIGTERM, 30), 0);
}

// A connection left idle is closed after the keep-alive timeout (2 s), and
// an idle connection does not hold up SIGTERM.
TEST_F(HttpConnection, AnIdleConnectionIsClosedAndDoesNotHoldUpStopping) {
  ServerProcess s({"--db", db_});
  ASSERT_TRUE(s.started()) << s.error();
  {
    Wire w(s.port());
    ASSERT_TRUE(w.connected());
    ASSERT_TRUE(w.send(get("/health")));
    EXPECT_EQ(w.next_answer().status, 200);
    EXPECT_TRUE(w.closed_within(10000)) << "an idle keep-alive connection stayed open";
  }
  Wire idle(s.port());
  ASSERT_TRUE(idle.connected());
  ASSERT_TRUE(idle.send(get("/health")));
  EXPECT_EQ(idle.next_answer().status, 200);
  EXPECT_EQ(s.stop(SIGTERM, 30), 0);
  EXPECT_TRUE(idle.closed_within(1000));
}

}  // namespace
