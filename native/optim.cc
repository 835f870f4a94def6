#include "binding.h"
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

// Entry points (see binding.h); the hyperparameters as SgdStep and AdamStep in optim.h.
void sgdUpdateEntry(F32 param, F32 grad, OptionalF32 velocity, double lr, double momentum, double weightDecay,
                    double gradScale, double nesterovScale, bool nesterov, bool startAtGradient) {
  if (!check(param.length <= grad.length, "grad shorter than param") ||
      !check(velocity.data == nullptr || param.length <= velocity.length, "optimizer state shorter than the parameter")) {
    return;
  }
  const SgdStep s{lr, momentum, weightDecay, gradScale, nesterovScale, nesterov, startAtGradient};
  sgdUpdateF32(param.data, grad.data, velocity.data, param.length, s);
}
NABLA_EXPORT(sgdUpdate, sgdUpdateEntry);

void adamUpdateEntry(F32 param, F32 grad, F32 m, F32 v, OptionalF32 vMax, double beta1, double beta2, double eps,
                     double stepSize, double sqrtCorrection2, double shrink, double l2) {
  const int64_t n = param.length;
  if (!check(n <= grad.length, "grad shorter than param") ||
      !check(n <= m.length && n <= v.length && (vMax.data == nullptr || n <= vMax.length),
             "optimizer state shorter than the parameter")) {
    return;
  }
  const AdamStep s{beta1, beta2, eps, stepSize, sqrtCorrection2, shrink, l2};
  adamUpdateF32(param.data, grad.data, m.data, v.data, vMax.data, n, s);
}
NABLA_EXPORT(adamUpdate, adamUpdateEntry);

}  // namespace nabla
