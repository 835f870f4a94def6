// A small fork-join pool: worker threads kept alive between calls, so a matmul in a training
// loop pays a wake-up, not a thread creation.
#pragma once

#if defined(__wasm__)
// NOTE(wasm-threads): the WebAssembly build (scripts/build-wasm.mjs) has its own pool with the
// same interface, native/wasm/thread-pool.cc: the module runs on a shared memory, and every worker
// (a worker_thread in Node, a Web Worker in a cross-origin-isolated page; src/backends/wasm/
// threads.ts starts them) is an instance of the same module on that memory with its own stack and
// thread_local block, sitting in the module's worker loop. Where a memory cannot be shared (a page
// that is not cross-origin isolated) the same module runs on an unshared memory with one thread.
// The kernels compile unchanged: parallelFor and claimRanges below split work the same way.
#include <cstdint>
#include <functional>

namespace nabla {

class ThreadPool {
 public:
  // Threads taking part in run(), the calling thread included: at most the workers started.
  int size() const;
  void resize(int threads);
  // As the native pool: task(t) once for every t in [0, size()); the caller claims tasks too and
  // a nested or concurrent call runs them all itself.
  void run(const std::function<void(int)>& task);
  static ThreadPool& instance();
};

int physicalCores();

}  // namespace nabla
#else

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace nabla {

class ThreadPool {
 public:
  explicit ThreadPool(int threads);
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  // Threads taking part in run(), the calling thread included.
  int size() const { return static_cast<int>(workers_.size()) + 1; }
  void resize(int threads);

  // Calls task(t) once for every t in [0, size()) and returns when all calls have returned. Each
  // t runs on whichever thread claims it first, the calling thread included, which goes on
  // claiming until none are left: it never waits for a worker that has not started. A second
  // caller (another worker_thread's isolate) that finds the pool busy runs all the calls itself.
  void run(const std::function<void(int)>& task);

  // The process-wide pool, sized from NABLA_NUM_THREADS or the physical core count. Never
  // destroyed: its workers are blocked at exit, and joining them from a static destructor would
  // hang or terminate.
  static ThreadPool& instance();

 private:
  void workerLoop(int id, uint64_t seen);
  // Claims and runs one task of the job of `generation`; false when none is left.
  bool runOne(uint64_t generation);
  void stopWorkers();

  std::vector<std::thread> workers_;
  std::mutex runMutex_;  // one run() (or resize()) at a time
  std::mutex sleepMutex_;
  std::condition_variable wake_;
  std::atomic<uint64_t> generation_{0};  // bumped to publish a job
  std::atomic<uint64_t> claim_{0};       // (generation << 32) | next task index to claim
  std::atomic<int> done_{0};             // tasks of the current job that have returned
  std::atomic<int> count_{0};            // tasks in the current job
  std::atomic<bool> quit_{false};
  const std::function<void(int)>* task_ = nullptr;
};

// Physical cores available to this process (hyperthreads share the FMA units, so they add
// nothing to a compute-bound kernel).
int physicalCores();

}  // namespace nabla
#endif  // __wasm__

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <functional>

namespace nabla {

// Splits [0, n) into one contiguous range per thread, each boundary a multiple of `align`, and
// calls body(begin, end) for each (the calling thread takes the first). Memory-bound kernels gain
// from a second thread only on enough data: with fewer than 2·minPerThread items, or one thread,
// it is a plain call body(0, n) on the calling thread. One definition for both pools
// (native/parallel-for.cc).
void parallelFor(int64_t n, int64_t minPerThread, int64_t align, const std::function<void(int64_t, int64_t)>& body);

// Calls body(begin, end) over ranges covering [0, items): on the calling thread alone when
// `parallel` is false (small work, or already inside a pool task) or there is one thread, else
// over the pool with ranges of about items / (4 · threads) handed out from a shared counter, so
// a thread the OS schedules late (the machine may be shared) does less of the work instead of
// holding up the rest.
template <typename Body>
void claimRanges(int64_t items, bool parallel, const Body& body) {
  ThreadPool& pool = ThreadPool::instance();
  const int64_t parts = parallel ? std::min<int64_t>(pool.size(), items) : 1;
  if (parts <= 1) {
    if (items > 0) body(0, items);
    return;
  }
  const int64_t block = std::max<int64_t>(1, items / (4 * parts));
  std::atomic<int64_t> next{0};
  pool.run([&](int) {
    for (int64_t begin = next.fetch_add(block); begin < items; begin = next.fetch_add(block)) {
      body(begin, std::min(items, begin + block));
    }
  });
}

}  // namespace nabla
