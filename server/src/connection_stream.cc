#include "connection_stream.h"

#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/uio.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace fahras::serve {
namespace {

// What one recv asks for: a search request arrives whole in one.
constexpr std::size_t kReadChunk = 16 * 1024;
// How long one idle wait lasts before it looks again at whether the server
// is stopping: a keep-alive connection lets its thread go within this.
constexpr int kIdleSliceMs = 100;

timeval to_timeval(std::chrono::microseconds t) {
  timeval tv{};
  tv.tv_sec = static_cast<decltype(tv.tv_sec)>(t.count() / 1'000'000);
  tv.tv_usec = static_cast<decltype(tv.tv_usec)>(t.count() % 1'000'000);
  return tv;
}

void address_of(const sockaddr_storage& addr, socklen_t len, std::string& ip, int& port) {
  char host[NI_MAXHOST] = "";
  if (::getnameinfo(reinterpret_cast<const sockaddr*>(&addr), len, host, sizeof(host), nullptr, 0, NI_NUMERICHOST) == 0)
    ip = host;
  if (addr.ss_family == AF_INET) port = ntohs(reinterpret_cast<const sockaddr_in*>(&addr)->sin_port);
  else if (addr.ss_family == AF_INET6) port = ntohs(reinterpret_cast<const sockaddr_in6*>(&addr)->sin6_port);
}

}  // namespace

ConnectionStream::ConnectionStream(int sock, std::chrono::microseconds read_timeout,
                                   std::chrono::microseconds write_timeout)
    : sock_(sock),
      read_timeout_ms_(static_cast<int>(std::max<long long>(1, read_timeout.count() / 1000))),
      in_(kReadChunk) {
  const timeval rcv = to_timeval(read_timeout);
  const timeval snd = to_timeval(write_timeout);
  ::setsockopt(sock_, SOL_SOCKET, SO_RCVTIMEO, &rcv, sizeof(rcv));
  ::setsockopt(sock_, SOL_SOCKET, SO_SNDTIMEO, &snd, sizeof(snd));
  sockaddr_storage addr{};
  socklen_t len = sizeof(addr);
  if (::getpeername(sock_, reinterpret_cast<sockaddr*>(&addr), &len) == 0)
    address_of(addr, len, remote_ip_, remote_port_);
  addr = {};
  len = sizeof(addr);
  if (::getsockname(sock_, reinterpret_cast<sockaddr*>(&addr), &len) == 0)
    address_of(addr, len, local_ip_, local_port_);
}

bool ConnectionStream::wait_for_request(std::chrono::milliseconds idle, const std::atomic<int>& listening) {
  if (in_begin_ < in_end_) return true;  // pipelined: the next request is here already
  if (!flush()) return false;
  const auto until = std::chrono::steady_clock::now() + idle;
  for (;;) {
    if (listening.load() == INVALID_SOCKET) return false;
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(until - std::chrono::steady_clock::now()).count();
    if (left <= 0) return false;
    pollfd p{sock_, POLLIN, 0};
    const int n = ::poll(&p, 1, static_cast<int>(std::min<long long>(left, kIdleSliceMs)));
    if (n > 0) return true;
    if (n < 0 && errno != EINTR) return false;
  }
}

bool ConnectionStream::flush() {
  if (out_.empty()) return !failed_;
  const bool ok = send_all(out_.data(), out_.size(), nullptr, 0);
  out_.clear();
  return ok;
}

bool ConnectionStream::is_readable() const {
  if (in_begin_ < in_end_) return true;
  pollfd p{sock_, POLLIN, 0};
  int n;
  do {
    n = ::poll(&p, 1, read_timeout_ms_);
  } while (n < 0 && errno == EINTR);
  return n > 0;
}

bool ConnectionStream::is_writable() const { return !failed_; }

ssize_t ConnectionStream::read(char* ptr, size_t size) {
  if (in_begin_ == in_end_) {
    // The client may be waiting for what was gathered (a 100 Continue)
    // before it sends more.
    if (!flush()) return -1;
    ssize_t n;
    if (size >= in_.size()) {  // a large body: straight into the caller's buffer
      do {
        n = ::recv(sock_, ptr, size, 0);
      } while (n < 0 && errno == EINTR);
      return n;
    }
    do {
      n = ::recv(sock_, in_.data(), in_.size(), 0);
    } while (n < 0 && errno == EINTR);
    if (n <= 0) return n;  // closed, failed, or SO_RCVTIMEO passed
    in_begin_ = 0;
    in_end_ = static_cast<std::size_t>(n);
  }
  const std::size_t take = std::min(size, in_end_ - in_begin_);
  std::memcpy(ptr, in_.data() + in_begin_, take);
  in_begin_ += take;
  return static_cast<ssize_t>(take);
}

ssize_t ConnectionStream::write(const char* ptr, size_t size) {
  if (failed_) return -1;
  if (out_.size() + size <= kGatherLimit) {
    out_.append(ptr, size);
    return static_cast<ssize_t>(size);
  }
  // Too much to gather: what was gathered and this, in one call.
  const bool ok = send_all(out_.data(), out_.size(), ptr, size);
  out_.clear();
  return ok ? static_cast<ssize_t>(size) : -1;
}

bool ConnectionStream::send_all(const char* first, std::size_t first_size, const char* second,
                                std::size_t second_size) {
  if (failed_) return false;
  iovec iov[2] = {{const_cast<char*>(first), first_size}, {const_cast<char*>(second), second_size}};
  iovec* next = iov;
  int count = second_size > 0 ? 2 : 1;
  while (count > 0) {
    if (next->iov_len == 0) {
      ++next;
      --count;
      continue;
    }
    msghdr msg{};
    msg.msg_iov = next;
    msg.msg_iovlen = static_cast<decltype(msg.msg_iovlen)>(count);
    // MSG_NOSIGNAL: a client gone mid-answer is an error here, not SIGPIPE.
    const ssize_t n = ::sendmsg(sock_, &msg, MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EINTR) continue;
      failed_ = true;  // the peer is gone, or SO_SNDTIMEO passed
      return false;
    }
    auto sent = static_cast<std::size_t>(n);
    while (count > 0 && sent >= next->iov_len) {
      sent -= next->iov_len;
      ++next;
      --count;
    }
    if (count > 0) {
      next->iov_base = static_cast<char*>(next->iov_base) + sent;
      next->iov_len -= sent;
    }
  }
  return true;
}

void ConnectionStream::get_remote_ip_and_port(std::string& ip, int& port) const {
  ip = remote_ip_;
  port = remote_port_;
}

void ConnectionStream::get_local_ip_and_port(std::string& ip, int& port) const {
  ip = local_ip_;
  port = local_port_;
}

}  // namespace fahras::serve
