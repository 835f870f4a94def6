// What the kernels need from a C++ runtime that wasi-libc and libc++ leave to the platform.
//
// The kernels keep per-thread buffers in `thread_local` objects with destructors (sgemm.cc's
// packing workspace); C++ registers those destructors with __cxa_thread_atexit. The module's
// threads (NOTE(wasm-threads) in thread-pool.h) live as long as the module, so there is nothing
// to run at thread exit: the buffers go with the module's memory.
extern "C" int __cxa_thread_atexit(void (*)(void*), void*, void*) { return 0; }
