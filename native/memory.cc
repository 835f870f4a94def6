#include "binding.h"
#include "memory.h"

#include <cstdlib>
#include <cstring>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace nabla {

// NOTE(malloc): every tensor's storage is a JavaScript typed array, which Node allocates with
// calloc and frees when V8 collects it. glibc's defaults hand large freed blocks straight back to
// the system (munmap, or trimming the heap top beyond 128 KB), so the next array of that size
// arrives as fresh pages and pays a page fault per 4 KB on first write: here (a VM) ~40 µs for a
// 64 KB matmul output against 30 µs for the product itself, and about 1 ms per 1.6 MB weight
// gradient. Keeping freed memory in the heap (a high trim threshold, some top padding, and large
// blocks served from the heap rather than mmap) removes those faults; the cost is that a process
// keeps the memory it has used at its peak, as PyTorch's caching allocators do. It changes malloc
// for the whole host process, so it is opt-in: NABLA_MALLOC_TUNING=1 or tuneMalloc() in JavaScript.
bool keepFreedMemory() {
#if defined(__GLIBC__)
  bool ok = mallopt(M_MMAP_THRESHOLD, 32 << 20) == 1;  // the largest glibc accepts on 64-bit
  ok = mallopt(M_TRIM_THRESHOLD, 1 << 30) == 1 && ok;
  ok = mallopt(M_TOP_PAD, 64 << 20) == 1 && ok;
  return ok;
#else
  return false;
#endif
}

// Entry point (see binding.h): whether the settings were applied.
bool keepFreedMemoryEntry() { return keepFreedMemory(); }
NABLA_EXPORT(keepFreedMemory, keepFreedMemoryEntry);

}  // namespace nabla
