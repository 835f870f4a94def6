// The host side of the direct convolution path (conv-direct.h's AVX2 loops): padding an image
// onto the wide grid, one sample's forward product, and the weight gradient's sums. conv.cc
// picks this path where its sums are short; see kDirectMaxTerms there.
#pragma once

#include <cstdint>

#include "conv.h"

namespace nabla {

// One image's channels zero-padded into rows of `width` (the output width + kw − 1): `height`
// rows, the input placed at (padH, padW) and clipped to the grid, plus slack after the last
// channel so that the wide loops' overreads (which only feed discarded outputs) stay inside the
// buffer. The outputs are `outputs` floats per channel: with `rows` (an output width that is a
// multiple of 8) exactly the output plane, read row by row (conv-direct.h's row grid); else the
// wide grid's outH · width rounded up to 8, whose columns past the output width are thrown away.
struct Padded {
  int64_t width, height, plane, outputs, floats;
  bool rows;
  int64_t off[64];  // tap offsets (wideLayout declines kernels of more than 64 taps)
};

// Whether the direct path takes a convolution summing `channels` × taps terms per output of an
// `outH × outW` plane (stride 1, dilation 1, one group, 1–2 spatial axes, at most `maxTerms`
// terms, an AVX2 CPU and GEMM), and if so its grid in `p`.
bool wideLayout(const ConvShape& s, const Window3& w, int64_t channels, int64_t maxTerms, int64_t outH, int64_t outW,
                Padded* p);

// One image's convolution through the wide grid `p`: out [cOut, outH, outW] (+ bias) = w [cOut,
// cIn, kh, kw] ⋆ in [cIn, inH, inW] padded by (padH, padW). With `parallel`, the output channels
// are split over the thread pool (for a batch too small to split over samples).
struct WideSample {
  int64_t cIn, inH, inW, cOut, outH, outW, kh, kw, padH, padW;
};
void wideSample(const float* in, const float* w, const float* bias, const WideSample& g, const Padded& p,
                bool parallel, float* out);

// Adds Σ over samples [first, last) of dy ⋆ x into dw [cOut, cIn, taps] (each weight's sum in a
// fixed order: samples in groups, each group's products across the lanes of a vector, then the
// groups in turn). With `parallel`, the output channels are split over the thread pool.
void wideWeightSamples(const float* x, const float* dy, const ConvShape& s, const Window3& win, const Padded& p,
                       int64_t first, int64_t last, bool parallel, float* dw);

}  // namespace nabla
