// One accepted connection of fahras-serve, as the Stream cpp-httplib reads
// requests from and writes answers to.
//
// cpp-httplib 0.11's own SocketStream makes eleven system calls for each
// answer on a keep-alive connection: a poll while the connection is idle, a
// poll before every recv, two polls before each of its two sends (the
// headers, then the body), a getpeername and a getsockname. On a virtual
// machine each system call is dear, and at one connection they were most of
// the server's cost over the library's search (docs/serving.md, "Where the
// time goes"). This stream makes three: a poll while idle, one recv for a
// request that arrives whole, and one send for the whole answer.
// - Reads and writes block on the socket itself, bounded by SO_RCVTIMEO and
//   SO_SNDTIMEO, instead of polling before each call.
// - Writes are gathered and sent at flush(), or as soon as they pass
//   kGatherLimit; before a read blocks, what was gathered goes out, so a
//   "100 Continue" reaches the client before the server waits for its body.
// - The two addresses are read once per connection.
//
// Ownership: the socket stays the caller's (it is neither shut down nor
// closed here). Thread safety: one thread at a time, as cpp-httplib runs a
// connection.
#pragma once

#include <sys/types.h>

#include <atomic>
#include <chrono>
#include <cstddef>
#include <string>
#include <vector>

#include <httplib.h>

namespace fahras::serve {

class ConnectionStream final : public httplib::Stream {
 public:
  // Gathered answer bytes beyond which write() sends at once (an answer of
  // 50 hits with their passages' text can be a few hundred KiB).
  static constexpr std::size_t kGatherLimit = 256 * 1024;

  // Sets the socket's receive and send timeouts: a recv or send that makes
  // no progress for that long fails, as cpp-httplib's read and write
  // timeouts did.
  ConnectionStream(int sock, std::chrono::microseconds read_timeout, std::chrono::microseconds write_timeout);

  // Waits until the next request's first bytes arrive (true), or until the
  // peer closes or fails (true: the read that follows sees it), `idle`
  // passes, or `listening` becomes INVALID_SOCKET (the server stops): false.
  bool wait_for_request(std::chrono::milliseconds idle, const std::atomic<int>& listening);

  // Sends what write() gathered. False when the peer is gone or the send
  // timed out.
  bool flush();

  bool is_readable() const override;  // input is buffered, or arrives within the read timeout
  bool is_writable() const override;  // always: a failed send shows at flush()
  ssize_t read(char* ptr, size_t size) override;
  ssize_t write(const char* ptr, size_t size) override;
  void get_remote_ip_and_port(std::string& ip, int& port) const override;
  void get_local_ip_and_port(std::string& ip, int& port) const override;
  int socket() const override { return sock_; }

 private:
  bool send_all(const char* first, std::size_t first_size, const char* second, std::size_t second_size);

  int sock_;
  int read_timeout_ms_;
  std::vector<char> in_;
  std::size_t in_begin_ = 0;
  std::size_t in_end_ = 0;
  std::string out_;
  bool failed_ = false;  // a send failed: the connection is done
  std::string remote_ip_;
  int remote_port_ = 0;
  std::string local_ip_;
  int local_port_ = 0;
};

}  // namespace fahras::serve
