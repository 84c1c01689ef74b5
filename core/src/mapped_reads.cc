// Mapped reads (see mapped_reads.h): the interposed open/close/pread and the
// guarded copy.
//
// This file defines functions that glibc declares, so glibc's fortified
// inline wrappers (_FORTIFY_SOURCE, on by default in Ubuntu's optimised
// builds) must stay out of it.
#undef _FORTIFY_SOURCE
#include "fahras/mapped_reads.h"

#include <dlfcn.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdarg>
#include <cstdlib>
#include <cstring>

namespace {

struct Mapping {
  const char* base;
  std::size_t length;
};

// Descriptors at or above this are never mapped (their reads go to pread()):
// 512 KiB of address space, touched only where descriptors are used.
constexpr int kSlots = 65536;
std::atomic<Mapping*> g_slots[kSlots];
std::atomic<bool> g_enabled{false};
std::atomic<std::size_t> g_fault_fallbacks{0};

// The real functions: the next definition after ours (glibc's, or a
// sanitizer's interceptor). dlsym fails only in a static executable, where
// the system call does the same.
using OpenFn = int (*)(const char*, int, ...);
using CloseFn = int (*)(int);
using PreadFn = ssize_t (*)(int, void*, std::size_t, off_t);
using Dup2Fn = int (*)(int, int);
using ClosefromFn = void (*)(int);

template <typename Fn>
Fn next_definition(const char* name) {
  return reinterpret_cast<Fn>(::dlsym(RTLD_NEXT, name));
}

int real_open(const char* path, int flags, mode_t mode) {
  static const OpenFn fn = next_definition<OpenFn>("open");
  if (fn != nullptr) return fn(path, flags, mode);
  return static_cast<int>(::syscall(SYS_openat, AT_FDCWD, path, flags, mode));
}

int real_close(int fd) {
  static const CloseFn fn = next_definition<CloseFn>("close");
  if (fn != nullptr) return fn(fd);
  return static_cast<int>(::syscall(SYS_close, fd));
}

ssize_t real_pread(int fd, void* buf, std::size_t n, off_t offset) {
  static const PreadFn fn = next_definition<PreadFn>("pread");
  if (fn != nullptr) return fn(fd, buf, n, offset);
  return static_cast<ssize_t>(::syscall(SYS_pread64, fd, buf, n, offset));
}

// Drops fd's mapping, if any (the descriptor is closed or is about to name
// another file). errno is left as it was: munmap does not fail on a range we
// mapped, and callers report the real call's errno.
void forget(int fd) {
  if (fd < 0 || fd >= kSlots) return;
  if (Mapping* m = g_slots[fd].exchange(nullptr, std::memory_order_acq_rel)) {
    const int saved = errno;
    ::munmap(const_cast<char*>(m->base), m->length);
    delete m;
    errno = saved;
  }
}

bool ends_with_glass(const char* path) {
  static constexpr char kSuffix[] = ".glass";
  const std::size_t n = std::strlen(path), k = sizeof kSuffix - 1;
  return n >= k && std::memcmp(path + n - k, kSuffix, k) == 0;
}

// Maps a freshly opened read-only table file. Any failure leaves fd unmapped:
// its reads then go to pread(), as without this library.
void map_if_table(int fd, const char* path, int flags) {
  forget(fd);  // a number closed behind our back (closefrom in a child) and reused
  if (!g_enabled.load(std::memory_order_relaxed) || fd >= kSlots) return;
  if ((flags & O_ACCMODE) != O_RDONLY || (flags & (O_CREAT | O_TRUNC)) != 0 || !ends_with_glass(path)) return;
  const int saved = errno;
  struct stat st {};
  if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
    const auto length = static_cast<std::size_t>(st.st_size);
    void* base = ::mmap(nullptr, length, PROT_READ, MAP_SHARED, fd, 0);
    if (base != MAP_FAILED) {
      Mapping* old =
          g_slots[fd].exchange(new Mapping{static_cast<const char*>(base), length}, std::memory_order_acq_rel);
      // Another thread cannot have mapped this number meanwhile: it is ours
      // until closed. Should it ever happen, do not leak.
      if (old != nullptr) {
        ::munmap(const_cast<char*>(old->base), old->length);
        delete old;
      }
    }
  }
  errno = saved;
}

// The guarded copy. The SIGBUS handler jumps back here when the faulting
// address lies inside the source of this thread's copy in progress.
thread_local sigjmp_buf* t_jump = nullptr;
thread_local const char* t_from = nullptr;
thread_local const char* t_to = nullptr;
struct sigaction g_previous_sigbus {};

// Kept out of line and free of locals that live across the jump, so nothing
// the jump could clobber is read after it.
__attribute__((noinline)) bool guarded_copy(void* dst, const char* src, std::size_t n) {
  sigjmp_buf env;
  if (sigsetjmp(env, 0) != 0) return false;  // no mask saved: the handler runs with SA_NODEFER
  t_from = src;
  t_to = src + n;
  std::atomic_signal_fence(std::memory_order_seq_cst);
  t_jump = &env;
  std::atomic_signal_fence(std::memory_order_seq_cst);
  std::memcpy(dst, src, n);
  std::atomic_signal_fence(std::memory_order_seq_cst);
  t_jump = nullptr;
  return true;
}

extern "C" void on_sigbus(int sig, siginfo_t* info, void* context) {
  sigjmp_buf* env = t_jump;
  if (env != nullptr && info != nullptr) {
    const char* at = static_cast<const char*>(info->si_addr);
    if (at >= t_from && at < t_to) {
      t_jump = nullptr;
      siglongjmp(*env, 1);
    }
  }
  // Not ours: as if our handler had never been installed.
  const struct sigaction& prev = g_previous_sigbus;
  if ((prev.sa_flags & SA_SIGINFO) != 0 && prev.sa_sigaction != nullptr) {
    prev.sa_sigaction(sig, info, context);
  } else if (prev.sa_handler != SIG_DFL && prev.sa_handler != SIG_IGN && prev.sa_handler != nullptr) {
    prev.sa_handler(sig);
  } else {
    // Default action: reinstate it; returning re-runs the faulting
    // instruction, which now ends the process with SIGBUS as it would have.
    struct sigaction dfl {};
    dfl.sa_handler = SIG_DFL;
    sigemptyset(&dfl.sa_mask);
    sigaction(SIGBUS, &dfl, nullptr);
  }
}

void install_sigbus_handler() {
  static std::atomic<bool> installed{false};
  if (installed.exchange(true)) return;
  struct sigaction action {};
  action.sa_sigaction = on_sigbus;
  sigemptyset(&action.sa_mask);
  // SA_NODEFER: the jump out of the handler leaves SIGBUS unblocked without
  // saving and restoring the signal mask around every copy (a system call).
  action.sa_flags = SA_SIGINFO | SA_NODEFER;
  sigaction(SIGBUS, &action, &g_previous_sigbus);
}

int open_impl(const char* path, int flags, mode_t mode) {
  const int fd = real_open(path, flags, mode);
  if (fd >= 0 && path != nullptr) map_if_table(fd, path, flags);
  return fd;
}

ssize_t pread_impl(int fd, void* buf, std::size_t n, off_t offset) {
  if (fd >= 0 && fd < kSlots) {
    const Mapping* m = g_slots[fd].load(std::memory_order_acquire);
    if (m != nullptr && offset >= 0 && static_cast<std::size_t>(offset) <= m->length &&
        n <= m->length - static_cast<std::size_t>(offset)) {
      if (guarded_copy(buf, m->base + offset, n)) return static_cast<ssize_t>(n);
      g_fault_fallbacks.fetch_add(1, std::memory_order_relaxed);
    }
  }
  return real_pread(fd, buf, n, offset);
}

mode_t mode_argument(int flags, va_list ap) {
  return (flags & O_CREAT) != 0 || (flags & O_TMPFILE) == O_TMPFILE ? static_cast<mode_t>(va_arg(ap, int)) : 0;
}

}  // namespace

// The interposed C functions. Their signatures are glibc's (x86-64 and other
// LP64 targets: off_t is off64_t, open64 and pread64 are the same calls).
extern "C" {

int open(const char* path, int flags, ...) {
  va_list ap;
  va_start(ap, flags);
  const mode_t mode = mode_argument(flags, ap);
  va_end(ap);
  return open_impl(path, flags, mode);
}

// The same function under its LFS name (one body, so the two cannot drift).
int open64(const char* path, int flags, ...) __attribute__((alias("open")));

int close(int fd) {
  forget(fd);
  return real_close(fd);
}

int dup2(int from, int to) noexcept {
  static const Dup2Fn fn = next_definition<Dup2Fn>("dup2");
  const int r = fn != nullptr ? fn(from, to) : static_cast<int>(::syscall(SYS_dup2, from, to));
  if (r >= 0 && from != to) forget(to);  // `to` now names another file
  return r;
}

void closefrom(int lowest) noexcept {
  static const ClosefromFn fn = next_definition<ClosefromFn>("closefrom");
  for (int fd = lowest < 0 ? 0 : lowest; fd < kSlots; ++fd) forget(fd);
  if (fn != nullptr) {
    fn(lowest);
  } else {
    ::syscall(SYS_close_range, static_cast<unsigned>(lowest), ~0U, 0);
  }
}

ssize_t pread(int fd, void* buf, std::size_t n, off_t offset) { return pread_impl(fd, buf, n, offset); }

ssize_t pread64(int fd, void* buf, std::size_t n, off_t offset) { return pread_impl(fd, buf, n, offset); }

}  // extern "C"

namespace fahras::mapped_reads {

void enable() {
  install_sigbus_handler();
  g_enabled.store(true, std::memory_order_relaxed);
}

bool enable_from_environment(bool by_default) {
  bool on = by_default;
  if (const char* v = std::getenv("FAHRAS_MAPPED_READS"); v != nullptr && *v != '\0') {
    for (const char* yes : {"on", "1", "yes", "true"})
      if (std::strcmp(v, yes) == 0) on = true;
    for (const char* no : {"off", "0", "no", "false"})
      if (std::strcmp(v, no) == 0) on = false;
  }
  if (on) enable();
  return on;
}

void disable() { g_enabled.store(false, std::memory_order_relaxed); }

bool enabled() { return g_enabled.load(std::memory_order_relaxed); }

std::size_t mapped_length(int fd) {
  if (fd < 0 || fd >= kSlots) return 0;
  const Mapping* m = g_slots[fd].load(std::memory_order_acquire);
  return m != nullptr ? m->length : 0;
}

std::size_t fault_fallbacks() { return g_fault_fallbacks.load(std::memory_order_relaxed); }

}  // namespace fahras::mapped_reads
