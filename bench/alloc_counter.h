// Counts calls to the global operator new (every form), so benchmarks can
// report heap allocations in their hot loop. alloc_counter.cc replaces the
// global allocation functions of the whole fahras-bench binary; memory
// obtained directly with malloc (e.g. inside ICU) is not counted.
//
// Thread safety: the counter is a relaxed atomic; benchmarks read it from
// the thread that runs them.
#pragma once

#include <cstdint>

namespace fahras::bench {

// Number of operator new calls since the program started.
std::uint64_t allocation_count() noexcept;

}  // namespace fahras::bench
