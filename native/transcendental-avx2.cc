// AVX2 + FMA exp, log, tanh, sigmoid and GELU, eight floats at a time (exp and GELU in
// transcendental-series.h, shared with AVX-512). Each is range reduction plus a
// Taylor (or atanh) series short enough for float precision; the coefficients are the series'
// own, 1/k! and so on, not fitted. Special values come out as IEEE says without extra branches:
// inputs are clamped (or masked) to where the arithmetic itself overflows to Inf or gives 0, and
// the clamps are written so that NaN passes through them (vmaxps/vminps return their second
// operand when either is NaN).
#include <immintrin.h>

#include "transcendental-series.h"
#include "transcendental.h"

namespace nabla {

namespace {

// AVX2's vector operations for transcendental-series.h.
struct Avx2 {
  using F = __m256;
  using N = __m256i;
  using M = __m256;
  static constexpr size_t kLanes = 8;
  static F set(float v) { return _mm256_set1_ps(v); }
  static F load(const float* p) { return _mm256_loadu_ps(p); }
  static void store(float* p, F v) { _mm256_storeu_ps(p, v); }
  static F add(F a, F b) { return _mm256_add_ps(a, b); }
  static F sub(F a, F b) { return _mm256_sub_ps(a, b); }
  static F mul(F a, F b) { return _mm256_mul_ps(a, b); }
  static F div(F a, F b) { return _mm256_div_ps(a, b); }
  static F fmadd(F a, F b, F c) { return _mm256_fmadd_ps(a, b, c); }
  static F fnmadd(F a, F b, F c) { return _mm256_fnmadd_ps(a, b, c); }
  static F fmsub(F a, F b, F c) { return _mm256_fmsub_ps(a, b, c); }
  static F min(F a, F b) { return _mm256_min_ps(a, b); }
  static F round(F x) { return _mm256_round_ps(x, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC); }
  static N toInt(F x) { return _mm256_cvtps_epi32(x); }
  static N halfOf(N n) { return _mm256_srai_epi32(n, 1); }
  static N subInt(N a, N b) { return _mm256_sub_epi32(a, b); }
  // 2^n for integer n in [-126, 127], built from its exponent bits.
  static F pow2(N n) { return _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_add_epi32(n, _mm256_set1_epi32(127)), 23)); }
  static F abs(F x) { return _mm256_andnot_ps(_mm256_set1_ps(-0.0f), x); }
  static M le(F a, F b) { return _mm256_cmp_ps(a, b, _CMP_LE_OQ); }
  static M gt(F a, F b) { return _mm256_cmp_ps(a, b, _CMP_GT_OQ); }
  static F select(M m, F a, F b) { return _mm256_blendv_ps(a, b, m); }
  static F zeroWhere(M m, F x) { return _mm256_andnot_ps(m, x); }
};

inline __m256 exp8(__m256 x) { return expOf<Avx2>(x); }

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

// tanh |x| = (E − 1) / (E + 1) with E = e^{2|x|}, for |x| ≥ 0.4 where E − 1 loses at most one bit;
// below, the odd Taylor series to x^13 (next term < 4e-9 relative at 0.4). |x| is clamped to 10,
// where tanh already rounds to 1, so E stays finite; the sign is copied back at the end.
inline __m256 tanh8(__m256 x) {
  const __m256 sign = _mm256_and_ps(x, _mm256_set1_ps(-0.0f));
  const __m256 a = _mm256_min_ps(_mm256_set1_ps(10.0f), Avx2::abs(x));
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
  const __m256 t = exp8(_mm256_sub_ps(_mm256_setzero_ps(), Avx2::abs(x)));
  const __m256 d = _mm256_add_ps(t, _mm256_set1_ps(1.0f));
  const __m256 num = _mm256_blendv_ps(_mm256_set1_ps(1.0f), t, _mm256_cmp_ps(x, _mm256_setzero_ps(), _CMP_LT_OQ));
  return _mm256_div_ps(num, d);
}

}  // namespace

void transcendentalAvx2(Transcendental op, const float* x, float* out, size_t n) {
  switch (op) {
    case Transcendental::Exp: return mapLanes<Avx2>(x, out, n, exp8);
    case Transcendental::Log: return mapLanes<Avx2>(x, out, n, log8);
    case Transcendental::Tanh: return mapLanes<Avx2>(x, out, n, tanh8);
    case Transcendental::Sigmoid: return mapLanes<Avx2>(x, out, n, sigmoid8);
    case Transcendental::Gelu: return mapLanes<Avx2>(x, out, n, geluOf<Avx2>);
    case Transcendental::GeluSlope: return mapLanes<Avx2>(x, out, n, geluSlopeOf<Avx2>);
  }
}

void geluBackwardAvx2(const float* dy, const float* x, float* out, size_t n) {
  zipLanes<Avx2>(dy, x, out, n, geluBackwardOf<Avx2>);
}

}  // namespace nabla
