// Whole-batch convolution on float32: im2col (or col2im) plus one small GEMM per sample and
// group, run in C++ and split over the thread pool across the batch, so a training step makes
// one addon call per convolution primitive instead of one per sample. Same semantics as the
// reference kernels in src/backends/reference/conv-batch.ts.
#pragma once

#include <cstdint>

#include "window.h"

namespace nabla {

// The channel layout of a batched convolution: x [batch, cIn, inPlane], w [cOut, cIn/groups,
// kernel], y [batch, cOut, outPlane].
struct ConvShape {
  int64_t batch, cIn, cOut, groups;
};

// A per-channel map applied to a convolution's outputs while they are in cache: y = clamp(y ·
// scale[c] + shift[c] (+ residual), lo, hi), each step rounded as channelAffine, the add and clamp
// round it, so the result equals theirs (an eval-mode batch norm, a residual block's shortcut, and
// a ReLU or ReLU6 after the convolution). `residual`, when not null, is laid out as the output
// whose first float is at `y0`.
struct ChannelEpilogue {
  const float* scale;
  const float* shift;
  float lo, hi;
  const float* residual;
  const float* y0;
  // Channel c's plane of `plane` outputs at y (inside the output at y0), in place.
  void apply(float* y, int64_t c, int64_t plane) const;
};

// y = w ⋆ x (+ bias[c] on every output of channel c when bias is not null), then `post` when
// given; y is overwritten.
void convForwardF32(const float* x, const float* w, const float* bias, const ConvShape& s, const Window3& win,
                    float* y, const ChannelEpilogue* post = nullptr);
// dx = the adjoint in x applied to dy; dx is overwritten.
void convInputGradF32(const float* dy, const float* w, const ConvShape& s, const Window3& win, float* dx);
// dw = Σ over the batch of the adjoint in w; dw is overwritten. The batch is summed in a fixed
// number of chunks (independent of the thread count), so the result does not depend on it.
void convWeightGradF32(const float* x, const float* dy, const ConvShape& s, const Window3& win, float* dw);

// Depthwise convolution (groups == cIn, any channel multiplier, 1–2 spatial axes) as direct
// loops per plane (conv-depthwise.cc); convForwardF32 and its gradients take this path for it.
bool depthwiseShape(const ConvShape& s, const Window3& w);
void depthwiseForwardF32(const float* x, const float* w, const float* bias, const ConvShape& s, const Window3& win,
                         float* y, const ChannelEpilogue* post = nullptr);
void depthwiseInputGradF32(const float* dy, const float* w, const ConvShape& s, const Window3& win, float* dx);
void depthwiseWeightGradF32(const float* x, const float* dy, const ConvShape& s, const Window3& win, float* dw);

}  // namespace nabla
