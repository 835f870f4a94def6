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
// The outputs are vectors of 8, `rowVectors` to an output row; vector v = r·rowVectors + c reads
// the input from xv(v) = r·pitch + 8c. On the wide grid a "row" is one vector (rowVectors 1,
// pitch 8: the plane is one affine stream); on the row grid, used where the output width is a
// multiple of 8, a row is an output row (pitch = the padded input width) and nothing is thrown
// away.
//
// convWideForwardAvx2: y[co·ldy + 8v + l] = Σ_ci Σ_t w[(co·cIn + ci)·taps + t] · x[ci·plane +
// off[t] + xv(v) + l] for the n / 8 vectors v (n a multiple of 8), taps = kh·kw with off[r·kw + c] =
// r·width + c; x must be readable up to (cIn − 1)·plane + max(off) + xv(last) + 8, and its rows
// outside [rowLo, rowHi) of each plane must be zero (they are skipped).
struct WideForward {
  const float* x;
  int64_t cIn, cOut, plane, width, kh, kw, n, ldy, rowLo, rowHi;
  const int64_t* off;
  int64_t rowVectors, pitch;
};

// convWideWeightAvx2: adds into dw[(co·cIn + ci)·taps + t] the sum, over `samples` images
// (x + s·xStride, dy + s·dyStride), the n / 8 vectors v and their lanes l, of dy[co·ldy + 8v + l]
// · x[ci·plane + off[t] + xv(v) + l]: each weight's products accumulate lane-wise in a vector,
// whose lanes are added at the end.
struct Wide {
  int64_t cIn, cOut, plane, taps, n, ldy;
  const int64_t* off;
  int64_t samples, xStride, dyStride;
  int64_t rowVectors, pitch;
};

void convWideForwardAvx2(const WideForward& a, const float* w, float* y);
void convWideWeightAvx2(const Wide& a, const float* x, const float* dy, float* dw);

}  // namespace nabla
