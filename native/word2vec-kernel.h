// The loop of word2vec-kernel.ts in C++, as a template over the two vector operations it spends
// its time in (a dot product, and the fused update of an output row and of the input's step), so
// that word2vec.cc (portable) and word2vec-avx2.cc (AVX2 + FMA) share every other line.
//
// It draws the same random numbers in the same order as the TypeScript loop (windows,
// subsampling, negatives, with the same xoshiro128** stream and the same comparisons in double),
// so it trains on exactly the same examples. The arithmetic differs only where the spec sums in
// double: here dot products are float sums in SIMD lanes and the updates are float FMAs, so the
// vectors agree with the spec's to float rounding, not bit for bit. σ is exact (std::exp), as
// there.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "word2vec.h"

namespace nabla {

// src/tensor/random.ts's Generator on a state it borrows.
class Xoshiro128 {
 public:
  explicit Xoshiro128(uint32_t* s) : s_(s) {}

  uint32_t next() {
    const uint32_t result = rotl(s_[1] * 5, 7) * 9;
    const uint32_t t = s_[1] << 9;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 11);
    return result;
  }

  // A double in [0, 1) with 53 random bits.
  double uniform() {
    const uint64_t hi = next() >> 5;
    const uint64_t lo = next() >> 6;
    return static_cast<double>(hi * 67108864u + lo) / 9007199254740992.0;
  }

  // A uniform integer in [0, n) for 1 <= n <= 2^32, without modulo bias.
  uint32_t below(uint64_t n) {
    const uint64_t limit = 4294967296u - (4294967296u % n);
    for (;;) {
      const uint64_t x = next();
      if (x < limit) return static_cast<uint32_t>(x % n);
    }
  }

 private:
  static uint32_t rotl(uint32_t x, int k) { return (x << k) | (x >> (32 - k)); }
  uint32_t* s_;
};

template <class V>
class Word2vecLoop {
 public:
  Word2vecLoop(const Word2vecModel& m, const Word2vecPass& p, Word2vecWorker& w)
      : m_(m), p_(p), w_(w), rng_(w.rng) {}

  void sentences(int64_t begin, int64_t end) {
    for (int64_t s = begin; s < end; ++s) {
      const double done = p_.done + (p_.starts[s] - p_.starts[p_.first]);
      const double alpha = std::max(p_.minAlpha, p_.alpha - ((p_.alpha - p_.minAlpha) * done) / p_.total);
      int64_t length = 0;
      for (int64_t i = p_.starts[s]; i < p_.starts[s + 1]; ++i) {
        const int32_t word = p_.ids[i];
        const double keep = m_.keep[word];
        if (keep >= 1 || keep > rng_.uniform()) w_.buffer[length++] = word;
      }
      if (p_.cbow) cbowSentence(length, alpha);
      else skipGramSentence(length, alpha);
    }
  }

 private:
  // One logistic step of output row `out` towards `label` for input h; h's step goes to neu1e.
  void outputStep(const float* h, float* out, int label, double alpha) {
    const double f = V::dot(h, out, m_.dim);
    const double sig = 1 / (1 + std::exp(-f));
    if (p_.trackLoss) w_.loss -= std::log(label == 1 ? sig : 1 - sig);
    const float g = static_cast<float>((label - sig) * alpha);
    V::step(w_.neu1e, out, h, g, m_.dim);
  }

  int32_t drawNegative() {
    const double u = rng_.next() / 4294967296.0;
    int64_t lo = 0, hi = m_.vocab - 1;
    while (lo < hi) {
      const int64_t mid = (lo + hi) >> 1;
      if (m_.noise[mid] > u) hi = mid;
      else lo = mid + 1;
    }
    return static_cast<int32_t>(lo);
  }

  // Every output step of one example: input h predicts `word`.
  void example(const float* h, int32_t word, double alpha) {
    if (m_.hs) {
      for (int32_t d = m_.offsets[word]; d < m_.offsets[word + 1]; ++d)
        outputStep(h, m_.syn1 + int64_t{m_.points[d]} * m_.dim, 1 - m_.codes[d], alpha);
    }
    if (m_.negative == 0) return;
    for (int64_t d = 0; d <= m_.negative; ++d) {
      int32_t target = word;
      if (d > 0) {
        target = drawNegative();
        if (target == word) continue;  // a draw of the target itself is skipped
      }
      outputStep(h, m_.syn1neg + int64_t{target} * m_.dim, d == 0 ? 1 : 0, alpha);
    }
  }

  void skipGramSentence(int64_t length, double alpha) {
    const int32_t* ids = w_.buffer;
    const int64_t dim = m_.dim;
    for (int64_t i = 0; i < length; ++i) {
      const int64_t span = p_.window - rng_.below(p_.window);
      const int64_t end = std::min(length, i + span + 1);
      for (int64_t c = std::max<int64_t>(0, i - span); c < end; ++c) {
        if (c == i) continue;
        float* row = m_.syn0 + int64_t{ids[c]} * dim;
        std::fill(w_.neu1e, w_.neu1e + dim, 0.0f);
        example(row, ids[i], alpha);
        for (int64_t j = 0; j < dim; ++j) row[j] += w_.neu1e[j];
      }
    }
  }

  void cbowSentence(int64_t length, double alpha) {
    const int32_t* ids = w_.buffer;
    const int64_t dim = m_.dim;
    float* neu1 = w_.neu1;
    for (int64_t i = 0; i < length; ++i) {
      const int64_t span = p_.window - rng_.below(p_.window);
      const int64_t start = std::max<int64_t>(0, i - span), end = std::min(length, i + span + 1);
      std::fill(neu1, neu1 + dim, 0.0f);
      int64_t count = 0;
      for (int64_t c = start; c < end; ++c) {
        if (c == i) continue;
        const float* row = m_.syn0 + int64_t{ids[c]} * dim;
        for (int64_t j = 0; j < dim; ++j) neu1[j] += row[j];
        ++count;
      }
      if (count == 0) continue;
      if (p_.cbowMean)
        for (int64_t j = 0; j < dim; ++j) neu1[j] /= static_cast<float>(count);
      std::fill(w_.neu1e, w_.neu1e + dim, 0.0f);
      example(neu1, ids[i], alpha);
      for (int64_t c = start; c < end; ++c) {
        if (c == i) continue;
        float* row = m_.syn0 + int64_t{ids[c]} * dim;
        for (int64_t j = 0; j < dim; ++j) row[j] += w_.neu1e[j];
      }
    }
  }

  const Word2vecModel& m_;
  const Word2vecPass& p_;
  Word2vecWorker& w_;
  Xoshiro128 rng_;
};

}  // namespace nabla
