#include "binding.h"
#include "cross-entropy.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "lane-sum.h"
#include "thread-pool.h"
#include "transcendental.h"

namespace nabla {

namespace {

// Rows per thread: at least this many logits, or one thread does them all.
constexpr int64_t kLogitsPerThread = 16384;

int64_t rowsPerThread(int64_t classes) { return std::max<int64_t>(1, kLogitsPerThread / std::max<int64_t>(classes, 1)); }

}  // namespace

void softmaxCrossEntropyF32(const float* logits, const int32_t* targets, int64_t rows, int64_t classes,
                            int64_t ignoreIndex, float* losses, float* lse) {
  parallelFor(rows, rowsPerThread(classes), 1, [&](int64_t begin, int64_t end) {
    std::vector<float> shifted(static_cast<size_t>(classes));
    for (int64_t i = begin; i < end; ++i) {
      const float* row = logits + i * classes;
      // NaN wins, as Math.max in the reference.
      const float max = rowMax(row, classes);
      // An infinite maximum would give ∞ − ∞: shifting by 0 leaves the infinities to exp.
      const float shift = std::isfinite(max) ? max : 0.0f;
      for (int64_t c = 0; c < classes; ++c) shifted[c] = row[c] - shift;
      transcendentalF32(Transcendental::Exp, shifted.data(), shifted.data(), static_cast<size_t>(classes));
      const double l = shift + std::log(static_cast<double>(rowSum(shifted.data(), classes)));
      lse[i] = static_cast<float>(l);
      const int32_t t = targets[i];
      losses[i] = t == ignoreIndex ? 0.0f : static_cast<float>(l - row[t]);
    }
  });
}

void softmaxCrossEntropyBackwardF32(const float* logits, const int32_t* targets, const float* lse,
                                    const float* dLosses, int64_t rows, int64_t classes, int64_t ignoreIndex,
                                    float* dLogits) {
  parallelFor(rows, rowsPerThread(classes), 1, [&](int64_t begin, int64_t end) {
    for (int64_t i = begin; i < end; ++i) {
      const float* row = logits + i * classes;
      float* d = dLogits + i * classes;
      const int32_t t = targets[i];
      if (t == ignoreIndex) {
        std::fill(d, d + classes, 0.0f);
        continue;
      }
      const float l = lse[i];
      for (int64_t c = 0; c < classes; ++c) d[c] = row[c] - l;
      transcendentalF32(Transcendental::Exp, d, d, static_cast<size_t>(classes));
      const float dy = dLosses[i];
      const float pt = d[t];
      for (int64_t c = 0; c < classes; ++c) d[c] *= dy;
      d[t] = dy * (pt - 1.0f);
    }
  });
}

// Entry points (see binding.h). Targets must be in range (the op checks them): only lengths are
// checked here.
void softmaxCrossEntropyEntry(F32 logits, I32 targets, Size rows, Size classes, int64_t ignoreIndex, F32 losses,
                              F32 lse) {
  if (!fits(rows * classes, logits.length, "logits") || !fits(rows, targets.length, "targets") ||
      !fits(rows, losses.length, "losses") || !fits(rows, lse.length, "lse")) {
    return;
  }
  softmaxCrossEntropyF32(logits.data, targets.data, rows, classes, ignoreIndex, losses.data, lse.data);
}
NABLA_EXPORT(softmaxCrossEntropy, softmaxCrossEntropyEntry);

void softmaxCrossEntropyBackwardEntry(F32 logits, I32 targets, F32 lse, F32 dLosses, Size rows, Size classes,
                                      int64_t ignoreIndex, F32 dLogits) {
  if (!fits(rows * classes, logits.length, "logits") || !fits(rows * classes, dLogits.length, "dLogits") ||
      !fits(rows, targets.length, "targets") || !fits(rows, lse.length, "lse") || !fits(rows, dLosses.length, "dLosses")) {
    return;
  }
  softmaxCrossEntropyBackwardF32(logits.data, targets.data, lse.data, dLosses.data, rows, classes, ignoreIndex,
                                 dLogits.data);
}
NABLA_EXPORT(softmaxCrossEntropyBackward, softmaxCrossEntropyBackwardEntry);

}  // namespace nabla
