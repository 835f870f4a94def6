// The direct-convolution inner loops of conv-direct.h in AVX2 + FMA. Like gemm-kernel.h
// (NOTE(isa-odr)), this file includes no header with inline functions, so nothing compiled with
// -mavx2 can be picked by the linker for baseline code.

#include "conv-direct.h"

namespace nabla {

namespace {

typedef float Vec __attribute__((vector_size(32)));
typedef float VecU __attribute__((vector_size(32), aligned(4)));

inline Vec load(const float* p) { return *reinterpret_cast<const VecU*>(p); }
inline void store(float* p, Vec v) { *reinterpret_cast<VecU*>(p) = v; }
inline Vec broadcast(float v) { return Vec{v, v, v, v, v, v, v, v}; }

// COB output channels × 16 wide outputs in 2·COB registers; per tap two loads of x serve all COB
// channels (the GEMM micro-kernel's shape, with the im2col read in place). Kernel rows that only
// see the zero rows above or below the image (padding) are skipped: for an input gradient, which
// runs this on a dy padded by k − 1 on every side, that is a third of the taps.
template <int COB>
void forwardBlock(const WideForward& a, const float* w, float* y) {
  const int64_t taps = a.kh * a.kw;
  const int64_t wStride = a.cIn * taps;
  for (int64_t j = 0; j < a.n; j += 16) {
    // Kernel row r reads image rows [top + r, bottom + r]: it sees the image for r in one range,
    // so the live taps are one range [t0, t1) too.
    const int64_t top = j / a.width, bottom = (j + 15 + a.kw - 1) / a.width;
    const int64_t r0 = a.rowLo - bottom > 0 ? a.rowLo - bottom : 0;
    const int64_t r1 = a.rowHi - top < a.kh ? a.rowHi - top : a.kh;
    const int64_t t0 = r0 * a.kw, t1 = r1 > r0 ? r1 * a.kw : t0;
    Vec acc[COB][2];
    for (int c = 0; c < COB; ++c) acc[c][0] = acc[c][1] = Vec{};
    for (int64_t ci = 0; ci < a.cIn; ++ci) {
      const float* xc = a.x + ci * a.plane + j;
      const float* wc = w + ci * taps;
      for (int64_t t = t0; t < t1; ++t) {
        const Vec x0 = load(xc + a.off[t]);
        const Vec x1 = load(xc + a.off[t] + 8);
#pragma GCC unroll 6
        for (int c = 0; c < COB; ++c) {
          const Vec wv = broadcast(wc[c * wStride + t]);
          acc[c][0] += wv * x0;
          acc[c][1] += wv * x1;
        }
      }
    }
    for (int c = 0; c < COB; ++c) {
      store(y + c * a.ldy + j, acc[c][0]);
      store(y + c * a.ldy + j + 8, acc[c][1]);
    }
  }
}

// COB output channels × TB taps of one input channel: COB·TB dot products over the wide planes
// of `samples` images, each in its own vector accumulator, added lane by lane into dw's eight
// partial sums. Running several samples per call amortizes the accumulators' setup and the
// reduction, which on LeNet's 10×10 planes cost as much as the products.
template <int COB, int TB>
void weightBlock(const Wide& a, const float* x, const int64_t* off, const float* dy, float* dw) {
  Vec acc[COB][TB];
  for (int c = 0; c < COB; ++c)
    for (int t = 0; t < TB; ++t) acc[c][t] = Vec{};
  for (int64_t s = 0; s < a.samples; ++s, x += a.xStride, dy += a.dyStride) {
    for (int64_t j = 0; j < a.n; j += 8) {
      Vec xv[TB];
      for (int t = 0; t < TB; ++t) xv[t] = load(x + off[t] + j);
#pragma GCC unroll 4
      for (int c = 0; c < COB; ++c) {
        const Vec d = load(dy + c * a.ldy + j);
        for (int t = 0; t < TB; ++t) acc[c][t] += d * xv[t];
      }
    }
  }
  for (int c = 0; c < COB; ++c)
    for (int t = 0; t < TB; ++t) {
      float* lanes = dw + (c * a.cIn * a.taps + t) * 8;
      store(lanes, load(lanes) + acc[c][t]);
    }
}

template <int COB>
void weightRow(const Wide& a, const float* x, const float* dy, float* dw) {
  int64_t t = 0;
  for (; t + 3 <= a.taps; t += 3) weightBlock<COB, 3>(a, x, a.off + t, dy, dw + t * 8);
  if (a.taps - t == 2) weightBlock<COB, 2>(a, x, a.off + t, dy, dw + t * 8);
  if (a.taps - t == 1) weightBlock<COB, 1>(a, x, a.off + t, dy, dw + t * 8);
}

}  // namespace

void convWideForwardAvx2(const WideForward& a, const float* w, float* y) {
  const int64_t wStride = a.cIn * a.kh * a.kw;
  int64_t co = 0;
  for (; co + 6 <= a.cOut; co += 6) forwardBlock<6>(a, w + co * wStride, y + co * a.ldy);
  const float* wr = w + co * wStride;
  float* yr = y + co * a.ldy;
  switch (a.cOut - co) {
    case 5: forwardBlock<5>(a, wr, yr); break;
    case 4: forwardBlock<4>(a, wr, yr); break;
    case 3: forwardBlock<3>(a, wr, yr); break;
    case 2: forwardBlock<2>(a, wr, yr); break;
    case 1: forwardBlock<1>(a, wr, yr); break;
    default: break;
  }
}

void convWideWeightAvx2(const Wide& a, const float* x, const float* dy, float* dw) {
  for (int64_t ci = 0; ci < a.cIn; ++ci) {
    const float* xc = x + ci * a.plane;
    int64_t co = 0;
    // Blocks of 3 when they divide cOut and 4 do not (LeNet's 6: 3 + 3 keeps 9 FMA chains in
    // flight where 4 + 2 left the second block at 6), else blocks of 4 and the rest.
    if (a.cOut % 4 != 0 && a.cOut % 3 == 0) {
      for (; co + 3 <= a.cOut; co += 3) weightRow<3>(a, xc, dy + co * a.ldy, dw + (co * a.cIn + ci) * a.taps * 8);
    }
    for (; co + 4 <= a.cOut; co += 4) weightRow<4>(a, xc, dy + co * a.ldy, dw + (co * a.cIn + ci) * a.taps * 8);
    const float* dr = dy + co * a.ldy;
    float* wr = dw + (co * a.cIn + ci) * a.taps * 8;
    switch (a.cOut - co) {
      case 3: weightRow<3>(a, xc, dr, wr); break;
      case 2: weightRow<2>(a, xc, dr, wr); break;
      case 1: weightRow<1>(a, xc, dr, wr); break;
      default: break;
    }
  }
}

}  // namespace nabla
