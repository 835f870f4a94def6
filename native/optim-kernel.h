// The loops of the fused optimizer steps, as templates over the options that do not change
// within a call, so that each instance is a branch-free loop the compiler vectorizes. Included by
// optim.cc (baseline x86-64) and optim-avx2.cc (compiled with -mavx2 -mfma); the arithmetic is the
// same expression in both, in the order of src/backends/reference/optim.ts (SGD in float, Adam in
// double).
#pragma once

#include <cmath>
#include <cstddef>

#include "optim.h"

namespace nabla {

// SGD in float, as PyTorch computes it: the loop is memory-light enough that double arithmetic
// (4 lanes, and conversions both ways) made it compute-bound, 4× slower than float (8 lanes).
// Results stay within a float ulp or two of the reference's double arithmetic.
template <bool kVelocity, bool kNesterov, bool kStart>
void sgdLoop(float* __restrict param, const float* __restrict grad, float* __restrict velocity, size_t n,
             const SgdStep& s) {
  const float lr = static_cast<float>(s.lr), momentum = static_cast<float>(s.momentum);
  const float wd = static_cast<float>(s.weightDecay), scale = static_cast<float>(s.gradScale);
  const float nesterovScale = static_cast<float>(s.nesterovScale);
  for (size_t i = 0; i < n; ++i) {
    const float p = param[i];
    float g = grad[i] + wd * p;
    if (kVelocity) {
      const float v = kStart ? g : momentum * velocity[i] + scale * g;
      velocity[i] = v;
      g = kNesterov ? nesterovScale * g + momentum * v : v;
    }
    param[i] = p - lr * g;
  }
}

inline void sgdLoopFor(float* param, const float* grad, float* velocity, size_t n, const SgdStep& s) {
  if (velocity == nullptr) return sgdLoop<false, false, false>(param, grad, velocity, n, s);
  if (s.startAtGradient) {
    return s.nesterov ? sgdLoop<true, true, true>(param, grad, velocity, n, s)
                      : sgdLoop<true, false, true>(param, grad, velocity, n, s);
  }
  return s.nesterov ? sgdLoop<true, true, false>(param, grad, velocity, n, s)
                    : sgdLoop<true, false, false>(param, grad, velocity, n, s);
}

// Without AMSGrad (the usual case): no max, so the loop vectorizes.
inline void adamLoop(float* __restrict param, const float* __restrict grad, float* __restrict m,
                     float* __restrict v, size_t n, const AdamStep& s) {
  const double b1 = s.beta1, b2 = s.beta2, eps = s.eps, stepSize = s.stepSize;
  const double c2 = s.sqrtCorrection2, shrink = s.shrink, l2 = s.l2;
  for (size_t i = 0; i < n; ++i) {
    const double p = param[i] * shrink;
    const double g = grad[i] + l2 * param[i];
    const double mi = b1 * m[i] + (1 - b1) * g;
    const double vi = b2 * v[i] + (1 - b2) * g * g;
    m[i] = static_cast<float>(mi);
    v[i] = static_cast<float>(vi);
    param[i] = static_cast<float>(p - (stepSize * mi) / (std::sqrt(vi) / c2 + eps));
  }
}

}  // namespace nabla
