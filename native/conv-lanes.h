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

// The forward product's operands (conv-lanes-kernel.h): yᵀ[p][co] = Σ over pairs [q0, q1) of
// image[off[q] + pos[p]] · wᵀ[q][co], for positions [p0, p1) and output-channel vectors [v0, v1),
// added to what yᵀ holds unless `first`.
struct LanesForward {
  const float* image;
  const int64_t* off;  // per pair
  const int64_t* pos;  // per output position: its window's offset in the image
  const float* wT;     // [pairs][ld], 0 past cOut
  int64_t ld, p0, p1, q0, q1, v0, v1;
  bool first;
  float* yT;  // [positions][ld]
};

void convLanesWeightAvx2(const LanesWeight& a);
void convLanesWeightAvx512(const LanesWeight& a);
void convLanesForwardAvx2(const LanesForward& a);
void convLanesForwardAvx512(const LanesForward& a);
// out [cols][ldOut] ← the transpose of in [rows][ldIn] (columns ≥ rows of out left as they are), in
// 8 × 8 tiles.
void convLanesTransposeAvx2(const float* in, int64_t rows, int64_t cols, int64_t ldIn, int64_t ldOut, float* out);
void convLanesTransposeAvx512(const float* in, int64_t rows, int64_t cols, int64_t ldIn, int64_t ldOut, float* out);
// The transpose above on this CPU's lanes.
void lanesTranspose(const float* in, int64_t rows, int64_t cols, int64_t ldIn, int64_t ldOut, float* out);

// Whether this path takes the weight gradient of `s`, `win` (a 2-D window, one group, an AVX2 CPU).
bool lanesWeightTakes(const ConvShape& s, const Window3& win);
// Adds Σ over samples [first, last) of the weight gradient into dwT [cIn · taps][cOut] (the
// transpose of dw): per sample, per block of output rows, per weight, in that order. With
// `parallel`, each sample's pairs are split over the thread pool.
void lanesWeightSamples(const float* x, const float* dy, const ConvShape& s, const Window3& win, int64_t first,
                        int64_t last, bool parallel, float* dwT);
// Whether the forward path below takes a convolution, and the input gradient (stride 1, dilation
// 1, padding under the kernel): NOTE(forward-lanes) in conv-lanes-forward.cc.
bool lanesForwardTakes(const ConvShape& s, const Window3& win);
bool lanesInputGradTakes(const ConvShape& s, const Window3& win);
// y = w ⋆ x (+ bias), then `post`, as convForwardF32; dx as convInputGradF32. Over the pool by
// samples with `overSamples`, else each sample's positions split with `inside`.
void lanesForward(const float* x, const float* w, const float* bias, const ConvShape& s, const Window3& win,
                  const ChannelEpilogue* post, bool overSamples, bool inside, float* y);
void lanesInputGrad(const float* dy, const float* w, const ConvShape& s, const Window3& win, bool overSamples,
                    bool inside, float* dx);
// The offset of each pair (c, t) of `channels` × kh · kw taps in an image of zero-padded planes
// (`width` floats a row, `plane` a channel), at dilation (dh, dw): c · plane + r·dh · width + col·dw
// for tap t = r · kw + col.
void lanesPairOffsets(int64_t channels, int64_t kh, int64_t kw, int64_t dh, int64_t dw, int64_t width, int64_t plane,
                      int64_t* off);
// Channels [c0, c1) of one image [channels, inH, inW] copied inside their zero-padded planes
// (placed at (padH, padW) in rows of `width`, `plane` floats apart); the padding is not written.
void lanesCopyInside(const float* in, int64_t c0, int64_t c1, int64_t inH, int64_t inW, int64_t padH, int64_t padW,
                     int64_t width, int64_t plane, float* padded);
// dw [cOut, cIn · taps] ← dwT, the layout lanesWeightSamples sums in.
void lanesWeightLayout(const float* dwT, const ConvShape& s, const Window3& win, float* dw);

}  // namespace nabla
