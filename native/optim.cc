#include "optim.h"

#include <cmath>

#include "optim-kernel.h"
#include "thread-pool.h"

namespace nabla {

namespace {

// Elements per thread below which one thread does the whole update (it is memory-bound).
constexpr int64_t kPerThread = 65536;

bool hasAvx2() {
#if defined(__x86_64__) || defined(__i386__)
  return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#else
  return false;
#endif
}

void sgdRange(float* param, const float* grad, float* velocity, size_t n, const SgdStep& s) {
#if defined(__x86_64__)
  static const bool avx2 = hasAvx2();
  if (avx2) return sgdRangeAvx2(param, grad, velocity, n, s);
#endif
  sgdLoopFor(param, grad, velocity, n, s);
}

void adamRange(float* param, const float* grad, float* m, float* v, float* vMax, size_t n, const AdamStep& s) {
  if (vMax == nullptr) {
#if defined(__x86_64__)
    static const bool avx2 = hasAvx2();
    if (avx2) return adamRangeAvx2(param, grad, m, v, n, s);
#endif
    return adamLoop(param, grad, m, v, n, s);
  }
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

}  // namespace

void sgdUpdateF32(float* param, const float* grad, float* velocity, size_t n, const SgdStep& s) {
  parallelFor(static_cast<int64_t>(n), kPerThread, 16, [&](int64_t b, int64_t e) {
    sgdRange(param + b, grad + b, velocity == nullptr ? nullptr : velocity + b, static_cast<size_t>(e - b), s);
  });
}

void adamUpdateF32(float* param, const float* grad, float* m, float* v, float* vMax, size_t n, const AdamStep& s) {
  parallelFor(static_cast<int64_t>(n), kPerThread / 4, 16, [&](int64_t b, int64_t e) {
    adamRange(param + b, grad + b, m + b, v + b, vMax == nullptr ? nullptr : vMax + b, static_cast<size_t>(e - b), s);
  });
}

}  // namespace nabla
