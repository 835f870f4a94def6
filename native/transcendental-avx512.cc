// AVX-512 exp, GELU and GELU's slope, sixteen floats at a time: the same series, reductions and
// special-value handling as transcendental-avx2.cc (read the derivations there), on 512-bit
// vectors with mask registers for the compares. A Transformer's feed-forward GELU and its
// gradient are the costly transcendental passes of its step; log, tanh and sigmoid stay on AVX2.
#include <immintrin.h>

#include <cstring>

#include "transcendental.h"

namespace nabla {

namespace {

inline __m512 splat(float v) { return _mm512_set1_ps(v); }

inline __m512 absOf(__m512 x) {
  return _mm512_castsi512_ps(_mm512_and_si512(_mm512_castps_si512(x), _mm512_set1_epi32(0x7fffffff)));
}

inline __m512 pow2(__m512i n) {
  return _mm512_castsi512_ps(_mm512_slli_epi32(_mm512_add_epi32(n, _mm512_set1_epi32(127)), 23));
}

// exp8 of the AVX2 file: lanes at or below −104 are 0 by the mask (no underflowing multiply).
inline __m512 exp16(__m512 x) {
  const __mmask16 zero = _mm512_cmp_ps_mask(x, splat(-104.0f), _CMP_LE_OQ);
  x = _mm512_min_ps(splat(89.0f), _mm512_mask_mov_ps(x, zero, _mm512_setzero_ps()));
  const __m512 n = _mm512_roundscale_ps(_mm512_mul_ps(x, splat(1.44269504088896341f)),
                                        _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
  __m512 r = _mm512_fnmadd_ps(n, splat(0.693145751953125f), x);
  r = _mm512_fnmadd_ps(n, splat(1.428606765330187045e-06f), r);
  __m512 p = splat(1.0f / 5040);
  p = _mm512_fmadd_ps(p, r, splat(1.0f / 720));
  p = _mm512_fmadd_ps(p, r, splat(1.0f / 120));
  p = _mm512_fmadd_ps(p, r, splat(1.0f / 24));
  p = _mm512_fmadd_ps(p, r, splat(1.0f / 6));
  p = _mm512_fmadd_ps(p, r, splat(0.5f));
  p = _mm512_fmadd_ps(p, r, splat(1.0f));
  p = _mm512_fmadd_ps(p, r, splat(1.0f));
  const __m512i ni = _mm512_cvtps_epi32(n);
  const __m512i half = _mm512_srai_epi32(ni, 1);
  const __m512 y = _mm512_mul_ps(_mm512_mul_ps(p, pow2(half)), pow2(_mm512_sub_epi32(ni, half)));
  return _mm512_mask_mov_ps(y, zero, _mm512_setzero_ps());
}

// erfcPositive8 of the AVX2 file (Numerical Recipes §6.2's fit, z clamped to 12).
inline __m512 erfcPositive16(__m512 z) {
  z = _mm512_min_ps(splat(12.0f), z);
  const __m512 t = _mm512_div_ps(splat(1.0f), _mm512_fmadd_ps(z, splat(0.5f), splat(1.0f)));
  __m512 p = splat(0.17087277f);
  p = _mm512_fmadd_ps(p, t, splat(-0.82215223f));
  p = _mm512_fmadd_ps(p, t, splat(1.48851587f));
  p = _mm512_fmadd_ps(p, t, splat(-1.13520398f));
  p = _mm512_fmadd_ps(p, t, splat(0.27886807f));
  p = _mm512_fmadd_ps(p, t, splat(-0.18628806f));
  p = _mm512_fmadd_ps(p, t, splat(0.09678418f));
  p = _mm512_fmadd_ps(p, t, splat(0.37409196f));
  p = _mm512_fmadd_ps(p, t, splat(1.00002368f));
  p = _mm512_fmadd_ps(p, t, splat(-1.26551223f));
  const __m512 zz = _mm512_mul_ps(z, z);
  const __m512 zzError = _mm512_fmsub_ps(z, z, zz);
  return _mm512_mul_ps(t, exp16(_mm512_sub_ps(_mm512_sub_ps(p, zz), zzError)));
}

inline __m512 normalCdf16(__m512 x) {
  const __m512 tail = _mm512_mul_ps(splat(0.5f), erfcPositive16(_mm512_mul_ps(absOf(x), splat(0.70710678f))));
  const __mmask16 positive = _mm512_cmp_ps_mask(x, _mm512_setzero_ps(), _CMP_GT_OQ);
  return _mm512_mask_mov_ps(tail, positive, _mm512_sub_ps(splat(1.0f), tail));
}

inline __m512 gelu16(__m512 x) { return _mm512_mul_ps(x, normalCdf16(x)); }

inline __m512 geluSlope16(__m512 x) {
  const __m512 density = _mm512_mul_ps(splat(0.39894228f), exp16(_mm512_mul_ps(splat(-0.5f), _mm512_mul_ps(x, x))));
  return _mm512_fmadd_ps(x, density, normalCdf16(x));
}

template <typename F>
void map16(const float* x, float* out, size_t n, F f) {
  size_t i = 0;
  for (; i + 16 <= n; i += 16) _mm512_storeu_ps(out + i, f(_mm512_loadu_ps(x + i)));
  if (i == n) return;
  // The tail through a padded block, so every element sees the same code path.
  float block[16] = {};
  std::memcpy(block, x + i, (n - i) * sizeof(float));
  _mm512_storeu_ps(block, f(_mm512_loadu_ps(block)));
  std::memcpy(out + i, block, (n - i) * sizeof(float));
}

}  // namespace

bool transcendentalAvx512(Transcendental op, const float* x, float* out, size_t n) {
  switch (op) {
    case Transcendental::Exp: map16(x, out, n, exp16); return true;
    case Transcendental::Gelu: map16(x, out, n, gelu16); return true;
    case Transcendental::GeluSlope: map16(x, out, n, geluSlope16); return true;
    default: return false;
  }
}

}  // namespace nabla
