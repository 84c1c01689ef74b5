// Mapped reads: Xapian's block reads of a read-only database served from a
// memory mapping instead of one pread() system call per block.
//
// Why: Xapian 1.4's glass backend has no block cache and no mmap option; it
// reads every B-tree block it visits with pread(), about 420 of them per
// interactive search on the bench-serve database, and a third of a search's
// CPU went to those system calls (docs/performance.md, "Mapped reads").
//
// How: the library that holds this header's definitions also defines the C
// functions open/open64, close, dup2, closefrom and pread/pread64. Linked into
// an executable, those definitions take precedence over glibc's for every
// shared library's calls (symbol interposition), libxapian's included; each
// forwards to the next definition (glibc's, or a sanitizer's interceptor)
// found with dlsym(RTLD_NEXT). Once enable() has run, a file opened read-only
// (O_RDONLY, no O_CREAT/O_TRUNC) whose name ends in ".glass" is mapped
// read-only and shared at its size at open, and a pread() that lies wholly
// inside the mapping is a memcpy. MAP_SHARED shows writes by another process
// or thread exactly as pread() would; a read past the mapped length (the file
// grew) or of any other descriptor goes to the real pread(). close() unmaps.
//
// Truncation: glass truncates a table file in place when a database is
// created over an existing one. pread() then returns a short read, Xapian
// throws, and the caller reports it; touching a mapped page past the new end
// raises SIGBUS. The copy is therefore guarded: a SIGBUS handler returns from
// a fault inside the copy of the faulting thread, and that read goes to the
// real pread() instead, which answers what it always did. Any other SIGBUS is
// passed to the handler installed before enable() (the fault guard's). One
// difference remains: a file cut to a length that is not a multiple of the
// page size reads as zeros, not as a short read, from its new end to the end
// of that page. Glass cuts its tables to nothing and writes whole blocks
// (8 KiB, two pages), so this does not arise from Xapian.
//
// Only the search side calls enable(): fahras-serve and
// fahras-search-latency, and fahras-search for a --queries batch (a single
// query pays more for mapping and first-touch page faults than its few
// hundred reads cost: docs/performance.md). The writer opens its tables
// O_RDWR, never mapped. FAHRAS_MAPPED_READS=off or =on in the environment
// overrides the default, so one binary can be measured both ways.
//
// Memory: mapped pages are the kernel's page cache, shared with every
// process reading the file; they count in a process's RSS (as RssFile), not
// in its anonymous memory (RssAnon), which is what grows on a leak.
//
// Thread safety: the read path takes no lock: the table of mappings is an
// array of atomics indexed by descriptor. As with pread(), a descriptor
// must not be closed while another thread reads from it.
#pragma once

#include <cstddef>
#include <string>

namespace fahras::mapped_reads {

// Turns mapped reads on for files opened from now on and installs the SIGBUS
// handler. Call it from main() after any other SIGBUS handler (the fault
// guard) so that one is chained to. Idempotent.
void enable();

// enable() if the environment variable FAHRAS_MAPPED_READS says "on" (or
// 1, yes, true), not if it says "off" (or 0, no, false); unset or anything
// else: as `by_default` says. Returns whether mapped reads are on.
bool enable_from_environment(bool by_default = true);

// Stops mapping files opened from now on (files already mapped stay so until
// closed). For tests that compare both paths in one process.
void disable();

bool enabled();

// The length mapped for descriptor fd, 0 when fd is not mapped. For tests
// and diagnostics.
std::size_t mapped_length(int fd);

// How many reads the real pread() served after a fault in a mapping
// (truncated file), in this process. For tests.
std::size_t fault_fallbacks();

}  // namespace fahras::mapped_reads
