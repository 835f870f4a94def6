// Process-wide allocator settings for training loops (see NOTE(malloc) in memory.cc).
#pragma once

namespace nabla {

// Makes glibc keep freed memory for reuse instead of returning it to the system (opt-in, see
// NOTE(malloc) in memory.cc). Returns whether the settings were applied.
bool keepFreedMemory();

}  // namespace nabla
