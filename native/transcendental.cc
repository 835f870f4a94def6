#include <cmath>
#include <cstring>

#include "sgemm.h"
#include "transcendental.h"

namespace nabla {

namespace {

bool hasAvx2() {
#if defined(__x86_64__) || defined(_M_X64)
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
#else
  return false;
#endif
}

// Same branches as the reference's sigmoid: neither exp overflows.
float sigmoid(double v) { return static_cast<float>(v >= 0 ? 1 / (1 + std::exp(-v)) : std::exp(v) / (1 + std::exp(v))); }

// Φ(x) = erfc(−x/√2)/2, which keeps the left tail that 1 + erf(x/√2) would cancel.
double normalCdf(double v) { return 0.5 * std::erfc(-v * 0.70710678118654752); }

}  // namespace

void transcendentalPortable(Transcendental op, const float* x, float* out, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    const double v = x[i];
    switch (op) {
      case Transcendental::Exp: out[i] = static_cast<float>(std::exp(v)); break;
      case Transcendental::Log: out[i] = static_cast<float>(std::log(v)); break;
      case Transcendental::Tanh: out[i] = static_cast<float>(std::tanh(v)); break;
      case Transcendental::Sigmoid: out[i] = sigmoid(v); break;
      case Transcendental::Gelu: out[i] = static_cast<float>(v * normalCdf(v)); break;
      case Transcendental::GeluSlope:
        out[i] = static_cast<float>(normalCdf(v) + v * std::exp(-0.5 * v * v) * 0.39894228040143268);
        break;
    }
  }
}

void geluBackwardF32(const float* dy, const float* x, float* out, size_t n) {
#if defined(__x86_64__) || defined(_M_X64)
  static const bool avx2 = hasAvx2();
  if (std::strcmp(activeGemm().name, "avx512") == 0) return geluBackwardAvx512(dy, x, out, n);
  if (avx2) return geluBackwardAvx2(dy, x, out, n);
#endif
  transcendentalPortable(Transcendental::GeluSlope, x, out, n);
  for (size_t i = 0; i < n; ++i) out[i] *= dy[i];
}

void transcendentalF32(Transcendental op, const float* x, float* out, size_t n) {
#if defined(__x86_64__) || defined(_M_X64)
  static const bool avx2 = hasAvx2();
  // AVX-512 where the sgemm runs it (so a test that picks the AVX2 sgemm gets AVX2 here too).
  if (std::strcmp(activeGemm().name, "avx512") == 0 && transcendentalAvx512(op, x, out, n)) return;
  if (avx2) return transcendentalAvx2(op, x, out, n);
#endif
  transcendentalPortable(op, x, out, n);
}

}  // namespace nabla
