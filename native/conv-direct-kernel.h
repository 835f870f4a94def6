// The direct-convolution inner loops of conv-direct.h, written once over GCC vector extensions and
// compiled once per ISA. Include it only from a conv-<isa>.cc that first defines:
//   NABLA_LANES      floats per vector (8 AVX2, 16 AVX-512)
//   NABLA_NV         the most output vectors a forward block holds per channel (COB·NV + NV + 1
//                    registers must fit the ISA's vector registers)
//   NABLA_FORWARD, NABLA_WEIGHT   the names of the two functions this file defines
// Like gemm-kernel.h (NOTE(isa-odr)), it includes no header with inline functions, so nothing
// compiled with -mavx2 or -mavx512f can be picked by the linker for baseline code.

#include "conv-direct.h"

namespace nabla {

namespace {

constexpr int L = NABLA_LANES;
typedef float Vec __attribute__((vector_size(4 * L)));
typedef float VecU __attribute__((vector_size(4 * L), aligned(4)));
typedef float Vec8 __attribute__((vector_size(32)));

inline Vec load(const float* p) { return *reinterpret_cast<const VecU*>(p); }
inline void store(float* p, Vec v) { *reinterpret_cast<VecU*>(p) = v; }

// COB output channels × NV output vectors (from vector v on) in COB·NV registers; per tap NV
// loads of x serve all COB channels (the GEMM micro-kernel's shape, with the im2col read in
// place). Kernel rows that only see the zero rows above or below the image (padding) are skipped:
// for an input gradient, which runs this on a dy padded by k − 1 on every side, that is a third of
// the taps.
//
// KW = 3 (3×3 kernels) unrolls a kernel row's taps at offsets r·width + 0, 1, 2; KW = 1 (1×1) is
// one tap per input channel; KW = 0 reads the tap offsets from a.off.
template <int COB, int NV, int KW>
void forwardVectors(const WideForward& a, const float* w, float* y, int64_t v) {
  const int64_t taps = a.kh * a.kw;
  const int64_t wStride = a.cIn * taps;
  int64_t xo[NV];
  for (int k = 0; k < NV; ++k) xo[k] = (v + k) / a.rowVectors * a.pitch + (v + k) % a.rowVectors * L;
  // Kernel row r reads image rows [top + r, bottom + r]: it sees the image for r in one range,
  // so the live taps are one range [t0, t1) too.
  const int64_t top = xo[0] / a.width, bottom = (xo[NV - 1] + L - 1 + a.kw - 1) / a.width;
  const int64_t r0 = a.rowLo - bottom > 0 ? a.rowLo - bottom : 0;
  const int64_t r1 = a.rowHi - top < a.kh ? a.rowHi - top : a.kh;
  const int64_t t0 = r0 * a.kw, t1 = r1 > r0 ? r1 * a.kw : t0;
  Vec acc[COB][NV];
  for (int c = 0; c < COB; ++c)
    for (int k = 0; k < NV; ++k) acc[c][k] = Vec{};
  // One tap: NV loads of x at `at` serve COB weights.
  auto tap = [&](const float* at, const float* wt) {
    Vec xv[NV];
    for (int k = 0; k < NV; ++k) xv[k] = load(at + xo[k]);
#pragma GCC unroll 6
    for (int c = 0; c < COB; ++c) {
      const float wv = wt[c * wStride];  // a vector-scalar product broadcasts it
      for (int k = 0; k < NV; ++k) acc[c][k] += wv * xv[k];
    }
  };
  if (KW == 1) {
    // A 1×1 kernel (forwardBlock takes KW = 1 only with one kernel row): one tap at offset 0 per
    // input channel, no kernel rows to skip (a padded row is zeros anyway).
    for (int64_t ci = 0; ci < a.cIn; ++ci) tap(a.x + ci * a.plane, w + ci);
  } else {
    for (int64_t ci = 0; ci < a.cIn; ++ci) {
      const float* xc = a.x + ci * a.plane;
      const float* wc = w + ci * taps;
      if (KW > 0) {
        for (int64_t r = r0; r < r1; ++r) {
#pragma GCC unroll 8
          for (int col = 0; col < KW; ++col) tap(xc + r * a.width + col, wc + r * KW + col);
        }
      } else {
        for (int64_t t = t0; t < t1; ++t) tap(xc + a.off[t], wc + t);
      }
    }
  }
  for (int c = 0; c < COB; ++c)
    for (int k = 0; k < NV; ++k) store(y + c * a.ldy + (v + k) * L, acc[c][k]);
}

template <int COB, int KW>
void forwardVectorsAll(const WideForward& a, const float* w, float* y) {
  const int64_t vectors = a.v1;
  int64_t v = a.v0;
#if NABLA_NV >= 4
  // Blocks of 4, and the rest as 3 and 2 rather than a lone vector (5 = 3 + 2: one vector's 6
  // chains leave the FMA pipes half idle).
  for (; vectors - v >= 6 || vectors - v == 4; v += 4) forwardVectors<COB, 4, KW>(a, w, y, v);
  if (vectors - v >= 3) {
    forwardVectors<COB, 3, KW>(a, w, y, v);
    v += 3;
  }
#endif
  for (; v + 2 <= vectors; v += 2) forwardVectors<COB, 2, KW>(a, w, y, v);
  if (v < vectors) forwardVectors<COB, 1, KW>(a, w, y, v);
}

template <int COB>
void forwardBlock(const WideForward& a, const float* w, float* y) {
  // The unrolled rows need the stride-1 grid's offsets (r·width + c), not stride 2's phases.
  if (a.kw == 3 && a.off[1] == 1 && a.off[2] == 2 && (a.kh == 1 || a.off[3] == a.width)) {
    forwardVectorsAll<COB, 3>(a, w, y);
  } else if (a.kw == 1 && a.kh == 1) {
    forwardVectorsAll<COB, 1>(a, w, y);
  } else {
    forwardVectorsAll<COB, 0>(a, w, y);
  }
}

// Each of 8 vectors summed across its lanes, the sums added into *out[0..7]: 16 lanes first
// folded to 8 (lane l + lane l + 8), then pairs of lanes, quads, halves, the same order for
// every vector.
inline Vec8 fold(Vec v) {
#if NABLA_LANES == 8
  return v;
#else
  return __builtin_shufflevector(v, v, 0, 1, 2, 3, 4, 5, 6, 7) +
         __builtin_shufflevector(v, v, 8, 9, 10, 11, 12, 13, 14, 15);
#endif
}

inline void addLaneSums(const Vec (&wide)[8], float* const (&out)[8]) {
  Vec8 v[8];
  for (int i = 0; i < 8; ++i) v[i] = fold(wide[i]);
  Vec8 pairs[4];
  for (int i = 0; i < 4; ++i)
    pairs[i] = __builtin_shufflevector(v[2 * i], v[2 * i + 1], 0, 8, 2, 10, 4, 12, 6, 14) +
               __builtin_shufflevector(v[2 * i], v[2 * i + 1], 1, 9, 3, 11, 5, 13, 7, 15);
  Vec8 quads[2];
  for (int i = 0; i < 2; ++i)
    quads[i] = __builtin_shufflevector(pairs[2 * i], pairs[2 * i + 1], 0, 1, 8, 9, 4, 5, 12, 13) +
               __builtin_shufflevector(pairs[2 * i], pairs[2 * i + 1], 2, 3, 10, 11, 6, 7, 14, 15);
  const Vec8 sums = __builtin_shufflevector(quads[0], quads[1], 0, 1, 2, 3, 8, 9, 10, 11) +
                   __builtin_shufflevector(quads[0], quads[1], 4, 5, 6, 7, 12, 13, 14, 15);
  for (int i = 0; i < 8; ++i) *out[i] += sums[i];
}

// COB output channels × TB taps of one input channel: COB·TB dot products over the planes of
// `samples` images, each in its own vector accumulator, summed across its lanes into dw at the
// partial sums. Running several samples per call amortizes the accumulators' setup and the
// reduction, which on LeNet's 10×10 planes cost as much as the products.
template <int COB, int TB>
void weightBlock(const Wide& a, const float* x, const int64_t* off, const float* dy, float* dw) {
  Vec acc[COB][TB];
  for (int c = 0; c < COB; ++c)
    for (int t = 0; t < TB; ++t) acc[c][t] = Vec{};
  // From the end of one row's vectors to the start of the next row's, in x.
  const int64_t skip = a.pitch - a.rowVectors * L;
  for (int64_t s = 0; s < a.samples; ++s, x += a.xStride, dy += a.dyStride) {
    const float* xr = x;
    int64_t column = 0;
    for (int64_t j = 0; j < a.n; j += L) {
      Vec xv[TB];
      for (int t = 0; t < TB; ++t) xv[t] = load(xr + off[t]);
#pragma GCC unroll 8
      for (int c = 0; c < COB; ++c) {
        Vec d = load(dy + c * a.ldy + j);
        // In a register: GCC would fold the load into each of the TB FMAs that use it, and AVX-512
        // then issues TB loads of d where one does.
        asm("" : "+x"(d));
        for (int t = 0; t < TB; ++t) acc[c][t] += d * xv[t];
      }
      xr += L;
      if (++column == a.rowVectors) {
        column = 0;
        xr += skip;
      }
    }
  }
  // Eight accumulators at a time (padded with zeros and a dummy target at the end).
  float spare = 0.0f;
  constexpr int kCount = COB * TB;
  for (int first = 0; first < kCount; first += 8) {
    Vec v[8];
    float* out[8];
    for (int i = 0; i < 8; ++i) {
      const int e = first + i;
      v[i] = e < kCount ? acc[e / TB][e % TB] : Vec{};
      out[i] = e < kCount ? dw + (e / TB) * a.cIn * a.taps + e % TB : &spare;
    }
    addLaneSums(v, out);
  }
}

template <int COB>
void weightRow(const Wide& a, const float* x, const float* dy, float* dw) {
  int64_t t = 0;
  for (; t + 3 <= a.taps; t += 3) weightBlock<COB, 3>(a, x, a.off + t, dy, dw + t);
  if (a.taps - t == 2) weightBlock<COB, 2>(a, x, a.off + t, dy, dw + t);
  if (a.taps - t == 1) weightBlock<COB, 1>(a, x, a.off + t, dy, dw + t);
}

}  // namespace

void NABLA_FORWARD(const WideForward& a, const float* w, float* y) {
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

void NABLA_WEIGHT(const Wide& a, const float* x, const float* dy, float* dw) {
  for (int64_t ci = 0; ci < a.cIn; ++ci) {
    const float* xc = x + ci * a.plane;
    int64_t co = 0;
#if NABLA_LANES == 8
    // Blocks of 3 when they divide cOut and 4 do not (LeNet's 6: 3 + 3 keeps 9 FMA chains in
    // flight where 4 + 2 left the second block at 6), else blocks of 4 and the rest.
    if (a.cOut % 4 != 0 && a.cOut % 3 == 0) {
      for (; co + 3 <= a.cOut; co += 3) weightRow<3>(a, xc, dy + co * a.ldy, dw + (co * a.cIn + ci) * a.taps);
    }
    for (; co + 4 <= a.cOut; co += 4) weightRow<4>(a, xc, dy + co * a.ldy, dw + (co * a.cIn + ci) * a.taps);
#else
    // Blocks of 6 (18 of the 32 registers accumulate): each x load, split across cache lines
    // where unaligned, serves 6 products.
    for (; co + 6 <= a.cOut; co += 6) weightRow<6>(a, xc, dy + co * a.ldy, dw + (co * a.cIn + ci) * a.taps);
#endif
    const float* dr = dy + co * a.ldy;
    float* wr = dw + (co * a.cIn + ci) * a.taps;
    switch (a.cOut - co) {
#if NABLA_LANES != 8
      case 5: weightRow<5>(a, xc, dr, wr); break;
      case 4: weightRow<4>(a, xc, dr, wr); break;
#endif
      case 3: weightRow<3>(a, xc, dr, wr); break;
      case 2: weightRow<2>(a, xc, dr, wr); break;
      case 1: weightRow<1>(a, xc, dr, wr); break;
      default: break;
    }
  }
}

}  // namespace nabla
