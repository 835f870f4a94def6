// parallelFor (thread-pool.h) over either pool: the native one (thread-pool.cc) or the
// WebAssembly module's (wasm/thread-pool.cc), which share ThreadPool's interface.
#include "thread-pool.h"

namespace nabla {

void parallelFor(int64_t n, int64_t minPerThread, int64_t align, const std::function<void(int64_t, int64_t)>& body) {
  ThreadPool& pool = ThreadPool::instance();
  const int64_t threads = pool.size();
  if (threads == 1 || n < 2 * minPerThread) {
    if (n > 0) body(0, n);
    return;
  }
  const int64_t used = std::min<int64_t>(threads, n / minPerThread);
  const int64_t units = (n + align - 1) / align;
  pool.run([&](int t) {
    if (t >= used) return;
    const int64_t begin = std::min(n, units * t / used * align);
    const int64_t end = t + 1 == used ? n : std::min(n, units * (t + 1) / used * align);
    if (begin < end) body(begin, end);
  });
}

}  // namespace nabla
