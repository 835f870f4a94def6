#include "binding.h"
#include "thread-pool.h"

#include <algorithm>

#include <cstdio>
#include <cstdlib>
#include <set>
#include <string>

#if defined(__linux__)
#include <sched.h>
#endif
#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#endif

namespace nabla {

namespace {

// How long a worker polls for the next job before sleeping (~100 µs). Training calls many
// kernels back to back: polling makes the next fork cost ~100 ns instead of a futex wake-up
// (~10-50 µs), while an idle process stops burning a core almost at once.
constexpr int kSpinIterations = 20000;

inline void cpuRelax() {
#if defined(__x86_64__) || defined(__i386__)
  _mm_pause();
#else
  std::this_thread::yield();
#endif
}

}  // namespace

ThreadPool::ThreadPool(int threads) { resize(threads); }

void ThreadPool::stopWorkers() {
  {
    std::lock_guard<std::mutex> lock(sleepMutex_);
    quit_.store(true);
  }
  wake_.notify_all();
  for (auto& w : workers_) w.join();
  workers_.clear();
  quit_.store(false);
}

void ThreadPool::resize(int threads) {
  std::lock_guard<std::mutex> lock(runMutex_);
  if (threads < 1) threads = 1;
  if (threads == size()) return;
  stopWorkers();
  // The generation is read here, not in the new thread: a run() could otherwise bump it before
  // the thread starts, and the worker would take that job for an old one and never do it.
  const uint64_t seen = generation_.load();
  for (int id = 1; id < threads; ++id) workers_.emplace_back([this, id, seen] { workerLoop(id, seen); });
}

void ThreadPool::workerLoop(int /*id*/, uint64_t seen) {
  for (;;) {
    int spins = 0;
    while (generation_.load(std::memory_order_acquire) == seen && !quit_.load()) {
      if (++spins < kSpinIterations) {
        cpuRelax();
        continue;
      }
      std::unique_lock<std::mutex> lock(sleepMutex_);
      wake_.wait(lock, [&] { return generation_.load() != seen || quit_.load(); });
    }
    if (quit_.load()) return;
    seen = generation_.load(std::memory_order_acquire);
    while (runOne(seen)) {
    }
  }
}

bool ThreadPool::runOne(uint64_t generation) {
  // NOTE(claims): a task index is claimed together with the job's generation, so a worker that
  // wakes after its job is over (its generation is gone from claim_) claims nothing and never
  // reads task_; one that did claim holds the job open (done_ < count_) until its task returns.
  const uint64_t tag = generation & 0xffffffffu;
  uint64_t current = claim_.load(std::memory_order_acquire);
  for (;;) {
    if ((current >> 32) != tag || static_cast<int>(current & 0xffffffffu) >= count_.load(std::memory_order_relaxed)) return false;
    if (claim_.compare_exchange_weak(current, current + 1, std::memory_order_acq_rel)) break;
  }
  (*task_)(static_cast<int>(current & 0xffffffffu));
  done_.fetch_add(1, std::memory_order_acq_rel);
  return true;
}

void ThreadPool::run(const std::function<void(int)>& task) {
  std::unique_lock<std::mutex> lock(runMutex_, std::try_to_lock);
  if (!lock.owns_lock() || workers_.empty()) {
    for (int t = 0; t < size(); ++t) task(t);
    return;
  }
  task_ = &task;
  const int count = size();
  count_.store(count, std::memory_order_relaxed);
  done_.store(0, std::memory_order_relaxed);
  uint64_t generation;
  {
    // Bumping under the mutex closes the window where a worker has checked the generation but
    // not yet started waiting, and would sleep through this notify.
    std::lock_guard<std::mutex> sleepLock(sleepMutex_);
    generation = generation_.load(std::memory_order_relaxed) + 1;
    claim_.store((generation & 0xffffffffu) << 32, std::memory_order_release);
    generation_.store(generation, std::memory_order_release);
  }
  wake_.notify_all();
  // This thread takes tasks too, and every task a worker has not claimed by the time it gets
  // there: on a busy machine a descheduled worker no longer holds the call up.
  while (runOne(generation)) {
  }
  // Spin briefly (the claimed tasks usually finish together with this thread's), then yield.
  for (int spins = 0; done_.load(std::memory_order_acquire) != count; ++spins) {
    if (spins < kSpinIterations / 10) cpuRelax();
    else std::this_thread::yield();
  }
}

ThreadPool& ThreadPool::instance() {
  static ThreadPool* pool = [] {
    int threads = physicalCores();
    if (const char* env = std::getenv("NABLA_NUM_THREADS")) {
      const int n = std::atoi(env);
      if (n > 0) threads = n;
    }
    return new ThreadPool(threads);
  }();
  return *pool;
}

int physicalCores() {
  int logical = static_cast<int>(std::thread::hardware_concurrency());
#if defined(__linux__)
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof set, &set) == 0) {
    logical = CPU_COUNT(&set);
  } else {
    CPU_ZERO(&set);
    for (int cpu = 0; cpu < logical && cpu < CPU_SETSIZE; ++cpu) CPU_SET(cpu, &set);
  }
  // Count distinct sibling groups: each physical core lists its hyperthreads once.
  std::set<std::string> cores;
  for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu) {
    if (!CPU_ISSET(cpu, &set)) continue;
    const std::string path =
        "/sys/devices/system/cpu/cpu" + std::to_string(cpu) + "/topology/thread_siblings_list";
    FILE* f = std::fopen(path.c_str(), "r");
    if (f == nullptr) continue;
    char line[256] = {0};
    if (std::fgets(line, sizeof line, f) != nullptr) cores.insert(line);
    std::fclose(f);
  }
  if (!cores.empty() && static_cast<int>(cores.size()) <= logical) return static_cast<int>(cores.size());
#endif
  return logical > 0 ? logical : 1;
}

// Entry points (see binding.h).
int64_t numThreadsEntry() { return ThreadPool::instance().size(); }
NABLA_EXPORT(numThreads, numThreadsEntry);

void setNumThreadsEntry(Size n) {
  if (check(n >= 1 && n <= 256, "expects an integer in [1, 256]")) {
    ThreadPool::instance().resize(static_cast<int>(n.value));
  }
}
NABLA_EXPORT(setNumThreads, setNumThreadsEntry);

}  // namespace nabla
