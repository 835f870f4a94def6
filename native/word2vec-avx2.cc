// word2vec's loop (word2vec-kernel.h) with AVX2 + FMA vector operations; word2vec.cc calls it
// when the CPU has both. A row is ~100 floats: 12 vectors of 8 and a scalar tail.
#include <immintrin.h>

#include "word2vec-kernel.h"

namespace nabla {
namespace {

float horizontalSum(__m256 v) {
  const __m128 s = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
  const __m128 t = _mm_add_ps(s, _mm_movehl_ps(s, s));
  return _mm_cvtss_f32(_mm_add_ss(t, _mm_movehdup_ps(t)));
}

struct Avx2 {
  // Two accumulators: one FMA chain alone would wait on its own latency.
  static float dot(const float* a, const float* b, int64_t n) {
    __m256 s0 = _mm256_setzero_ps(), s1 = _mm256_setzero_ps();
    int64_t j = 0;
    for (; j + 16 <= n; j += 16) {
      s0 = _mm256_fmadd_ps(_mm256_loadu_ps(a + j), _mm256_loadu_ps(b + j), s0);
      s1 = _mm256_fmadd_ps(_mm256_loadu_ps(a + j + 8), _mm256_loadu_ps(b + j + 8), s1);
    }
    if (j + 8 <= n) {
      s0 = _mm256_fmadd_ps(_mm256_loadu_ps(a + j), _mm256_loadu_ps(b + j), s0);
      j += 8;
    }
    float s = horizontalSum(_mm256_add_ps(s0, s1));
    for (; j < n; ++j) s += a[j] * b[j];
    return s;
  }

  // neu1e += g·out, then out += g·h, element by element (out's old value feeds neu1e).
  static void step(float* neu1e, float* out, const float* h, float g, int64_t n) {
    const __m256 gv = _mm256_set1_ps(g);
    int64_t j = 0;
    for (; j + 8 <= n; j += 8) {
      const __m256 o = _mm256_loadu_ps(out + j);
      _mm256_storeu_ps(neu1e + j, _mm256_fmadd_ps(gv, o, _mm256_loadu_ps(neu1e + j)));
      _mm256_storeu_ps(out + j, _mm256_fmadd_ps(gv, _mm256_loadu_ps(h + j), o));
    }
    for (; j < n; ++j) {
      const float o = out[j];
      neu1e[j] += g * o;
      out[j] = o + g * h[j];
    }
  }
};

}  // namespace

void word2vecSentencesAvx2(const Word2vecModel& m, const Word2vecPass& p, Word2vecWorker& w, int64_t begin,
                           int64_t end) {
  Word2vecLoop<Avx2>(m, p, w).sentences(begin, end);
}

}  // namespace nabla
