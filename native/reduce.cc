#include "binding.h"
#include "reduce.h"

#include <algorithm>
#include <vector>

#include "thread-pool.h"

namespace nabla {

namespace {

// The fewest elements worth splitting over the threads (a fork costs a few microseconds; this is
// ~30 µs of adds).
constexpr int64_t kParallelElements = 1 << 16;

// inner = 1: each row is one sequential chain of additions; four rows at once hide the adder's
// latency without changing any row's order.
void sumRows(const float* x, int64_t outer, int64_t size, float* out) {
  int64_t o = 0;
  for (; o + 4 <= outer; o += 4) {
    const float* r = x + o * size;
    double a0 = 0, a1 = 0, a2 = 0, a3 = 0;
    for (int64_t s = 0; s < size; ++s) {
      a0 += r[s];
      a1 += r[size + s];
      a2 += r[2 * size + s];
      a3 += r[3 * size + s];
    }
    out[o] = static_cast<float>(a0);
    out[o + 1] = static_cast<float>(a1);
    out[o + 2] = static_cast<float>(a2);
    out[o + 3] = static_cast<float>(a3);
  }
  for (; o < outer; ++o) {
    double a = 0;
    for (int64_t s = 0; s < size; ++s) a += x[o * size + s];
    out[o] = static_cast<float>(a);
  }
}

}  // namespace

void reduceSumF32(const float* x, int64_t outer, int64_t size, int64_t inner, float* out) {
  const bool parallel = outer * size * inner >= kParallelElements;
  if (inner == 1) {
    // Rows over the threads, each summed as one chain (four at a time) in its own order.
    claimRanges((outer + 3) / 4, parallel, [&](int64_t b0, int64_t b1) {
      const int64_t o0 = b0 * 4, o1 = std::min(outer, b1 * 4);
      sumRows(x + o0 * size, o1 - o0, size, out + o0);
    });
    return;
  }
  // inner > 1: whole rows added into a row of double accumulators (a vector loop), each column's
  // sum down its rows in order. With `parallel`, the columns are split into as many blocks as
  // threads (multiples of 16): narrower blocks read the rows in shorter runs, which cost a third
  // more on one thread.
  const int64_t threads = parallel ? ThreadPool::instance().size() : 1;
  const int64_t width = std::max<int64_t>(16, (inner + threads - 1) / threads + 15) / 16 * 16;
  const int64_t blocks = (inner + width - 1) / width;
  claimRanges(outer * blocks, parallel, [&](int64_t t0, int64_t t1) {
    std::vector<double> acc(static_cast<size_t>(std::min(width, inner)));
    for (int64_t t = t0; t < t1; ++t) {
      const int64_t o = t / blocks, i0 = t % blocks * width, n = std::min(width, inner - i0);
      std::fill(acc.begin(), acc.begin() + n, 0.0);
      const float* block = x + o * size * inner + i0;
      for (int64_t s = 0; s < size; ++s) {
        const float* row = block + s * inner;
        for (int64_t i = 0; i < n; ++i) acc[i] += row[i];
      }
      for (int64_t i = 0; i < n; ++i) out[o * inner + i0 + i] = static_cast<float>(acc[i]);
    }
  });
}

// Entry point (see binding.h).
void reduceSumEntry(F32 x, Size outer, Size size, Size inner, F32 out) {
  if (!fits(outer * size * inner, x.length, "x") || !fits(outer * inner, out.length, "out")) {
    return;
  }
  reduceSumF32(x.data, outer, size, inner, out.data);
}
NABLA_EXPORT(reduceSum, reduceSumEntry);

}  // namespace nabla
