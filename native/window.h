// Sliding-window kernels on float32: im2col/col2im (convolution as GEMM) and max pooling. Same
// semantics as src/backends/reference/conv.ts and pool.ts, on 1–3 spatial axes widened to three.
#pragma once

#include <cstddef>
#include <cstdint>

#include "binding.h"

namespace nabla {

// src/backends/reference/window.ts's Window3, in the order the addon receives it.
struct Window3 {
  int64_t id, ih, iw, kd, kh, kw, od, oh, ow, sd, sh, sw, pd, ph, pw, dd, dh, dw;
  int64_t inPlane() const { return id * ih * iw; }
  int64_t outPlane() const { return od * oh * ow; }
  int64_t kernel() const { return kd * kh * kw; }
};

// ⌈a / b⌉ for b > 0, and 0 for a ≤ 0: the count of o ≥ 0 with o·b < a.
inline int64_t countBelow(int64_t a, int64_t b) { return a <= 0 ? 0 : (a + b - 1) / b; }

// A Window3 from the 18 integers JavaScript passes (src/backends/native/window-array.ts); false,
// with the call's error set, when they are not a valid geometry.
bool readWindow(I32 geometry, Window3* w);

// cols [channels·kernel, outPlane] ← x [channels, inPlane] (0 where the window is in padding).
void im2colF32(const float* x, int64_t channels, const Window3& w, float* cols);
// x += the adjoint of im2col applied to cols.
void col2imF32(const float* cols, int64_t channels, const Window3& w, float* x);
// out, indices [planes, outPlane] ← max of each window of x [planes, inPlane]; NaN wins.
void maxPoolForwardF32(const float* x, int64_t planes, const Window3& w, float* out, int32_t* indices);
// dx[p, indices[p, o]] += dy[p, o]; indices outside [0, inPlane) are skipped.
void maxPoolBackwardF32(const float* dy, const int32_t* indices, int64_t planes, int64_t inPlane,
                        int64_t outPlane, float* dx);

}  // namespace nabla
