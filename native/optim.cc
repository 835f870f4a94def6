#include "optim.h"

#include <cmath>

namespace nabla {

void sgdUpdateF32(float* param, const float* grad, float* velocity, size_t n, const SgdStep& s) {
  for (size_t i = 0; i < n; ++i) {
    const double p = param[i];
    double g = grad[i] + s.weightDecay * p;
    if (velocity != nullptr) {
      const double v = s.startAtGradient ? g : s.momentum * velocity[i] + s.gradScale * g;
      velocity[i] = static_cast<float>(v);
      g = s.nesterov ? s.nesterovScale * g + s.momentum * v : v;
    }
    param[i] = static_cast<float>(p - s.lr * g);
  }
}

void adamUpdateF32(float* param, const float* grad, float* m, float* v, float* vMax, size_t n, const AdamStep& s) {
  for (size_t i = 0; i < n; ++i) {
    const double p = param[i] * s.shrink;
    const double g = grad[i] + s.l2 * param[i];
    const double mi = s.beta1 * m[i] + (1 - s.beta1) * g;
    double vi = s.beta2 * v[i] + (1 - s.beta2) * g * g;
    m[i] = static_cast<float>(mi);
    v[i] = static_cast<float>(vi);
    if (vMax != nullptr) {
      const double previous = vMax[i];
      // Math.max: NaN wins.
      vi = std::isnan(previous) || std::isnan(vi) ? NAN : (previous > vi ? previous : vi);
      vMax[i] = static_cast<float>(vi);
    }
    param[i] = static_cast<float>(p - (s.stepSize * mi) / (std::sqrt(vi) / s.sqrtCorrection2 + s.eps));
  }
}

}  // namespace nabla
