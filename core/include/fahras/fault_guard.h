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
// install_write_failure_guard() does the same for a failed write that Xapian
// turns into std::terminate: Xapian 1.4.22's Glass backend writes the rest of
// a value-stream chunk in a destructor (Glass::ValueUpdater, glass_values.cc,
// run by GlassValueManager::merge_changes at every commit and flush). When a
// block write fails there (a full disk, `ulimit -f`), the DatabaseError
// leaves that destructor, which is noexcept, or it is a second exception
// thrown while the first one unwinds; either way the process dies in
// std::terminate ("terminate called after throwing an instance of
// 'Xapian::DatabaseError'") before any catch of ours runs. Any database with
// value slots can get there (every fahras layout has them; which write fails
// first depends on sizes). Nothing can be recovered in the process, but the
// database is intact at its last commit: Glass publishes a revision only
// after every table is written. So the terminate handler reports the error
// as the CLI's catch does and exits with the same status. Sometimes the
// terminate comes with no exception to read (a bare std::terminate() inside
// libxapian); then errno, still the failed write's, names the error.
//
// Ownership: the messages live in static storage owned by this header.
// Thread safety: call the install functions once, from main(), before other
// threads start; the handlers themselves may run on any thread.
#pragma once

#include <signal.h>
#include <unistd.h>

#include <xapian/error.h>

#include <cerrno>
#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <exception>
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

inline std::string write_failure_prefix;  // "<tool>: <db>: "
inline int write_failure_exit_status = 2;
inline std::terminate_handler previous_terminate = nullptr;

[[noreturn]] inline void write_failure_terminate_handler() {
  if (const std::exception_ptr e = std::current_exception()) {
    try {
      std::rethrow_exception(e);
    } catch (const Xapian::Error& x) {
      // A progress line may be showing on a terminal: clear it, as the CLI does.
      std::string line = ::isatty(STDERR_FILENO) ? "\r\x1b[K" : "";
      line += write_failure_prefix + x.get_description() + "\n";
      const ssize_t ignored = ::write(STDERR_FILENO, line.data(), line.size());
      (void)ignored;
      ::_exit(write_failure_exit_status);
    } catch (...) {
    }
  }
  // No exception at all: Xapian's value-stream destructor can also end in a
  // bare std::terminate() after its block write failed (seen with `ulimit -f`
  // once a database's sizes moved the failing write there). errno still holds
  // the failed write's error; only those errors are reported as one.
  const int error = errno;
  if (error == EFBIG || error == ENOSPC || error == EDQUOT || error == EIO || error == EROFS) {
    std::string line = ::isatty(STDERR_FILENO) ? "\r\x1b[K" : "";
    line += write_failure_prefix + "a write to the database failed: " + std::strerror(error) +
            " (the database is left at its last commit)\n";
    const ssize_t ignored = ::write(STDERR_FILENO, line.data(), line.size());
    (void)ignored;
    ::_exit(write_failure_exit_status);
  }
  // Otherwise the usual report ("terminate called ...") and abort.
  if (previous_terminate) previous_terminate();
  std::abort();
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

// After this, a Xapian::Error that ends the process in std::terminate (see
// above) prints "<tool>: <db>: <Xapian's description>", the line the CLI
// prints for a failed write it catches, and exits with `exit_status`. Other
// exceptions still reach the previous handler.
inline void install_write_failure_guard(const std::string& tool, const std::string& db, int exit_status) {
  detail::write_failure_prefix = tool + ": " + db + ": ";
  detail::write_failure_exit_status = exit_status;
  detail::previous_terminate = std::set_terminate(detail::write_failure_terminate_handler);
}

}  // namespace fahras
