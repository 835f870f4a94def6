// Process-wide allocator settings for training loops (see NOTE(malloc) in memory.cc).
#pragma once

namespace nabla {

// Makes glibc keep freed memory for reuse instead of returning it to the system, unless the
// environment sets NABLA_MALLOC_DEFAULTS=1. Returns whether the settings were applied.
bool keepFreedMemory();

}  // namespace nabla
