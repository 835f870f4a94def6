// Float32 elementwise kernels: the unary and binary ops that are one instruction per element,
// where a JavaScript loop spends most of its time on bounds checks and conversions. The
// transcendental ones (exp, log, tanh, sigmoid) are in transcendental.h.
#pragma once

#include <cstddef>

namespace nabla {

// Codes shared with src/backends/native/index.ts (keep the two lists in the same order).
enum class UnaryCode { Neg, Abs, Square, Sqrt, Rsqrt, Reciprocal, Relu, Step, Exp, Log, Tanh, Sigmoid, Erf, Gelu, Count };
enum class BinaryCode { Add, Sub, Mul, Div, Maximum, Minimum, ReluBackward, GeluBackward, Count };

void unaryF32(UnaryCode op, const float* x, float* out, size_t n);

// out[i] = op(a[i % aPeriod], b[i % bPeriod]) for i in [0, n): a period equal to n is a dense
// operand, a shorter one a row repeated over the rows (a bias), 1 a scalar. Periods divide n.
void binaryF32(BinaryCode op, const float* a, size_t aPeriod, const float* b, size_t bPeriod, float* out,
               size_t n);

// out[i] = clamp(x[i] · scale + shift (+ r[i] when r is not null), lo, hi), rounding as the
// channelAffine, add and clamp kernels do (each product and sum to float; the bounds are not NaN).
// out may be x.
void affineClamp(const float* x, float scale, float shift, const float* r, float lo, float hi, float* out, size_t n);

}  // namespace nabla
