// AVX-512 exp, GELU and GELU's slope, sixteen floats at a time: transcendental-series.h on
// 512-bit vectors with mask registers for the compares, the same bits as the AVX2 file's. A
// Transformer's feed-forward GELU and its gradient are the costly transcendental passes of its
// step; log, tanh and sigmoid stay on AVX2.
#include <immintrin.h>

#include "transcendental-series.h"
#include "transcendental.h"

namespace nabla {

namespace {

// AVX-512F's vector operations for transcendental-series.h.
struct Avx512 {
  using F = __m512;
  using N = __m512i;
  using M = __mmask16;
  static constexpr size_t kLanes = 16;
  static F set(float v) { return _mm512_set1_ps(v); }
  static F load(const float* p) { return _mm512_loadu_ps(p); }
  static void store(float* p, F v) { _mm512_storeu_ps(p, v); }
  static F add(F a, F b) { return _mm512_add_ps(a, b); }
  static F sub(F a, F b) { return _mm512_sub_ps(a, b); }
  static F mul(F a, F b) { return _mm512_mul_ps(a, b); }
  static F div(F a, F b) { return _mm512_div_ps(a, b); }
  static F fmadd(F a, F b, F c) { return _mm512_fmadd_ps(a, b, c); }
  static F fnmadd(F a, F b, F c) { return _mm512_fnmadd_ps(a, b, c); }
  static F fmsub(F a, F b, F c) { return _mm512_fmsub_ps(a, b, c); }
  static F min(F a, F b) { return _mm512_min_ps(a, b); }
  static F round(F x) { return _mm512_roundscale_ps(x, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC); }
  static N toInt(F x) { return _mm512_cvtps_epi32(x); }
  static N halfOf(N n) { return _mm512_srai_epi32(n, 1); }
  static N subInt(N a, N b) { return _mm512_sub_epi32(a, b); }
  static F pow2(N n) { return _mm512_castsi512_ps(_mm512_slli_epi32(_mm512_add_epi32(n, _mm512_set1_epi32(127)), 23)); }
  static F abs(F x) {
    return _mm512_castsi512_ps(_mm512_and_si512(_mm512_castps_si512(x), _mm512_set1_epi32(0x7fffffff)));
  }
  static M le(F a, F b) { return _mm512_cmp_ps_mask(a, b, _CMP_LE_OQ); }
  static M gt(F a, F b) { return _mm512_cmp_ps_mask(a, b, _CMP_GT_OQ); }
  static F select(M m, F a, F b) { return _mm512_mask_mov_ps(a, m, b); }
  static F zeroWhere(M m, F x) { return _mm512_mask_mov_ps(x, m, _mm512_setzero_ps()); }
};

}  // namespace

bool transcendentalAvx512(Transcendental op, const float* x, float* out, size_t n) {
  switch (op) {
    case Transcendental::Exp: mapLanes<Avx512>(x, out, n, expOf<Avx512>); return true;
    case Transcendental::Gelu: mapLanes<Avx512>(x, out, n, geluOf<Avx512>); return true;
    case Transcendental::GeluSlope: mapLanes<Avx512>(x, out, n, geluSlopeOf<Avx512>); return true;
    default: return false;
  }
}

void geluBackwardAvx512(const float* dy, const float* x, float* out, size_t n) {
  zipLanes<Avx512>(dy, x, out, n, geluBackwardOf<Avx512>);
}

}  // namespace nabla
