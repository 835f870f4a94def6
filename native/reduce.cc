#include "binding.h"
#include "reduce.h"

#include <algorithm>
#include <vector>

namespace nabla {

namespace {

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
  if (inner == 1) return sumRows(x, outer, size, out);
  // inner > 1: add whole rows of `inner` into a row of double accumulators (a vector loop).
  std::vector<double> acc(static_cast<size_t>(inner));
  for (int64_t o = 0; o < outer; ++o) {
    std::fill(acc.begin(), acc.end(), 0.0);
    const float* block = x + o * size * inner;
    for (int64_t s = 0; s < size; ++s) {
      const float* row = block + s * inner;
      for (int64_t i = 0; i < inner; ++i) acc[i] += row[i];
    }
    for (int64_t i = 0; i < inner; ++i) out[o * inner + i] = static_cast<float>(acc[i]);
  }
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
