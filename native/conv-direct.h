// Direct convolution inner loops for stride 1, dilation 1 (LeNet-sized channel counts), over a
// "wide" output grid: an output row is as wide as the padded input row, so output j reads input
// j + offset(tap) for every tap and the whole plane is one affine stream; the columns past the
// real output width are computed and thrown away. This replaces im2col and the GEMM's packing
// (two copies of every column) by unaligned loads straight from the padded image.
#pragma once

#include <cstdint>

namespace nabla {

// The inner loops, in AVX2 + FMA (native/conv-avx2.cc, compiled with -mavx2 -mfma); call only
// when the CPU has both. Other architectures get stubs that are never called (conv.cc checks).
//
// convWideForwardAvx2: y[co·ldy + j] = Σ_ci Σ_t w[(co·cIn + ci)·taps + t] · x[ci·plane + off[t] + j]
// for j in [0, n), n a multiple of 16, taps = kh·kw with off[r·kw + c] = r·width + c; x must be
// readable up to (cIn − 1)·plane + max(off) + n, and its rows outside [rowLo, rowHi) of each
// plane must be zero (they are skipped).
struct WideForward {
  const float* x;
  int64_t cIn, cOut, plane, width, kh, kw, n, ldy, rowLo, rowHi;
  const int64_t* off;
};

// convWideWeightAvx2: for each of `samples` images (x + s·xStride, dy + s·dyStride) and j in
// [0, n), n a multiple of 8, adds dy[co·ldy + j] · x[ci·plane + off[t] + j] into lane j mod 8 of
// dw[((co·cIn + ci)·taps + t)·8 + lane]: eight partial sums per weight, which the caller adds up
// once at the end.
struct Wide {
  int64_t cIn, cOut, plane, taps, n, ldy;
  const int64_t* off;
  int64_t samples, xStride, dyStride;
};

void convWideForwardAvx2(const WideForward& a, const float* w, float* y);
void convWideWeightAvx2(const Wide& a, const float* x, const float* dy, float* dw);

}  // namespace nabla
