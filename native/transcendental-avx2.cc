// AVX2 + FMA exp, log, tanh and sigmoid, eight floats at a time. Each is range reduction plus a
// Taylor (or atanh) series short enough for float precision; the coefficients are the series'
// own, 1/k! and so on, not fitted. Special values come out as IEEE says without extra branches:
// inputs are clamped (or masked) to where the arithmetic itself overflows to Inf or gives 0, and
// the clamps are written so that NaN passes through them (vmaxps/vminps return their second
// operand when either is NaN).
#include <immintrin.h>

#include <cstring>

#include "transcendental.h"

namespace nabla {

namespace {

// 2^n for integer n in [-126, 127], built from its exponent bits.
inline __m256 pow2(__m256i n) {
  return _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_add_epi32(n, _mm256_set1_epi32(127)), 23));
}

// e^x = 2^n · e^r with n = round(x / ln 2) and |r| ≤ ln 2 / 2, r computed with ln 2 split in a
// high part exact in float (so n · hi is exact) and a low part. e^r is its Taylor series to r^7
// (error below r^8/8! < 6e-9). 2^n is applied as two factors so that results between the
// smallest normal and the smallest subnormal round once, and x is clamped to 89, where e^89
// overflows to Inf in that last multiplication. At or below −104 the result is 0, set by a mask:
// computed, it underflows, and Intel cores finish every multiplication that underflows in a
// microcode assist (~100 cycles): a causal mask's −∞ entries made softmax 4× slower. Those lanes
// compute e^0 instead, NaN fails the compare and passes through.
inline __m256 exp8(__m256 x) {
  const __m256 zero = _mm256_cmp_ps(x, _mm256_set1_ps(-104.0f), _CMP_LE_OQ);
  x = _mm256_min_ps(_mm256_set1_ps(89.0f), _mm256_andnot_ps(zero, x));
  const __m256 n = _mm256_round_ps(_mm256_mul_ps(x, _mm256_set1_ps(1.44269504088896341f)),
                                   _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
  __m256 r = _mm256_fnmadd_ps(n, _mm256_set1_ps(0.693145751953125f), x);
  r = _mm256_fnmadd_ps(n, _mm256_set1_ps(1.428606765330187045e-06f), r);
  __m256 p = _mm256_set1_ps(1.0f / 5040);
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f / 720));
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f / 120));
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f / 24));
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f / 6));
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(0.5f));
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f));
  p = _mm256_fmadd_ps(p, r, _mm256_set1_ps(1.0f));
  const __m256i ni = _mm256_cvtps_epi32(n);
  const __m256i half = _mm256_srai_epi32(ni, 1);
  return _mm256_andnot_ps(zero, _mm256_mul_ps(_mm256_mul_ps(p, pow2(half)), pow2(_mm256_sub_epi32(ni, half))));
}

// log x = e · ln 2 + log m with x = m · 2^e, m in [√½, √2). With f = m − 1 and s = f / (2 + f),
// log m = 2 atanh s = f − s·(f − R), R = 2s²/3 + 2s⁴/5 + 2s⁶/7 + 2s⁸/9 (|s| < 0.172, so the
// next term is below 2e-9 of the result). f is exact, and the correction is at most a fifth of
// it, so rounding in the correction barely shows. Subnormal x is scaled by 2^23 first.
inline __m256 log8(__m256 x) {
  const __m256 tiny = _mm256_cmp_ps(x, _mm256_set1_ps(1.17549435e-38f), _CMP_LT_OQ);
  const __m256 xs = _mm256_blendv_ps(x, _mm256_mul_ps(x, _mm256_set1_ps(8388608.0f)), tiny);
  const __m256i bits = _mm256_castps_si256(xs);
  __m256 e = _mm256_cvtepi32_ps(_mm256_sub_epi32(_mm256_srli_epi32(bits, 23), _mm256_set1_epi32(127)));
  e = _mm256_sub_ps(e, _mm256_and_ps(tiny, _mm256_set1_ps(23.0f)));
  __m256 m = _mm256_castsi256_ps(
      _mm256_or_si256(_mm256_and_si256(bits, _mm256_set1_epi32(0x007fffff)), _mm256_set1_epi32(0x3f800000)));
  const __m256 big = _mm256_cmp_ps(m, _mm256_set1_ps(1.41421356f), _CMP_GT_OQ);
  m = _mm256_blendv_ps(m, _mm256_mul_ps(m, _mm256_set1_ps(0.5f)), big);
  e = _mm256_add_ps(e, _mm256_and_ps(big, _mm256_set1_ps(1.0f)));
  const __m256 f = _mm256_sub_ps(m, _mm256_set1_ps(1.0f));
  const __m256 s = _mm256_div_ps(f, _mm256_add_ps(f, _mm256_set1_ps(2.0f)));
  const __m256 s2 = _mm256_mul_ps(s, s);
  __m256 q = _mm256_set1_ps(2.0f / 9);
  q = _mm256_fmadd_ps(q, s2, _mm256_set1_ps(2.0f / 7));
  q = _mm256_fmadd_ps(q, s2, _mm256_set1_ps(2.0f / 5));
  q = _mm256_fmadd_ps(q, s2, _mm256_set1_ps(2.0f / 3));
  const __m256 R = _mm256_mul_ps(q, s2);
  __m256 y = _mm256_fnmadd_ps(s, _mm256_sub_ps(f, R), f);
  // ln 2 in two parts: e · hi is exact, the low part is added to the small terms first.
  y = _mm256_fmadd_ps(e, _mm256_set1_ps(-2.12194440e-4f), y);
  y = _mm256_fmadd_ps(e, _mm256_set1_ps(0.693359375f), y);
  // log 0 = −Inf, log(x < 0) = NaN, log Inf = Inf, log NaN = NaN.
  y = _mm256_blendv_ps(y, _mm256_set1_ps(-__builtin_inff()), _mm256_cmp_ps(x, _mm256_setzero_ps(), _CMP_EQ_OQ));
  y = _mm256_blendv_ps(y, _mm256_set1_ps(__builtin_inff()), _mm256_cmp_ps(x, _mm256_set1_ps(__builtin_inff()), _CMP_EQ_OQ));
  const __m256 invalid = _mm256_cmp_ps(x, _mm256_setzero_ps(), _CMP_NGE_UQ);  // x < 0 or NaN
  return _mm256_blendv_ps(y, _mm256_set1_ps(__builtin_nanf("")), invalid);
}

inline __m256 absOf(__m256 x) { return _mm256_andnot_ps(_mm256_set1_ps(-0.0f), x); }

// tanh |x| = (E − 1) / (E + 1) with E = e^{2|x|}, for |x| ≥ 0.4 where E − 1 loses at most one bit;
// below, the odd Taylor series to x^13 (next term < 4e-9 relative at 0.4). |x| is clamped to 10,
// where tanh already rounds to 1, so E stays finite; the sign is copied back at the end.
inline __m256 tanh8(__m256 x) {
  const __m256 sign = _mm256_and_ps(x, _mm256_set1_ps(-0.0f));
  const __m256 a = _mm256_min_ps(_mm256_set1_ps(10.0f), absOf(x));
  const __m256 E = exp8(_mm256_add_ps(a, a));
  const __m256 far = _mm256_div_ps(_mm256_sub_ps(E, _mm256_set1_ps(1.0f)), _mm256_add_ps(E, _mm256_set1_ps(1.0f)));
  const __m256 a2 = _mm256_mul_ps(a, a);
  __m256 p = _mm256_set1_ps(21844.0f / 6081075);
  p = _mm256_fmadd_ps(p, a2, _mm256_set1_ps(-1382.0f / 155925));
  p = _mm256_fmadd_ps(p, a2, _mm256_set1_ps(62.0f / 2835));
  p = _mm256_fmadd_ps(p, a2, _mm256_set1_ps(-17.0f / 315));
  p = _mm256_fmadd_ps(p, a2, _mm256_set1_ps(2.0f / 15));
  p = _mm256_fmadd_ps(p, a2, _mm256_set1_ps(-1.0f / 3));
  const __m256 near = _mm256_fmadd_ps(_mm256_mul_ps(p, a2), a, a);
  const __m256 y = _mm256_blendv_ps(far, near, _mm256_cmp_ps(a, _mm256_set1_ps(0.4f), _CMP_LT_OQ));
  return _mm256_or_ps(y, sign);
}

// σ(x) = 1 / (1 + t) for x ≥ 0 and t / (1 + t) below, with t = e^{−|x|} ≤ 1: nothing overflows.
inline __m256 sigmoid8(__m256 x) {
  const __m256 t = exp8(_mm256_sub_ps(_mm256_setzero_ps(), absOf(x)));
  const __m256 d = _mm256_add_ps(t, _mm256_set1_ps(1.0f));
  const __m256 num = _mm256_blendv_ps(_mm256_set1_ps(1.0f), t, _mm256_cmp_ps(x, _mm256_setzero_ps(), _CMP_LT_OQ));
  return _mm256_div_ps(num, d);
}

// erfc z for z ≥ 0 as t·e^(−z² + P(t)), t = 1/(1 + z/2), with P the degree-9 Chebyshev fit of
// Numerical Recipes §6.2 (fractional error below 1.2e-7 for every z ≥ 0). −z² is formed with
// its rounding error (an FMA), so the far tail keeps its precision. Beyond z = 12 erfc z is far
// below float's smallest subnormal: z is clamped there (NaN passes), so ∞ gives 0, not ∞ − ∞.
inline __m256 erfcPositive8(__m256 z) {
  z = _mm256_min_ps(_mm256_set1_ps(12.0f), z);
  const __m256 t = _mm256_div_ps(_mm256_set1_ps(1.0f), _mm256_fmadd_ps(z, _mm256_set1_ps(0.5f), _mm256_set1_ps(1.0f)));
  __m256 p = _mm256_set1_ps(0.17087277f);
  p = _mm256_fmadd_ps(p, t, _mm256_set1_ps(-0.82215223f));
  p = _mm256_fmadd_ps(p, t, _mm256_set1_ps(1.48851587f));
  p = _mm256_fmadd_ps(p, t, _mm256_set1_ps(-1.13520398f));
  p = _mm256_fmadd_ps(p, t, _mm256_set1_ps(0.27886807f));
  p = _mm256_fmadd_ps(p, t, _mm256_set1_ps(-0.18628806f));
  p = _mm256_fmadd_ps(p, t, _mm256_set1_ps(0.09678418f));
  p = _mm256_fmadd_ps(p, t, _mm256_set1_ps(0.37409196f));
  p = _mm256_fmadd_ps(p, t, _mm256_set1_ps(1.00002368f));
  p = _mm256_fmadd_ps(p, t, _mm256_set1_ps(-1.26551223f));
  const __m256 zz = _mm256_mul_ps(z, z);
  const __m256 zzError = _mm256_fmsub_ps(z, z, zz);  // z² = zz + zzError exactly
  return _mm256_mul_ps(t, exp8(_mm256_sub_ps(_mm256_sub_ps(p, zz), zzError)));
}

// Φ(x) = erfc(−x/√2)/2: for x ≤ 0 the tail itself, for x > 0 one minus the mirrored tail.
inline __m256 normalCdf8(__m256 x) {
  const __m256 tail = _mm256_mul_ps(_mm256_set1_ps(0.5f), erfcPositive8(_mm256_mul_ps(absOf(x), _mm256_set1_ps(0.70710678f))));
  return _mm256_blendv_ps(tail, _mm256_sub_ps(_mm256_set1_ps(1.0f), tail), _mm256_cmp_ps(x, _mm256_setzero_ps(), _CMP_GT_OQ));
}

inline __m256 gelu8(__m256 x) { return _mm256_mul_ps(x, normalCdf8(x)); }

// Φ(x) + x·φ(x), φ(x) = e^(−x²/2)/√(2π).
inline __m256 geluSlope8(__m256 x) {
  const __m256 density = _mm256_mul_ps(_mm256_set1_ps(0.39894228f), exp8(_mm256_mul_ps(_mm256_set1_ps(-0.5f), _mm256_mul_ps(x, x))));
  return _mm256_fmadd_ps(x, density, normalCdf8(x));
}

template <typename F>
void map8(const float* x, float* out, size_t n, F f) {
  size_t i = 0;
  for (; i + 8 <= n; i += 8) _mm256_storeu_ps(out + i, f(_mm256_loadu_ps(x + i)));
  if (i == n) return;
  // The tail goes through a padded block, so every element sees the same code path.
  float block[8] = {0, 0, 0, 0, 0, 0, 0, 0};
  std::memcpy(block, x + i, (n - i) * sizeof(float));
  _mm256_storeu_ps(block, f(_mm256_loadu_ps(block)));
  std::memcpy(out + i, block, (n - i) * sizeof(float));
}

}  // namespace

void transcendentalAvx2(Transcendental op, const float* x, float* out, size_t n) {
  switch (op) {
    case Transcendental::Exp: return map8(x, out, n, exp8);
    case Transcendental::Log: return map8(x, out, n, log8);
    case Transcendental::Tanh: return map8(x, out, n, tanh8);
    case Transcendental::Sigmoid: return map8(x, out, n, sigmoid8);
    case Transcendental::Gelu: return map8(x, out, n, gelu8);
    case Transcendental::GeluSlope: return map8(x, out, n, geluSlope8);
  }
}

}  // namespace nabla
