// Fused optimizer steps on float32 parameters, one pass each, in place, in the order of
// src/backends/reference/optim.ts. Adam's arithmetic is in double (within a float ulp of the
// reference); SGD's is in float, as PyTorch's, within float rounding of its terms (see
// optim-kernel.h for why).
#pragma once

#include <cstddef>

namespace nabla {

struct SgdStep {
  double lr, momentum, weightDecay;
  double gradScale;      // 1 − dampening (PyTorch) or 1 − momentum (EMA)
  double nesterovScale;  // weight of g in the Nesterov look-ahead: 1, or 1 − momentum (EMA)
  bool nesterov;
  bool startAtGradient;  // PyTorch's first step: the velocity starts at g itself
};

// velocity may be null (no momentum).
void sgdUpdateF32(float* param, const float* grad, float* velocity, size_t n, const SgdStep& s);

struct AdamStep {
  double beta1, beta2, eps;
  double stepSize;         // lr / (1 − β₁ᵗ)
  double sqrtCorrection2;  // √(1 − β₂ᵗ)
  double shrink;           // 1 − lr·weightDecay for AdamW, else 1
  double l2;               // weightDecay for Adam, else 0
};

// The loops of optim-kernel.h built for AVX2 + FMA (x86-64 builds only); no AMSGrad for Adam.
void sgdRangeAvx2(float* param, const float* grad, float* velocity, size_t n, const SgdStep& s);
void adamRangeAvx2(float* param, const float* grad, float* m, float* v, size_t n, const AdamStep& s);

// vMax may be null (no AMSGrad).
void adamUpdateF32(float* param, const float* grad, float* m, float* v, float* vMax, size_t n, const AdamStep& s);

}  // namespace nabla
