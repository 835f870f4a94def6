// where(cond, a, b) on float32: out[i] = cond[i % pc] ? a[i % pa] : b[i % pb], each operand dense
// (period n), a block repeated over the leading axes (a [L, S] mask under [N, H, L, S] scores), or
// a scalar (period 1): the layouts of masking and of where's gradients.
#include <algorithm>
#include <cstdint>

#include "binding.h"
#include "thread-pool.h"

namespace nabla {
namespace {

// One stretch in which no operand wraps; a period-1 operand has step 0. Loads are unconditional
// and the choice a select, so the loop vectorizes into blends.
template <bool AScalar, bool BScalar>
void pick(const uint8_t* __restrict c, const float* __restrict a, const float* __restrict b, float* __restrict out,
          size_t len) {
  for (size_t k = 0; k < len; ++k) {
    const float av = a[AScalar ? 0 : k];
    const float bv = b[BScalar ? 0 : k];
    out[k] = c[k] ? av : bv;
  }
}

void whereRange(const uint8_t* c, size_t pc, const float* a, size_t pa, const float* b, size_t pb, float* out,
                size_t begin, size_t end) {
  size_t ic = begin % pc, ia = begin % pa, ib = begin % pb;
  for (size_t i = begin; i < end;) {
    size_t len = std::min(end - i, pc - ic);
    if (pa > 1) len = std::min(len, pa - ia);
    if (pb > 1) len = std::min(len, pb - ib);
    const uint8_t* cc = c + ic;
    const float* aa = a + ia;
    const float* bb = b + ib;
    if (pa == 1 && pb == 1) pick<true, true>(cc, aa, bb, out + i, len);
    else if (pa == 1) pick<true, false>(cc, aa, bb, out + i, len);
    else if (pb == 1) pick<false, true>(cc, aa, bb, out + i, len);
    else pick<false, false>(cc, aa, bb, out + i, len);
    i += len;
    ic = (ic + len) % pc;
    ia = (ia + len) % pa;
    ib = (ib + len) % pb;
  }
}

// A pass over memory: below this many elements per thread the wake-up costs more than it saves.
constexpr int64_t kPerThread = 32768;

}  // namespace

// Entry point (see binding.h): each operand from its offset with its period, which divides n.
void whereEntry(U8 cond, Size cOffset, Size cPeriod, F32 a, Size aOffset, Size aPeriod, F32 b, Size bOffset,
                Size bPeriod, F32 out) {
  const int64_t n = out.length;
  if (n == 0) return;
  if (!check(cPeriod > 0 && aPeriod > 0 && bPeriod > 0 && n % cPeriod == 0 && n % aPeriod == 0 &&
                 n % bPeriod == 0 && cOffset + cPeriod <= cond.length && aOffset + aPeriod <= a.length &&
                 bOffset + bPeriod <= b.length,
             "period, offset or length out of range")) {
    return;
  }
  const uint8_t* c = cond.data + cOffset;
  const float* av = a.data + aOffset;
  const float* bv = b.data + bOffset;
  parallelFor(n, kPerThread, 1, [&](int64_t begin, int64_t end) {
    whereRange(c, cPeriod, av, aPeriod, bv, bPeriod, out.data, begin, end);
  });
}
NABLA_EXPORT(where, whereEntry);

}  // namespace nabla
