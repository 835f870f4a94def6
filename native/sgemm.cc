#include "binding.h"
#include "sgemm.h"

#include <cstdlib>
#include <cstring>
#include <atomic>
#include <numeric>
#include <vector>

#include "scratch.h"
#include "thread-pool.h"

namespace nabla {

namespace {

// Below this many flops a product stays on the calling thread: forking costs a few
// microseconds, which is what ~1e6 flops take on one core.
constexpr double kParallelFlops = 2e6;

bool supported(const GemmImpl& impl) {
#if defined(__x86_64__) || defined(_M_X64)
  __builtin_cpu_init();
  if (&impl == &gemmAvx512) return __builtin_cpu_supports("avx512f");
  if (&impl == &gemmAvx2) return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#endif
  return &impl == &gemmPortable;
}

// Best first.
std::vector<const GemmImpl*> allImpls() {
#if defined(__x86_64__) || defined(_M_X64)
  return {&gemmAvx512, &gemmAvx2, &gemmPortable};
#else
  return {&gemmPortable};
#endif
}

const GemmImpl& chooseGemm() {
  const char* wanted = std::getenv("NABLA_NATIVE_ISA");
  for (const GemmImpl* impl : allImpls()) {
    if (wanted != nullptr && *wanted != '\0' && std::strcmp(wanted, impl->name) != 0) continue;
    if (supported(*impl)) return *impl;
  }
  return gemmPortable;  // an unknown or unsupported NABLA_NATIVE_ISA
}

// Packing buffers, one per thread and grown on demand, so a small product allocates nothing.
float* workspace(long floats) {
  thread_local Scratch buffer;
  return buffer.get(floats);
}

GemmProblem itemOf(const BatchedGemm& g, long b) {
  GemmProblem p = g.problem;
  p.a += b * g.strideA;
  p.b += b * g.strideB;
  p.c += b * g.strideC;
  return p;
}

// The share of `total` tiles of `unit` elements that part q of `parts` owns, in elements.
void share(long total, long unit, long q, long parts, long* begin, long* end) {
  const long tiles = (total + unit - 1) / unit;
  *begin = tiles * q / parts * unit;
  *end = q + 1 == parts ? total : tiles * (q + 1) / parts * unit;
  if (*end > total) *end = total;
  if (*begin > *end) *begin = *end;
}

}  // namespace

namespace {
std::atomic<const GemmImpl*> active{nullptr};
}  // namespace

const GemmImpl& activeGemm() {
  const GemmImpl* impl = active.load(std::memory_order_acquire);
  if (impl == nullptr) {
    impl = &chooseGemm();
    active.store(impl, std::memory_order_release);
  }
  return *impl;
}

bool setActiveGemm(const char* name) {
  for (const GemmImpl* impl : allImpls()) {
    if (std::strcmp(name, impl->name) == 0 && supported(*impl)) {
      active.store(impl, std::memory_order_release);
      return true;
    }
  }
  return false;
}

long sgemmPackedFloats(long k, long n) { return activeGemm().packedFloats(k, n); }

void sgemmPackB(const GemmProblem& p, float* out) { activeGemm().packWhole(p, out); }

void sgemm(const BatchedGemm& g) {
  const GemmImpl& impl = activeGemm();
  const GemmProblem& p0 = g.problem;
  if (g.batch == 0 || p0.m == 0 || p0.n == 0) return;
  if (sgemvRows(g)) return;
  ThreadPool& pool = ThreadPool::instance();
  const double flops = 2.0 * g.batch * p0.m * p0.n * p0.k;
  const long threads = pool.size();
  if (threads == 1 || flops < kParallelFlops) {
    float* work = workspace(impl.workFloats);
    for (long b = 0; b < g.batch; ++b) impl.run(itemOf(g, b), 0, p0.m, 0, p0.n, work);
    return;
  }
  // Tasks are (batch item, part of the item); `parts` makes their count a multiple of the
  // thread count so every thread gets the same number of equal tasks.
  const long parts = threads / std::gcd(g.batch, threads);
  // Each part packs its own slice of the operand it splits and the whole of the other, so split
  // the larger one: columns (every part packs A, m × k) where m ≤ n, rows (every part packs B,
  // k × n) where m > n, as long as there are tiles enough to go round. Splitting the columns of
  // a transformer's 2048 × 512 × 128 product had both threads pack all 1 MB of A: it ran 1.59×
  // as fast as one thread, against 1.8× for 512³ (bench/NOTES.md, session 12).
  const bool columnsEnough = (p0.n + impl.nr - 1) / impl.nr >= 2 * parts;
  const bool rowsEnough = (p0.m + impl.mr - 1) / impl.mr >= 2 * parts;
  const bool splitColumns = columnsEnough && (!rowsEnough || p0.m <= p0.n);
  const long tasks = g.batch * parts;
  pool.run([&](int t) {
    float* work = workspace(impl.workFloats);
    for (long task = tasks * t / threads; task < tasks * (t + 1) / threads; ++task) {
      const long b = task / parts, q = task % parts;
      long begin, end;
      if (splitColumns) {
        share(p0.n, impl.nr, q, parts, &begin, &end);
        if (begin < end) impl.run(itemOf(g, b), 0, p0.m, begin, end, work);
      } else {
        share(p0.m, impl.mr, q, parts, &begin, &end);
        if (begin < end) impl.run(itemOf(g, b), begin, end, 0, p0.n, work);
      }
    }
  });
}

// Entry points (see binding.h). A is [m, k] or, transposed, [k, m]; B is [k, n] or [n, k]; a
// transpose only swaps strides. See GemmShape in src/backends/types.ts.
namespace {

// Elements a strided batch of `rows × cols` matrices spans: the last one ends there.
int64_t span(int64_t batch, int64_t stride, int64_t rows, int64_t cols) {
  if (batch == 0 || rows == 0 || cols == 0) return 0;
  return (batch - 1) * stride + rows * cols;
}

// The packed panels are read with aligned vector loads, but a JavaScript buffer is only 8- or
// 16-byte aligned: gemmPackB writes from the first 64-byte boundary inside `out`, which is 16
// floats longer than the panels for that, and matmulPacked finds the same boundary again (a
// buffer over 64 bytes lives outside V8's heap, so it never moves).
constexpr int64_t kPackSlack = 16;

float* aligned64(float* p) {
  const uintptr_t address = reinterpret_cast<uintptr_t>(p);
  return reinterpret_cast<float*>((address + 63) / 64 * 64);
}

// Whether `packed` holds the panels of a k × n op(B) from its 64-byte boundary on.
bool packedFits(F32 packed, int64_t k, int64_t n) {
  const int64_t skip = aligned64(packed.data) - packed.data;
  return skip + sgemmPackedFloats(k, n) <= packed.length;
}

}  // namespace

void matmulEntry(F32 a, F32 b, F32 out, Size batch, Size m, Size n, Size k, bool transA, bool transB,
                 Size strideA, Size strideB, bool accumulate, OptionalF32 bias) {
  if (!check(span(batch, strideA, m, k) <= a.length && span(batch, strideB, k, n) <= b.length &&
                 span(batch, m * n, m, n) <= out.length && (bias.data == nullptr || n <= bias.length),
             "operand shorter than its shape")) {
    return;
  }
  BatchedGemm g;
  g.problem.a = a.data;
  g.problem.b = b.data;
  g.problem.c = out.data;
  g.problem.m = m;
  g.problem.n = n;
  g.problem.k = k;
  g.problem.rsa = transA ? 1 : k.value;
  g.problem.csa = transA ? m.value : 1;
  g.problem.rsb = transB ? 1 : n.value;
  g.problem.csb = transB ? k.value : 1;
  g.problem.ldc = n;
  g.problem.accumulate = accumulate;
  g.problem.bias = bias.data;
  g.batch = batch;
  g.strideA = strideA;
  g.strideB = strideB;
  g.strideC = m * n;
  sgemm(g);
}
NABLA_EXPORT(matmul, matmulEntry);

// The floats gemmPackB needs for a k × n op(B) with the active kernel.
int64_t gemmPackedSizeEntry(Size k, Size n) { return sgemmPackedFloats(k, n) + kPackSlack; }
NABLA_EXPORT(gemmPackedSize, gemmPackedSizeEntry);

// Packs op(B) (k × n; b is [k, n], or [n, k] when transB) into out for matmulPacked.
void gemmPackBEntry(F32 b, Size k, Size n, bool transB, F32 out) {
  if (!check(k * n <= b.length && packedFits(out, k, n), "operand shorter than its shape")) return;
  GemmProblem p{};
  p.b = b.data;
  p.n = n;
  p.k = k;
  p.rsb = transB ? 1 : n.value;
  p.csb = transB ? k.value : 1;
  sgemmPackB(p, aligned64(out.data));
}
NABLA_EXPORT(gemmPackB, gemmPackBEntry);

// out (+)= a · op(B) for a row-major [m, k] and op(B) packed by gemmPackB with the same kernel.
void matmulPackedEntry(F32 a, F32 packed, F32 out, Size m, Size n, Size k, bool accumulate) {
  if (!check(m * k <= a.length && m * n <= out.length && packedFits(packed, k, n),
             "operand shorter than its shape")) {
    return;
  }
  BatchedGemm g;
  g.problem.a = a.data;
  g.problem.b = nullptr;
  g.problem.c = out.data;
  g.problem.m = m;
  g.problem.n = n;
  g.problem.k = k;
  g.problem.rsa = k;
  g.problem.csa = 1;
  g.problem.rsb = 0;
  g.problem.csb = 0;
  g.problem.ldc = n;
  g.problem.accumulate = accumulate;
  g.problem.packedB = aligned64(packed.data);
  g.batch = 1;
  g.strideA = 0;
  g.strideB = 0;
  g.strideC = m * n;
  sgemm(g);
}
NABLA_EXPORT(matmulPacked, matmulPackedEntry);

// The sgemm kernel picked at load time: 'avx512' | 'avx2' | 'portable'.
std::string isaEntry() { return activeGemm().name; }
NABLA_EXPORT(isa, isaEntry);

// Switches sgemm to the named kernel; false when the CPU lacks it (tests cover every path).
bool setIsaEntry(std::string name) { return setActiveGemm(name.c_str()); }
NABLA_EXPORT(setIsa, setIsaEntry);

}  // namespace nabla
