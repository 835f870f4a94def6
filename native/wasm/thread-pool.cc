// The WebAssembly module's thread pool (NOTE(wasm-threads) in ../thread-pool.h): the native
// pool's claim protocol (NOTE(claims) in ../thread-pool.cc) on wasm atomics. Workers are other
// instances of this module on the same shared memory; JavaScript starts them
// (src/backends/wasm/threads.ts) and each calls threadsWorker, which returns only when the pool
// stops. Everything they share lives in `shared` below, in the one linear memory.
#include "../binding.h"
#include "../thread-pool.h"

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstdlib>

// The stack pointer is a global of each instance, which C++ cannot name: threadsSetStack sets it
// with one instruction.
asm(".globaltype __stack_pointer, i32");

// Made by wasm-ld for a shared memory: points this instance's thread_local block at `block` and
// copies their initial values in.
extern "C" void __wasm_init_tls(void* block);

namespace nabla {
namespace {

constexpr int kMaxThreads = 64;
// Each worker's stack (the module's own, the caller's, is wasm-ld's default 64 KiB; the kernels
// keep their large buffers in Scratch, not on the stack).
constexpr int kWorkerStackBytes = 256 * 1024;
// How long a worker polls for the next job before sleeping in memory.atomic.wait, and how long
// the caller polls for the last tasks before waiting in short naps (where it may wait at all):
// ~100-200 µs, about the native pool's 20,000 x86 `pause`s. wasm has no pause instruction, so a
// poll is an atomic load and a branch (~1 ns): it takes ten times the native count. Between two
// kernels the JavaScript side stages the next call's arrays; a worker that slept through that
// would cost a futex wake-up (tens of µs) per kernel.
constexpr int kSpinIterations = 200000;

struct Shared {
  std::atomic<int32_t> generation{0};  // bumped to publish a job; workers sleep on it
  std::atomic<uint64_t> claim{0};      // (generation << 32) | next task index to claim
  std::atomic<int32_t> done{0};        // tasks of the current job that have returned
  std::atomic<int32_t> count{0};       // tasks in the current job
  std::atomic<int32_t> threads{1};     // size(): the caller and the workers taking part
  std::atomic<int32_t> busy{0};        // a run() is in progress
  std::atomic<int32_t> failed{0};      // a worker trapped in a task of the current job
  std::atomic<int32_t> callerTask{0};  // the caller is inside a task it claimed
  std::atomic<int32_t> quit{0};
  std::atomic<int32_t> sleepers{0};  // workers in memory.atomic.wait
  const std::function<void(int)>* task = nullptr;
  // Whether the calling thread may block in memory.atomic.wait: not on a page's main thread.
  bool callerMayWait = false;
};
Shared shared;

struct Slot {
  uint32_t stackTop;
  uint32_t tls;
};
Slot slots[kMaxThreads];

// Which thread this instance is: 0 for the caller, the worker's id otherwise.
thread_local int threadIndex = 0;

int32_t* address(std::atomic<int32_t>& a) { return reinterpret_cast<int32_t*>(&a); }

void* alignedBlock(size_t align, size_t bytes) {
  return std::aligned_alloc(align, (bytes + align - 1) / align * align);
}

bool runOne(int32_t generation) {
  const uint64_t tag = static_cast<uint32_t>(generation);
  uint64_t current = shared.claim.load();
  for (;;) {
    if ((current >> 32) != tag || static_cast<int>(current & 0xffffffffu) >= shared.count.load()) return false;
    if (shared.claim.compare_exchange_weak(current, current + 1)) break;
  }
  const bool caller = threadIndex == 0;
  if (caller) shared.callerTask.store(1);
  (*shared.task)(static_cast<int>(current & 0xffffffffu));
  if (caller) shared.callerTask.store(0);
  shared.done.fetch_add(1);
  return true;
}

// Waits until `value` reaches `target`: polling, then (where allowed) in 100 µs naps.
void awaitCount(std::atomic<int32_t>& value, int32_t target) {
  for (int spins = 0;; ++spins) {
    const int32_t now = value.load();
    if (now >= target) return;
    if (spins > kSpinIterations && shared.callerMayWait) {
      __builtin_wasm_memory_atomic_wait32(address(value), now, 100000);
    }
  }
}

// The malloc lock: workers allocate (the kernels' thread_local Scratch buffers) while the caller
// may too, and wasi-libc's allocator has no lock of its own. The link wraps every allocation
// function of the module with it (-Wl,--wrap in scripts/build-wasm.mjs).
std::atomic<int32_t> heapLock{0};

struct HeapGuard {
  HeapGuard() {
    while (heapLock.exchange(1) != 0) {
    }
  }
  ~HeapGuard() { heapLock.store(0); }
  HeapGuard(const HeapGuard&) = delete;
  HeapGuard& operator=(const HeapGuard&) = delete;
};

// The calling thread's thread_local block: wasm-ld leaves the first instance's unset.
__attribute__((constructor(101))) void initCallerTls() {
  __wasm_init_tls(alignedBlock(__builtin_wasm_tls_align(), __builtin_wasm_tls_size()));
}

}  // namespace

int ThreadPool::size() const { return shared.threads.load(); }

void ThreadPool::resize(int threads) { shared.threads.store(std::clamp(threads, 1, kMaxThreads)); }

ThreadPool& ThreadPool::instance() {
  static ThreadPool pool;
  return pool;
}

void ThreadPool::run(const std::function<void(int)>& task) {
  const int count = size();
  int32_t idle = 0;
  if (count == 1 || !shared.busy.compare_exchange_strong(idle, 1)) {
    for (int t = 0; t < count; ++t) task(t);
    return;
  }
  shared.task = &task;
  shared.count.store(count);
  shared.done.store(0);
  shared.failed.store(0);
  const int32_t generation = shared.generation.load() + 1;
  shared.claim.store(static_cast<uint64_t>(static_cast<uint32_t>(generation)) << 32);
  shared.generation.store(generation);
  // A worker that counted itself a sleeper after this read sees the new generation in its wait.
  if (shared.sleepers.load() > 0) __builtin_wasm_memory_atomic_notify(address(shared.generation), UINT32_MAX);
  while (runOne(generation)) {
  }
  awaitCount(shared.done, count);
  const bool failed = shared.failed.load() != 0;
  shared.busy.store(0);
  check(!failed, "stopped: a worker thread trapped in its share of the work");
}

int physicalCores() { return 1; }

}  // namespace nabla

using nabla::shared;

// The exports JavaScript drives the pool with (src/backends/wasm/threads.ts). They are not kernel
// entries (NABLA_EXPORT): the addon has no counterpart.

// On the caller: a stack and a thread_local block for worker `id`; returns where their addresses
// are (two u32: the stack's top, the block).
extern "C" __attribute__((export_name("threadsPrepare"))) uint32_t threadsPrepare(int id) {
  nabla::Slot& slot = nabla::slots[id];
  if (slot.stackTop == 0) {
    void* stack = nabla::alignedBlock(16, nabla::kWorkerStackBytes);
    void* tls = nabla::alignedBlock(__builtin_wasm_tls_align(), __builtin_wasm_tls_size());
    if (stack == nullptr || tls == nullptr) return 0;
    slot.stackTop = static_cast<uint32_t>(reinterpret_cast<uintptr_t>(stack)) + nabla::kWorkerStackBytes;
    slot.tls = static_cast<uint32_t>(reinterpret_cast<uintptr_t>(tls));
  }
  return static_cast<uint32_t>(reinterpret_cast<uintptr_t>(&slot));
}

// Sets this instance's stack pointer; uses no stack itself. A worker calls it first of all, and
// again after a trap (which leaves the pointer wherever the trapped call had moved it).
extern "C" __attribute__((export_name("threadsSetStack"))) void threadsSetStack(uint32_t top) {
  asm volatile("local.get %0\n\tglobal.set __stack_pointer" : : "r"(top));
}

// The caller's stack pointer, read before a call so a trap's leftover can be undone.
extern "C" __attribute__((export_name("threadsStackPointer"))) uint32_t threadsStackPointer() {
  uint32_t sp;
  asm volatile("global.get __stack_pointer\n\tlocal.set %0" : "=r"(sp));
  return sp;
}

// A worker's life: its thread_local block, then the jobs until the pool stops. `first` is false
// when it comes back after a trap (its block is already set).
extern "C" __attribute__((export_name("threadsWorker"))) void threadsWorker(int id, int first) {
  if (first) __wasm_init_tls(reinterpret_cast<void*>(static_cast<uintptr_t>(nabla::slots[id].tls)));
  nabla::threadIndex = id;
  int32_t seen = shared.generation.load();
  for (;;) {
    int spins = 0;
    while (shared.generation.load() == seen && shared.quit.load() == 0) {
      if (++spins < nabla::kSpinIterations) continue;
      shared.sleepers.fetch_add(1);
      __builtin_wasm_memory_atomic_wait32(nabla::address(shared.generation), seen, -1);
      shared.sleepers.fetch_sub(1);
      spins = 0;
    }
    if (shared.quit.load() != 0) return;
    seen = shared.generation.load();
    // Workers past the pool's size sit this job out (setNumThreads shrank it).
    if (id < shared.threads.load()) {
      while (nabla::runOne(seen)) {
      }
    }
  }
}

// A worker trapped inside a task it had claimed: count the task done and fail the job, so the
// caller returns (with an error) instead of waiting for it forever.
extern "C" __attribute__((export_name("threadsTrapped"))) void threadsTrapped() {
  shared.failed.store(1);
  shared.done.fetch_add(1);
}

// The caller trapped inside a job: close it to new claims, wait for the tasks workers had claimed
// (they may read the trapped caller's stack), and free the pool for the next call.
extern "C" __attribute__((export_name("threadsRecover"))) void threadsRecover() {
  if (shared.busy.load() == 0) return;
  const uint64_t claim = shared.claim.load();
  const int32_t count = shared.count.load();
  shared.claim.store((claim & ~uint64_t{0xffffffffu}) | static_cast<uint32_t>(count));
  const int32_t claimed = std::min<int32_t>(count, static_cast<int32_t>(claim & 0xffffffffu));
  nabla::awaitCount(shared.done, claimed - shared.callerTask.load());
  shared.callerTask.store(0);
  shared.busy.store(0);
}

extern "C" __attribute__((export_name("threadsResize"))) int threadsResize(int threads) {
  nabla::ThreadPool::instance().resize(threads);
  return nabla::ThreadPool::instance().size();
}

extern "C" __attribute__((export_name("threadsCallerMayWait"))) void threadsCallerMayWait(int may) {
  shared.callerMayWait = may != 0;
}

// Every worker returns from threadsWorker; the pool is back to the caller alone.
extern "C" __attribute__((export_name("threadsStop"))) void threadsStop() {
  shared.threads.store(1);
  shared.quit.store(1);
  __builtin_wasm_memory_atomic_notify(nabla::address(shared.generation), UINT32_MAX);
}

// Tests of the pool itself (src/backends/wasm/threads.test.ts). threadsCover runs parallelFor
// over n items and adds 1 to counts[i] for each item a body covers, writing which thread covered
// it to owners[i]; with `nested`, each body runs a parallelFor of its own over its range (which
// must stay on its thread). threadsTrap traps in task `trapTask` of a pool.run.
extern "C" __attribute__((export_name("threadsCover"))) void threadsCover(int n, int minPerThread, int align, int nested,
                                                                         int32_t* counts, int32_t* owners) {
  auto mark = [&](int64_t begin, int64_t end) {
    for (int64_t i = begin; i < end; ++i) {
      __atomic_fetch_add(&counts[i], 1, __ATOMIC_SEQ_CST);
      owners[i] = nabla::threadIndex;
    }
  };
  nabla::parallelFor(n, minPerThread, align, [&](int64_t begin, int64_t end) {
    if (nested) {
      nabla::parallelFor(end - begin, 1, 1, [&](int64_t b, int64_t e) { mark(begin + b, begin + e); });
    } else {
      mark(begin, end);
    }
  });
}

extern "C" __attribute__((export_name("threadsTrap"))) int threadsTrap(int trapTask, int32_t* ran) {
  nabla::binding::enter("threadsTrap");
  nabla::ThreadPool::instance().run([&](int t) {
    // Long enough that every thread is awake and claims a task before the trap.
    volatile int64_t spin = 0;
    for (int i = 0; i < 2000000; ++i) spin = spin + i;
    if (t == trapTask) __builtin_trap();
    __atomic_fetch_add(ran, 1, __ATOMIC_SEQ_CST);
  });
  return nabla::binding::failed() ? 1 : 0;
}

// The allocation functions, locked (see HeapGuard). malloc and free are the module's exports by
// those names too: JavaScript allocates its staging area with them.
extern "C" {
void* __real_malloc(size_t);
void __real_free(void*);
void* __real_calloc(size_t, size_t);
void* __real_realloc(void*, size_t);
void* __real_aligned_alloc(size_t, size_t);
int __real_posix_memalign(void**, size_t, size_t);

__attribute__((export_name("malloc"))) void* __wrap_malloc(size_t bytes) {
  nabla::HeapGuard guard;
  return __real_malloc(bytes);
}
__attribute__((export_name("free"))) void __wrap_free(void* p) {
  nabla::HeapGuard guard;
  __real_free(p);
}
void* __wrap_calloc(size_t n, size_t bytes) {
  nabla::HeapGuard guard;
  return __real_calloc(n, bytes);
}
void* __wrap_realloc(void* p, size_t bytes) {
  nabla::HeapGuard guard;
  return __real_realloc(p, bytes);
}
void* __wrap_aligned_alloc(size_t align, size_t bytes) {
  nabla::HeapGuard guard;
  return __real_aligned_alloc(align, bytes);
}
int __wrap_posix_memalign(void** out, size_t align, size_t bytes) {
  nabla::HeapGuard guard;
  return __real_posix_memalign(out, align, bytes);
}
}
