// serve::ConnectionStream over a socket pair: what it gathers, when it
// sends, what it reads first, and how it ends. The server's use of it is
// tested end to end in http_connection_test.cc.
#include "connection_stream.h"

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <string>
#include <thread>

#include <gtest/gtest.h>

namespace {

using fahras::serve::ConnectionStream;
using namespace std::chrono_literals;

class Stream : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM, 0, fds_), 0); }
  void TearDown() override {
    for (const int fd : fds_)
      if (fd >= 0) ::close(fd);
  }
  int ours() const { return fds_[0]; }
  int peer() const { return fds_[1]; }
  void close_peer() {
    ::close(fds_[1]);
    fds_[1] = -1;
  }
  // What the peer can read within `ms`, in one recv.
  std::string peer_receives(int ms) const {
    pollfd p{peer(), POLLIN, 0};
    if (::poll(&p, 1, ms) != 1) return {};
    char buf[65536];
    const ssize_t n = ::recv(peer(), buf, sizeof(buf), 0);
    return n > 0 ? std::string(buf, static_cast<std::size_t>(n)) : std::string();
  }
  void peer_sends(const std::string& s) const {
    ASSERT_EQ(::send(peer(), s.data(), s.size(), 0), static_cast<ssize_t>(s.size()));
  }
  int fds_[2] = {-1, -1};
};

TEST_F(Stream, WritesAreHeldUntilFlushAndThenArriveInOnePiece) {
  ConnectionStream s(ours(), 1s, 1s);
  ASSERT_EQ(s.write("HTTP/1.1 200 OK\r\n\r\n", 19), 19);
  ASSERT_EQ(s.write("{\"hits\":[]}", 11), 11);
  EXPECT_EQ(peer_receives(50), "") << "sent before flush";
  ASSERT_TRUE(s.flush());
  EXPECT_EQ(peer_receives(1000), "HTTP/1.1 200 OK\r\n\r\n{\"hits\":[]}");
  EXPECT_TRUE(s.flush()) << "flushing nothing is not a failure";
}

// So that a "100 Continue" reaches a client that waits for it before it
// sends the body the server is about to read.
TEST_F(Stream, AReadThatMustWaitSendsWhatWasGatheredFirst) {
  ConnectionStream s(ours(), 5s, 1s);
  ASSERT_EQ(s.write("HTTP/1.1 100 Continue\r\n\r\n", 25), 25);
  std::string body;
  std::thread reader([&] {
    char buf[16];
    const ssize_t n = s.read(buf, sizeof(buf));
    if (n > 0) body.assign(buf, static_cast<std::size_t>(n));
  });
  EXPECT_EQ(peer_receives(5000), "HTTP/1.1 100 Continue\r\n\r\n");
  peer_sends("{\"q\":\"x\"}");
  reader.join();
  EXPECT_EQ(body, "{\"q\":\"x\"}");
}

TEST_F(Stream, BytesReceivedTogetherAreHandedOutInOrderAcrossReads) {
  ConnectionStream s(ours(), 1s, 1s);
  peer_sends("GET /a HTTP/1.1\r\n\r\nGET /b HTTP/1.1\r\n\r\n");
  ASSERT_TRUE(s.wait_for_request(1000ms, std::atomic<int>{3}));
  std::string got;
  char buf[5];
  while (got.size() < 38) {
    const ssize_t n = s.read(buf, sizeof(buf));
    ASSERT_GT(n, 0);
    got.append(buf, static_cast<std::size_t>(n));
  }
  EXPECT_EQ(got, "GET /a HTTP/1.1\r\n\r\nGET /b HTTP/1.1\r\n\r\n");
}

TEST_F(Stream, APipelinedRequestAlreadyReadNeedsNoWait) {
  ConnectionStream s(ours(), 1s, 1s);
  peer_sends("GET /a HTTP/1.1\r\n\r\nGET /b HTTP/1.1\r\n\r\n");
  char buf[19];
  ASSERT_EQ(s.read(buf, sizeof(buf)), 19);  // the first request; the second is buffered
  const std::atomic<int> stopped{-1};       // even a stopping server takes what has arrived
  EXPECT_TRUE(s.wait_for_request(0ms, stopped));
  EXPECT_TRUE(s.is_readable());
}

TEST_F(Stream, AWriteBeyondTheGatherLimitIsSentAtOnceAndWhole) {
  ConnectionStream s(ours(), 1s, 10s);
  const std::string head = "HTTP/1.1 200 OK\r\nContent-Length: N\r\n\r\n";
  std::string body(3 * ConnectionStream::kGatherLimit + 17, 'x');
  for (std::size_t i = 0; i < body.size(); i += 4096) body[i] = static_cast<char>('a' + (i / 4096) % 26);
  std::string received;
  std::thread drain([&] {
    while (received.size() < head.size() + body.size()) {
      const std::string part = peer_receives(10000);
      if (part.empty()) break;
      received += part;
    }
  });
  ASSERT_EQ(s.write(head.data(), head.size()), static_cast<ssize_t>(head.size()));
  ASSERT_EQ(s.write(body.data(), body.size()), static_cast<ssize_t>(body.size()));  // sent before returning
  drain.join();
  EXPECT_EQ(received.size(), head.size() + body.size());
  EXPECT_TRUE(received == head + body) << "bytes lost or reordered";
  EXPECT_TRUE(s.flush());
}

TEST_F(Stream, SendingToAPeerThatHasGoneFailsWithoutASignal) {
  ConnectionStream s(ours(), 1s, 1s);
  close_peer();
  ASSERT_EQ(s.write("answer", 6), 6);  // gathered
  EXPECT_FALSE(s.flush());             // MSG_NOSIGNAL: no SIGPIPE ends the test process
  EXPECT_FALSE(s.is_writable());
  EXPECT_EQ(s.write("more", 4), -1);
}

TEST_F(Stream, AReadWithNothingArrivingFailsAfterTheReadTimeout) {
  ConnectionStream s(ours(), 200ms, 1s);
  const auto start = std::chrono::steady_clock::now();
  char buf[8];
  EXPECT_EQ(s.read(buf, sizeof(buf)), -1);
  EXPECT_GE(std::chrono::steady_clock::now() - start, 150ms);
  EXPECT_FALSE(s.is_readable());
}

TEST_F(Stream, AClosedPeerEndsTheWaitAndItsReadSeesTheEnd) {
  ConnectionStream s(ours(), 1s, 1s);
  close_peer();
  EXPECT_TRUE(s.wait_for_request(5000ms, std::atomic<int>{3}));  // woken; the read tells why
  char buf[8];
  EXPECT_EQ(s.read(buf, sizeof(buf)), 0);
}

TEST_F(Stream, AnIdleWaitEndsWhenItsTimePassesOrTheServerStops) {
  ConnectionStream s(ours(), 1s, 1s);
  const std::atomic<int> listening{3};
  auto start = std::chrono::steady_clock::now();
  EXPECT_FALSE(s.wait_for_request(300ms, listening));
  EXPECT_GE(std::chrono::steady_clock::now() - start, 250ms);

  std::atomic<int> stopping{3};
  std::thread stop([&] {
    std::this_thread::sleep_for(100ms);
    stopping = -1;  // INVALID_SOCKET: the listening socket was closed
  });
  start = std::chrono::steady_clock::now();
  EXPECT_FALSE(s.wait_for_request(60000ms, stopping));
  stop.join();
  EXPECT_LT(std::chrono::steady_clock::now() - start, 30s) << "the wait ignored the server stopping";
}

}  // namespace
