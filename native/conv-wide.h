// The host side of the direct convolution path (conv-direct.h's AVX2 loops): padding an image
// onto the wide grid, one sample's forward product, and the weight gradient's lane sums. conv.cc
// picks this path where its sums are short; see kDirectMaxTerms there.
#pragma once

#include <cstdint>

#include "conv.h"

namespace nabla {

// One image's channels zero-padded into rows of the wide grid: `height` rows of `width`, the
// input placed at (padH, padW) and clipped to the grid, plus slack after the last channel so that
// the wide loops' overreads (which only feed discarded outputs) stay inside the buffer.
struct Padded {
  int64_t width, height, plane, wideOutputs, floats;
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

// Adds Σ over samples [first, last) of dy ⋆ x into dw's eight lanes per weight, `lanes`
// [cOut, cIn, taps, 8] (the caller zeroes it and adds the lanes up in a fixed order). With
// `parallel`, the output channels are split over the thread pool.
void wideWeightSamples(const float* x, const float* dy, const ConvShape& s, const Window3& win, const Padded& p,
                       int64_t first, int64_t last, bool parallel, float* lanes);

}  // namespace nabla
