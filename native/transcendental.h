// Float32 exp, log, tanh, sigmoid, GELU x·Φ(x) and its slope Φ(x) + x·φ(x) over arrays. The AVX2 versions (transcendental-avx2.cc)
// evaluate short polynomials, a few float ulp from the correctly rounded value; the portable
// ones round the double-precision libm result, as the reference backend does.
#pragma once

#include <cstddef>

namespace nabla {

enum class Transcendental { Exp, Log, Tanh, Sigmoid, Gelu, GeluSlope };

// Takes the AVX-512 path for exp and GELU where the sgemm runs AVX-512, else the AVX2 path when
// the CPU has AVX2 and FMA, the portable one otherwise.
void transcendentalF32(Transcendental op, const float* x, float* out, size_t n);

// out = dy · GELU's slope at x, elementwise: the slope as transcendentalF32's GeluSlope, times dy,
// in one pass over the arrays.
void geluBackwardF32(const float* dy, const float* x, float* out, size_t n);
void geluBackwardAvx2(const float* dy, const float* x, float* out, size_t n);
void geluBackwardAvx512(const float* dy, const float* x, float* out, size_t n);

// The implementations (the AVX2 and AVX-512 ones exist on x86-64 builds only; the AVX-512 one
// does exp, Gelu and GeluSlope and returns false for the others).
void transcendentalPortable(Transcendental op, const float* x, float* out, size_t n);
void transcendentalAvx2(Transcendental op, const float* x, float* out, size_t n);
bool transcendentalAvx512(Transcendental op, const float* x, float* out, size_t n);

}  // namespace nabla
