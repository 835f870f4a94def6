// The host side of the direct convolution path (conv-direct.h's loops on 8 or 16 lanes): its
// layout (conv-layout.cc), padding an image onto the grid, one sample's forward product, and the
// weight gradient's sums (conv-wide.cc). conv.cc picks this path where its sums are short; see
// kDirectMaxTerms there.
#pragma once

#include <cstdint>

#include "conv.h"

namespace nabla {

// One image's channels zero-padded onto the direct path's grid. Stride 1: rows of `width` (the
// output width + kw − 1). Stride 2 across (`phases` = 2): each padded row split into its even and
// odd columns, two planes of rows of `width` (half the padded width), so that output j's tap at
// column c reads phase c mod 2 at j + c / 2: a contiguous vector again. `height` padded rows
// (every row, whatever the stride down), the input placed at (padH, padW) and clipped to the
// grid, plus slack after the last channel so that the loops' overreads (which only feed
// discarded outputs) stay inside the buffer.
//
// The outputs are `outputs` floats per channel, in vectors of `lanes` (8, or 16 on AVX-512:
// NOTE(direct-lanes) in conv-layout.cc). With `rows` (conv-direct.h's row grid: where it computes
// fewer outputs than the wide grid, as at widths that are multiples of the lanes, and at stride
// 2), outH rows of rowVectors vectors, padded to whole vectors. Without, the wide grid's outH ·
// width rounded up to whole vectors, whose columns past the output width are thrown away. Either
// is `compact` where it is exactly the output plane (a width that is a multiple of the lanes on
// the row grid; a kernel one wide on the wide grid, when the plane is whole vectors).
struct Padded {
  int64_t width, height, phases, copies, plane, outputs, floats, rowVectors, pitch, lanes;
  bool rows, compact, shifted;
  int64_t off[64];  // tap offsets (wideLayout declines kernels of more than 64 taps)
};

// The lanes of the direct paths' vectors on this CPU and ISA choice: 16 (AVX-512), 8 (AVX2 + FMA),
// or 0 where they do not run.
int64_t directLanes();

// Whether the direct path takes a convolution summing `channels` × taps terms per output of an
// `outH × outW` plane (strides 1 or 2, dilation 1, one group, 1–2 spatial axes, at most
// `maxTerms` terms, an AVX2 CPU and GEMM), and if so its grid in `p`.
bool wideLayout(const ConvShape& s, const Window3& w, int64_t channels, int64_t maxTerms, int64_t outH,
                int64_t outW, Padded* p);

// One image's channels [channels, inH, inW] padded by (padH, padW) onto the planes of `p` at `out`
// (p.floats floats: the slack after the last channel zeroed); with `parallel`, the channels split
// over the pool (one sample's work, NOTE(inside-samples) in conv.cc).
void padImage(const float* x, int64_t channels, int64_t inH, int64_t inW, int64_t padH, int64_t padW,
              const Padded& p, bool parallel, float* out);

// One image's convolution through the wide grid `p`: out [cOut, outH, outW] (+ bias) = w [cOut,
// cIn, kh, kw] ⋆ in [cIn, inH, inW] padded by (padH, padW), then `post` when given. With
// `parallel`, the output channels are split over the thread pool (for a batch too small to split
// over samples).
struct WideSample {
  int64_t cIn, inH, inW, cOut, outH, outW, kh, kw, padH, padW;
};
void wideSample(const float* in, const float* w, const float* bias, const WideSample& g, const Padded& p,
                bool parallel, float* out, const ChannelEpilogue* post = nullptr);

// Adds Σ over samples [first, last) of dy ⋆ x into dw [cOut, cIn, taps] (each weight's sum in a
// fixed order: samples in groups, each group's products across the lanes of a vector, then the
// groups in turn). With `parallel`, the output channels are split over the thread pool.
void wideWeightSamples(const float* x, const float* dy, const ConvShape& s, const Window3& win, const Padded& p,
                       int64_t first, int64_t last, bool parallel, float* dw);

}  // namespace nabla
