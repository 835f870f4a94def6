// The weight gradient with output channels in the vector lanes, an implicit GEMM: dwᵀ[(ci, t),
// co] = Σ over samples and output positions p of x_padded[ci, pos(p) + off(t)] · dyᵀ[p, co]. Each
// x value is broadcast once and multiplies C vectors of output channels, accumulated in R × C
// registers over the whole plane, so nothing is summed across lanes and every vector load is
// aligned (the direct path of conv-direct.h keeps the positions in the lanes: its loads of x at
// taps 1 and 2 split cache lines on 16 lanes, and each block ends in lane sums). Any stride and
// dilation, one group, 1–2 spatial axes. conv.cc chooses between the two, NOTE(weight-lanes) in
// conv-lanes.cc.
#pragma once

#include <cstdint>

#include "conv.h"

namespace nabla {

// The operands of the inner loops (conv-lanes-kernel.h): pairs [q0, q1) and output-channel
// vectors [v0, v1), summed over `samples` images (image and dyT advancing by their strides) and
// their output rows [oy0, oy1). The sums are added into dwT [pairs][ld] (loaded, added to, stored
// back).
struct LanesWeight {
  const float* image;    // a sample's zero-padded channels
  const int64_t* off;    // per pair (ci, t): ci · plane + the tap's offset
  const float* dyT;      // [oh · ow][ld]: a sample's output gradient, channels in lanes, 0 past cOut
  int64_t ld;            // cOut rounded up to whole vectors
  int64_t samples, imageStride, dyStride;
  int64_t rowStep, colStep;  // floats between outputs' windows down and across (sh · width, sw)
  int64_t ow, oy0, oy1, q0, q1, v0, v1;
  float* dwT;
};

void convLanesWeightAvx2(const LanesWeight& a);
void convLanesWeightAvx512(const LanesWeight& a);
// dyᵀ [positions][ld] ← dy [cOut, positions] (the lanes past cOut left as they are), in 8 × 8
// tiles.
void convLanesTransposeAvx2(const float* dy, int64_t cOut, int64_t positions, int64_t ld, float* dyT);
void convLanesTransposeAvx512(const float* dy, int64_t cOut, int64_t positions, int64_t ld, float* dyT);

// Whether this path takes the weight gradient of `s`, `win` (a 2-D window, one group, an AVX2 CPU).
bool lanesWeightTakes(const ConvShape& s, const Window3& win);
// Adds Σ over samples [first, last) of the weight gradient into dwT [cIn · taps][cOut] (the
// transpose of dw): per sample, per block of output rows, per weight, in that order. With
// `parallel`, each sample's pairs are split over the thread pool.
void lanesWeightSamples(const float* x, const float* dy, const ConvShape& s, const Window3& win, int64_t first,
                        int64_t last, bool parallel, float* dwT);
// dw [cOut, cIn · taps] ← dwT, the layout lanesWeightSamples sums in.
void lanesWeightLayout(const float* dwT, const ConvShape& s, const Window3& win, float* dw);

}  // namespace nabla
