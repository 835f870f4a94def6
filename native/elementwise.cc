#include "binding.h"
#include "elementwise.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>

#include "thread-pool.h"
#include "transcendental.h"

namespace nabla {

namespace {

// Each body matches the reference kernel (src/backends/reference/elementwise.ts) bit for bit:
// +, −, ×, ÷ and sqrt of floats are correctly rounded in float as in double-then-round.
// rsqrt rounds twice here (within 1 ulp of the reference).
template <typename F>
void map(const float* __restrict x, float* __restrict out, size_t n, F f) {
  for (size_t i = 0; i < n; ++i) out[i] = f(x[i]);
}

// NaN wins, and max(−0, 0) = 0, min(−0, 0) = −0, as Math.max / Math.min. Written as selects on
// one variable so that GCC turns them into vector blends (a branch per element was 4× slower
// than an add): between equal values the sign bits decide, by AND (max) or OR (min) of the bits.
inline float withBits(uint32_t bits) {
  float v;
  std::memcpy(&v, &bits, sizeof v);
  return v;
}
inline uint32_t bitsOf(float v) {
  uint32_t bits;
  std::memcpy(&bits, &v, sizeof bits);
  return bits;
}

inline float maximum(float a, float b) {
  float r = a > b ? a : b;
  r = a == b ? withBits(bitsOf(a) & bitsOf(b)) : r;
  return (a != a) | (b != b) ? NAN : r;
}

inline float minimum(float a, float b) {
  float r = a < b ? a : b;
  r = a == b ? withBits(bitsOf(a) | bitsOf(b)) : r;
  return (a != a) | (b != b) ? NAN : r;
}

// max(x, c) and min(x, c) against one number c that is not NaN (clamp's bounds, ReLU6): one
// compare and select per element, with the same results as maximum/minimum. A NaN x fails the
// compare and passes through; between equal values the select keeps the one the sign rule picks
// (c when c is +0 for max or −0 for min, else x: equal nonzero values are the same bits).
template <bool NegativeBound>
inline float atLeast(float x, float c) {
  if (NegativeBound) return x < c ? c : x;
  return x <= c ? c : x;
}
template <bool NegativeBound>
inline float atMost(float x, float c) {
  if (NegativeBound) return x >= c ? c : x;
  return x > c ? c : x;
}

void maximumWith(const float* __restrict x, float c, float* __restrict out, size_t n) {
  if (std::signbit(c)) {
    for (size_t i = 0; i < n; ++i) out[i] = atLeast<true>(x[i], c);
  } else {
    for (size_t i = 0; i < n; ++i) out[i] = atLeast<false>(x[i], c);
  }
}

void minimumWith(const float* __restrict x, float c, float* __restrict out, size_t n) {
  if (std::signbit(c)) {
    for (size_t i = 0; i < n; ++i) out[i] = atMost<true>(x[i], c);
  } else {
    for (size_t i = 0; i < n; ++i) out[i] = atMost<false>(x[i], c);
  }
}

// minimumWith(maximumWith(x, lo), hi) in one pass.
template <bool LowNegative, bool HighNegative>
void clampWith(const float* __restrict x, float lo, float hi, float* __restrict out, size_t n) {
  for (size_t i = 0; i < n; ++i) out[i] = atMost<HighNegative>(atLeast<LowNegative>(x[i], lo), hi);
}

void clampRange(const float* x, float lo, float hi, float* out, size_t n) {
  if (std::signbit(lo)) {
    return std::signbit(hi) ? clampWith<true, true>(x, lo, hi, out, n) : clampWith<true, false>(x, lo, hi, out, n);
  }
  return std::signbit(hi) ? clampWith<false, true>(x, lo, hi, out, n) : clampWith<false, false>(x, lo, hi, out, n);
}

template <bool LowNegative, bool HighNegative>
void affineClampWith(const float* x, float scale, float shift, const float* r, float lo, float hi, float* out,
                     size_t n) {
  if (r == nullptr) {
    for (size_t i = 0; i < n; ++i) out[i] = atMost<HighNegative>(atLeast<LowNegative>(x[i] * scale + shift, lo), hi);
    return;
  }
  for (size_t i = 0; i < n; ++i) {
    const float v = x[i] * scale + shift;
    out[i] = atMost<HighNegative>(atLeast<LowNegative>(v + r[i], lo), hi);
  }
}

// One operand dense and the other a single number that is not NaN.
bool boundedBy(const float* a, size_t aPeriod, const float* b, size_t bPeriod, size_t n) {
  return (aPeriod == 1 && bPeriod == n && *a == *a) || (bPeriod == 1 && aPeriod == n && *b == *b);
}

// The inner loop over one stretch where both operands advance contiguously (or one is fixed):
// written per op so that each compiles to a vector loop.
template <typename F>
void zip(const float* __restrict a, size_t sa, const float* __restrict b, size_t sb, float* __restrict out,
         size_t n, F f) {
  if (sa == 1 && sb == 1) {
    for (size_t i = 0; i < n; ++i) out[i] = f(a[i], b[i]);
  } else if (sa == 1) {
    const float bv = b[0];
    for (size_t i = 0; i < n; ++i) out[i] = f(a[i], bv);
  } else {
    const float av = a[0];
    for (size_t i = 0; i < n; ++i) out[i] = f(av, b[i]);
  }
}

template <typename F>
void broadcastZip(const float* a, size_t aPeriod, const float* b, size_t bPeriod, float* out, size_t n, F f) {
  if (aPeriod == n && bPeriod == n) return zip(a, 1, b, 1, out, n, f);
  if (aPeriod == 1) return zip(a, 0, b, 1, out, n, f);  // only valid with bPeriod == n
  if (bPeriod == 1) return zip(a, 1, b, 0, out, n, f);
  // One operand is a row repeated over rows: walk row by row.
  const size_t row = aPeriod < bPeriod ? aPeriod : bPeriod;
  for (size_t start = 0; start < n; start += row) {
    zip(a + (aPeriod == n ? start : 0), 1, b + (bPeriod == n ? start : 0), 1, out + start, row, f);
  }
}

// GELU's slope Φ(x) + x·φ(x), φ(x) = e^{−x²/2}/√(2π), with Φ(x) = erfc(−x/√2)/2 (1 + erf(x/√2)
// would cancel in the left tail), one element at a time for broadcast operands; dense arrays and
// GELU itself go through transcendental.h.
inline float normalCdf(float x) { return 0.5f * std::erfc(-x * 0.70710678118654752f); }
inline float geluSlope(float x) { return normalCdf(x) + x * std::exp(-0.5f * x * x) * 0.39894228040143268f; }

void unaryRange(UnaryCode op, const float* x, float* out, size_t n) {
  switch (op) {
    case UnaryCode::Neg: return map(x, out, n, [](float v) { return -v; });
    case UnaryCode::Abs: return map(x, out, n, [](float v) { return std::fabs(v); });
    case UnaryCode::Square: return map(x, out, n, [](float v) { return v * v; });
    case UnaryCode::Sqrt: return map(x, out, n, [](float v) { return std::sqrt(v); });
    case UnaryCode::Rsqrt: return map(x, out, n, [](float v) { return 1.0f / std::sqrt(v); });
    case UnaryCode::Reciprocal: return map(x, out, n, [](float v) { return 1.0f / v; });
    // v > 0 ? v : 0, except that NaN passes through (as the reference's relu).
    case UnaryCode::Relu: return map(x, out, n, [](float v) { return v > 0.0f ? v : (v != v ? v : 0.0f); });
    case UnaryCode::Step:
      return map(x, out, n, [](float v) {
        float step = v > 0.0f ? 1.0f : 0.0f;  // two selects vectorize (see ReluBackward)
        return v == v ? step : v;
      });
    case UnaryCode::Exp: return transcendentalF32(Transcendental::Exp, x, out, n);
    case UnaryCode::Log: return transcendentalF32(Transcendental::Log, x, out, n);
    case UnaryCode::Tanh: return transcendentalF32(Transcendental::Tanh, x, out, n);
    case UnaryCode::Sigmoid: return transcendentalF32(Transcendental::Sigmoid, x, out, n);
    case UnaryCode::Erf: return map(x, out, n, [](float v) { return std::erf(v); });
    case UnaryCode::Gelu: return transcendentalF32(Transcendental::Gelu, x, out, n);
    case UnaryCode::Count: return;
  }
}

void binaryRange(BinaryCode op, const float* a, size_t aPeriod, const float* b, size_t bPeriod, float* out,
                 size_t n) {
  switch (op) {
    case BinaryCode::Add: return broadcastZip(a, aPeriod, b, bPeriod, out, n, [](float x, float y) { return x + y; });
    case BinaryCode::Sub: return broadcastZip(a, aPeriod, b, bPeriod, out, n, [](float x, float y) { return x - y; });
    case BinaryCode::Mul: return broadcastZip(a, aPeriod, b, bPeriod, out, n, [](float x, float y) { return x * y; });
    case BinaryCode::Div: return broadcastZip(a, aPeriod, b, bPeriod, out, n, [](float x, float y) { return x / y; });
    // Lambdas, not the functions themselves: a function pointer's type names no one function,
    // so the loop would call through it per element instead of inlining (and vectorizing) it.
    case BinaryCode::Maximum:
      if (boundedBy(a, aPeriod, b, bPeriod, n)) return maximumWith(aPeriod == 1 ? b : a, aPeriod == 1 ? *a : *b, out, n);
      return broadcastZip(a, aPeriod, b, bPeriod, out, n, [](float x, float y) { return maximum(x, y); });
    case BinaryCode::Minimum:
      if (boundedBy(a, aPeriod, b, bPeriod, n)) return minimumWith(aPeriod == 1 ? b : a, aPeriod == 1 ? *a : *b, out, n);
      return broadcastZip(a, aPeriod, b, bPeriod, out, n, [](float x, float y) { return minimum(x, y); });
    case BinaryCode::ReluBackward:
      return broadcastZip(a, aPeriod, b, bPeriod, out, n,
                          // step(x) built by two selects on one variable, which GCC turns into
                          // vector blends; a nested ternary (or a select on the product) compiled
                          // to a branch per element, ~25× slower on random signs.
                          [](float dy, float x) {
                            float step = x > 0.0f ? 1.0f : 0.0f;
                            step = x == x ? step : x;
                            return dy * step;
                          });
    case BinaryCode::GeluBackward:
      if (aPeriod == n && bPeriod == n) return geluBackwardF32(a, b, out, n);  // the dense case, vectorized
      return broadcastZip(a, aPeriod, b, bPeriod, out, n, [](float dy, float x) { return dy * geluSlope(x); });
    case BinaryCode::Count: return;
  }
}

// Per thread, at least this many elements: below it the wake-up costs more than the second core
// gains (cheap ops are memory-bound; exp/log/tanh/sigmoid cost ~10× more per element).
// out[block·len + j] = op(a[block·len + j], v[block % channels]) (or op(v, a) with vecFirst):
// an NCHW tensor against a per-channel vector, one scalar broadcast per plane.
void channelRange(BinaryCode op, const float* a, const float* v, size_t channels, size_t len, bool vecFirst,
                  float* out, size_t firstBlock, size_t blocks) {
  for (size_t k = 0; k < blocks; ++k) {
    const size_t block = firstBlock + k;
    const float* vb = v + block % channels;
    const float* ab = a + block * len;
    if (vecFirst) binaryRange(op, vb, 1, ab, len, out + block * len, len);
    else binaryRange(op, ab, len, vb, 1, out + block * len, len);
  }
}

constexpr int64_t kCheapPerThread = 32768;
}  // namespace

void affineClamp(const float* x, float scale, float shift, const float* r, float lo, float hi, float* out, size_t n) {
  if (std::signbit(lo)) {
    return std::signbit(hi) ? affineClampWith<true, true>(x, scale, shift, r, lo, hi, out, n)
                            : affineClampWith<true, false>(x, scale, shift, r, lo, hi, out, n);
  }
  return std::signbit(hi) ? affineClampWith<false, true>(x, scale, shift, r, lo, hi, out, n)
                          : affineClampWith<false, false>(x, scale, shift, r, lo, hi, out, n);
}

// Elements a cheap elementwise pass hands each thread at least.
constexpr int64_t kCheapPerThreadPublic = 32768;

namespace {
constexpr int64_t kTranscendentalPerThread = 4096;

}  // namespace

void unaryF32(UnaryCode op, const float* x, float* out, size_t n) {
  const bool costly = op == UnaryCode::Exp || op == UnaryCode::Log || op == UnaryCode::Tanh ||
                      op == UnaryCode::Sigmoid || op == UnaryCode::Erf || op == UnaryCode::Gelu;
  parallelFor(static_cast<int64_t>(n), costly ? kTranscendentalPerThread : kCheapPerThread, 16,
              [&](int64_t begin, int64_t end) { unaryRange(op, x + begin, out + begin, end - begin); });
}

void binaryF32(BinaryCode op, const float* a, size_t aPeriod, const float* b, size_t bPeriod, float* out,
               size_t n) {
  // Ranges start on a row of the shorter repeating operand, so each range sees whole rows and a
  // dense operand (period n) advances with the range while a repeated one restarts at 0.
  const size_t row = aPeriod == n && bPeriod == n ? 1 : aPeriod == n ? bPeriod : bPeriod == n ? aPeriod : 1;
  parallelFor(static_cast<int64_t>(n), kCheapPerThread, static_cast<int64_t>(row < 1 ? 1 : row),
              [&](int64_t begin, int64_t end) {
                const size_t len = static_cast<size_t>(end - begin);
                const bool aDense = aPeriod == n, bDense = bPeriod == n;
                binaryRange(op, aDense ? a + begin : a, aDense ? len : aPeriod, bDense ? b + begin : b,
                            bDense ? len : bPeriod, out + begin, len);
              });
}

// Entry points (see binding.h). Codes: UnaryCode and BinaryCode in elementwise.h.
void unaryEntry(Size code, F32 x, F32 out) {
  if (!check(code < static_cast<int64_t>(UnaryCode::Count) && x.length >= out.length,
             "op code or length out of range")) {
    return;
  }
  unaryF32(static_cast<UnaryCode>(code.value), x.data, out.data, out.length);
}
NABLA_EXPORT(unary, unaryEntry);

// out[i] = op(a[aOffset + i % aPeriod], b[bOffset + i % bPeriod]); one period is out.length.
void binaryEntry(Size code, F32 a, Size aOffset, Size aPeriod, F32 b, Size bOffset, Size bPeriod, F32 out) {
  const int64_t n = out.length;
  if (n == 0) return;
  if (!check(code < static_cast<int64_t>(BinaryCode::Count) && aPeriod > 0 && bPeriod > 0 && n % aPeriod == 0 &&
                 n % bPeriod == 0 && (aPeriod == n || bPeriod == n) && aOffset + aPeriod <= a.length &&
                 bOffset + bPeriod <= b.length,
             "op code, period or length out of range")) {
    return;
  }
  binaryF32(static_cast<BinaryCode>(code.value), a.data + aOffset, aPeriod, b.data + bOffset, bPeriod, out.data, n);
}
NABLA_EXPORT(binary, binaryEntry);

// Comparisons of float32 operands into 0/1 bytes (the bool tensors `where` reads), with the same
// period layouts as binary: eq, ne, lt, le, gt, ge in that code order. NaN compares false except
// in ne, as in the reference (JavaScript's operators).
template <typename F>
void compareRange(const float* a, size_t aPeriod, const float* b, size_t bPeriod, uint8_t* __restrict out,
                  size_t n, F f) {
  if (aPeriod == n && bPeriod == n) {
    for (size_t i = 0; i < n; ++i) out[i] = f(a[i], b[i]);
  } else if (bPeriod == 1) {
    const float bv = b[0];
    for (size_t i = 0; i < n; ++i) out[i] = f(a[i], bv);
  } else if (aPeriod == 1) {
    const float av = a[0];
    for (size_t i = 0; i < n; ++i) out[i] = f(av, b[i]);
  } else {
    for (size_t i = 0; i < n; ++i) out[i] = f(a[aPeriod == n ? i : i % aPeriod], b[bPeriod == n ? i : i % bPeriod]);
  }
}

void compareEntry(Size code, F32 a, Size aOffset, Size aPeriod, F32 b, Size bOffset, Size bPeriod, U8 out) {
  const int64_t n = out.length;
  if (n == 0) return;
  if (!check(code < 6 && aPeriod > 0 && bPeriod > 0 && n % aPeriod == 0 && n % bPeriod == 0 &&
                 (aPeriod == n || bPeriod == n) && aOffset + aPeriod <= a.length && bOffset + bPeriod <= b.length,
             "op code, period or length out of range")) {
    return;
  }
  const float* ad = a.data + aOffset;
  const float* bd = b.data + bOffset;
  const size_t count = static_cast<size_t>(n), ap = static_cast<size_t>(aPeriod.value),
               bp = static_cast<size_t>(bPeriod.value);
  uint8_t* o = out.data;
  switch (code.value) {
    case 0: return compareRange(ad, ap, bd, bp, o, count, [](float x, float y) -> uint8_t { return x == y; });
    case 1: return compareRange(ad, ap, bd, bp, o, count, [](float x, float y) -> uint8_t { return x != y; });
    case 2: return compareRange(ad, ap, bd, bp, o, count, [](float x, float y) -> uint8_t { return x < y; });
    case 3: return compareRange(ad, ap, bd, bp, o, count, [](float x, float y) -> uint8_t { return x <= y; });
    case 4: return compareRange(ad, ap, bd, bp, o, count, [](float x, float y) -> uint8_t { return x > y; });
    default: return compareRange(ad, ap, bd, bp, o, count, [](float x, float y) -> uint8_t { return x >= y; });
  }
}
NABLA_EXPORT(compare, compareEntry);

// out = min(max(x, lo), hi) in one pass (clampRange; the bounds are not NaN: the clamp op checks
// them).
void clampEntry(F32 x, double lo, double hi, F32 out) {
  const int64_t n = x.length;
  if (!check(out.length >= n && lo == lo && hi == hi, "clamp: out shorter than x, or a NaN bound")) return;
  const float low = static_cast<float>(lo), high = static_cast<float>(hi);
  parallelFor(n, kCheapPerThreadPublic, 16, [&](int64_t begin, int64_t end) {
    clampRange(x.data + begin, low, high, out.data + begin, end - begin);
  });
}
NABLA_EXPORT(clamp, clampEntry);

// The per-channel broadcast (binaryChannel): see channelRange.
void binaryChannelEntry(Size code, F32 a, Size aOffset, F32 v, Size vOffset, Size channels, Size len, bool vecFirst,
                        F32 out) {
  const int64_t n = out.length;
  if (n == 0) return;
  if (!check(code < static_cast<int64_t>(BinaryCode::Count) && channels > 0 && len > 0 && n % len == 0 &&
                 aOffset + n <= a.length && vOffset + channels <= v.length,
             "op code, channels or length out of range")) {
    return;
  }
  const int64_t blocks = n / len;
  const float* ad = a.data + aOffset;
  const float* vd = v.data + vOffset;
  parallelFor(blocks, std::max<int64_t>(1, kCheapPerThreadPublic / len), 1, [&](int64_t begin, int64_t end) {
    channelRange(static_cast<BinaryCode>(code.value), ad, vd, channels, len, vecFirst, out.data, begin, end - begin);
  });
}
NABLA_EXPORT(binaryChannel, binaryChannelEntry);

}  // namespace nabla
