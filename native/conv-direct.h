// Direct convolution inner loops for stride 1, dilation 1 (LeNet-sized channel counts), over a
// "wide" output grid: an output row is as wide as the padded input row, so output j reads input
// j + offset(tap) for every tap and the whole plane is one affine stream; the columns past the
// real output width are computed and thrown away. This replaces im2col and the GEMM's packing
// (two copies of every column) by unaligned loads straight from the padded image.
#pragma once

#include <cstdint>

namespace nabla {

// The inner loops are written once (conv-direct-kernel.h) and compiled per ISA: *Avx2 in AVX2 +
// FMA with vectors of L = 8 floats (conv-avx2.cc), *Avx512 in AVX-512F with L = 16
// (conv-avx512.cc). Call one only when the CPU has its ISA. Other architectures get stubs that
// are never called (conv-layout.cc checks).
//
// The outputs are vectors of L, `rowVectors` to an output row; vector v = r·rowVectors + c reads
// the input from xv(v) = r·pitch + L·c. On the wide grid a "row" is one vector (rowVectors 1,
// pitch L: the plane is one affine stream); on the row grid, used where it computes fewer outputs
// (as where the output width is a multiple of L), a row is an output row (pitch = the padded
// input width).
//
// convWideForward*: y[co·ldy + L·v + l] = Σ_ci Σ_t w[(co·cIn + ci)·taps + t] · x[ci·plane +
// off[t] + xv(v) + l] for the vectors v in [v0, v1), taps = kh·kw with off[r·kw + c] = r·width + c;
// x must be readable up to (cIn − 1)·plane + max(off) + xv(v1 − 1) + L, and its rows outside
// [rowLo, rowHi) of each plane must be zero (they are skipped).
struct WideForward {
  const float* x;
  int64_t cIn, cOut, plane, width, kh, kw, v0, v1, ldy, rowLo, rowHi;
  const int64_t* off;
  int64_t rowVectors, pitch;
};

// convWideWeight*: adds into dw[(co·cIn + ci)·taps + t] the sum, over `samples` images
// (x + s·xStride, dy + s·dyStride), the n / L vectors v and their lanes l, of dy[co·ldy + L·v + l]
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
void convWideForwardAvx512(const WideForward& a, const float* w, float* y);
void convWideWeightAvx512(const Wide& a, const float* x, const float* dy, float* dw);

}  // namespace nabla
