// Turns a crash inside the Xapian library on a damaged database into one
// clear line and a documented exit status, at the CLI boundary.
//
// Why: Xapian 1.4.22 dereferences garbage when some database files (for
// example a version file `iamglass` with flipped bytes) are corrupt, and
// segfaults inside Xapian::Database's constructor before any exception can
// be thrown (found by tests/reliability/hostile_db_test.cc). Nothing can be
// recovered after such a fault, so the handler only writes a message that was
// composed in advance and calls _exit(): both are async-signal-safe.
//
// Ownership: the message lives in a static buffer owned by this header.
// Thread safety: call install_fault_guard() once, from main(), before other
// threads start; the handler itself may run on any thread.
#pragma once

#include <signal.h>
#include <unistd.h>

#include <cstddef>
#include <cstring>
#include <string>

namespace fahras {

namespace detail {
inline char fault_message[1024];
inline std::size_t fault_message_size = 0;
inline int fault_exit_status = 2;

extern "C" inline void fault_guard_handler(int) {
  // write() may be short or fail; there is nothing more to do either way.
  const ssize_t ignored = ::write(STDERR_FILENO, fault_message, fault_message_size);
  (void)ignored;
  ::_exit(fault_exit_status);
}
}  // namespace detail

// After this, SIGSEGV, SIGBUS and SIGFPE print "<tool>: database <db> appears
// to be damaged: ..." and exit with `exit_status`.
inline void install_fault_guard(const std::string& tool, const std::string& db, int exit_status) {
  std::string msg = tool + ": database " + db +
                    " appears to be damaged: the Xapian library crashed reading it; check it with "
                    "xapian-check, and rebuild it or restore a copy\n";
  if (msg.size() > sizeof detail::fault_message) {
    msg.resize(sizeof detail::fault_message - 1);
    msg.back() = '\n';
  }
  std::memcpy(detail::fault_message, msg.data(), msg.size());
  detail::fault_message_size = msg.size();
  detail::fault_exit_status = exit_status;
  struct sigaction action {};
  action.sa_handler = detail::fault_guard_handler;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESETHAND;
  for (int sig : {SIGSEGV, SIGBUS, SIGFPE}) sigaction(sig, &action, nullptr);
}

}  // namespace fahras
