// The addon's own memory: blocks for large JavaScript arrays, recycled when V8 collects them
// (see NOTE(blocks) in memory.cc). Its entries are exported from memory.cc; nothing else calls it.
#pragma once
