// conv-lanes.h's inner loops, written once over GCC vector extensions and compiled once per ISA.
// Include it only from a conv-lanes-<isa>.cc that first defines:
//   NABLA_LANES        floats per vector (8 AVX2, 16 AVX-512)
//   NABLA_MAX_VECTORS  the most output-channel vectors a block holds (R · C + C + 1 registers must
//                      fit the ISA's vector registers)
//   NABLA_LANES_WEIGHT, NABLA_LANES_FORWARD, NABLA_LANES_TRANSPOSE  the functions this file defines
// Like conv-direct-kernel.h (NOTE(isa-odr) in gemm-kernel.h), it includes no header with inline
// functions.

#include "conv-lanes.h"

namespace nabla {

namespace {

constexpr int L = NABLA_LANES;
typedef float Vec __attribute__((vector_size(4 * L)));
typedef float Vec8 __attribute__((vector_size(32)));
typedef float Vec8U __attribute__((vector_size(32), aligned(4)));

inline Vec load(const float* p) { return *reinterpret_cast<const Vec*>(p); }
inline void store(float* p, Vec v) { *reinterpret_cast<Vec*>(p) = v; }

// R pairs × C vectors of output channels: per output position C aligned loads of dyᵀ and R
// broadcasts of x serve R · C multiply-adds.
template <int R, int C>
struct WeightBlock {
  static void run(const LanesWeight& a, int64_t q0, int64_t v0);
};

template <int R, int C>
void WeightBlock<R, C>::run(const LanesWeight& a, int64_t q0, int64_t v0) {
  const float* base[R];
  for (int i = 0; i < R; ++i) base[i] = a.image + a.off[q0 + i];
  Vec acc[R][C];
  for (int i = 0; i < R; ++i)
    for (int c = 0; c < C; ++c) acc[i][c] = load(a.dwT + (q0 + i) * a.ld + (v0 + c) * L);
  for (int64_t s = 0; s < a.samples; ++s) {
    const float* d = a.dyT + s * a.dyStride + a.oy0 * a.ow * a.ld + v0 * L;
    const int64_t image = s * a.imageStride;
    for (int64_t oy = a.oy0; oy < a.oy1; ++oy) {
      const int64_t row = image + oy * a.rowStep;
      for (int64_t ox = 0; ox < a.ow; ++ox, d += a.ld) {
        const int64_t at = row + ox * a.colStep;
        Vec dv[C];
        for (int c = 0; c < C; ++c) dv[c] = load(d + c * L);
#pragma GCC unroll 8
        for (int i = 0; i < R; ++i) {
          Vec b = base[i][at] - Vec{};  // a broadcast: x − 0 is x (x + 0 is not, for −0)
          // In a register: GCC would otherwise fold the broadcast into each of the C
          // multiply-adds, C loads where one does.
          asm("" : "+v"(b));
          for (int c = 0; c < C; ++c) acc[i][c] += b * dv[c];
        }
      }
    }
  }
  for (int i = 0; i < R; ++i)
    for (int c = 0; c < C; ++c) store(a.dwT + (q0 + i) * a.ld + (v0 + c) * L, acc[i][c]);
}

// R output positions × C vectors of output channels, over pairs [q0, q1): per pair C aligned loads
// of wᵀ and R broadcasts of x serve R · C multiply-adds. The sums start at zero (`first`) or at
// what yᵀ holds, and are stored into yᵀ.
template <int R, int C>
struct ForwardBlock {
  static void run(const LanesForward& a, int64_t p, int64_t v0);
};

template <int R, int C>
void ForwardBlock<R, C>::run(const LanesForward& a, int64_t p, int64_t v0) {
  int64_t at[R];
  for (int r = 0; r < R; ++r) at[r] = a.pos[p + r];
  Vec acc[R][C];
  for (int r = 0; r < R; ++r)
    for (int c = 0; c < C; ++c) acc[r][c] = a.first ? Vec{} : load(a.yT + (p + r) * a.ld + (v0 + c) * L);
  const float* wq = a.wT + a.q0 * a.ld + v0 * L;
  for (int64_t q = a.q0; q < a.q1; ++q, wq += a.ld) {
    const float* xq = a.image + a.off[q];
    Vec wv[C];
    for (int c = 0; c < C; ++c) wv[c] = load(wq + c * L);
#pragma GCC unroll 8
    for (int r = 0; r < R; ++r) {
      Vec b = xq[at[r]] - Vec{};  // a broadcast in a register, as in WeightBlock
      asm("" : "+v"(b));
      for (int c = 0; c < C; ++c) acc[r][c] += b * wv[c];
    }
  }
  for (int r = 0; r < R; ++r)
    for (int c = 0; c < C; ++c) store(a.yT + (p + r) * a.ld + (v0 + c) * L, acc[r][c]);
}

// Block<R, C>::run over [i0, i1) in blocks of R, the last one shorter: R = 8 for one vector of
// channels (enough chains to cover the multiply-add latency), else 6 (6 · C accumulators: 24 of
// AVX-512's 32 registers at C = 4, 12 of AVX2's 16 at C = 2).
template <template <int, int> class Block, int C, int N, typename A>
void lastBlock(const A& a, int64_t i, int64_t v0, int64_t n) {
  if constexpr (N > 0) {
    if (n == N) {
      Block<N, C>::run(a, i, v0);
    } else {
      lastBlock<Block, C, N - 1>(a, i, v0, n);
    }
  }
}

template <template <int, int> class Block, int C, typename A>
void blocks(const A& a, int64_t i0, int64_t i1, int64_t v0) {
  constexpr int R = C == 1 ? 8 : 6;
  int64_t i = i0;
  for (; i + R <= i1; i += R) Block<R, C>::run(a, i, v0);
  lastBlock<Block, C, R - 1>(a, i, v0, i1 - i);
}

// blocks() over the channel vectors [a.v0, a.v1), up to NABLA_MAX_VECTORS at a time (4, a last 3
// as one block; 2; 1).
template <template <int, int> class Block, typename A>
void vectorBlocks(const A& a, int64_t i0, int64_t i1) {
  int64_t v = a.v0;
#if NABLA_MAX_VECTORS >= 4
  for (; a.v1 - v >= 4; v += 4) blocks<Block, 4>(a, i0, i1, v);
  if (a.v1 - v == 3) {
    blocks<Block, 3>(a, i0, i1, v);
    v += 3;
  }
#endif
  for (; a.v1 - v >= 2; v += 2) blocks<Block, 2>(a, i0, i1, v);
  if (v < a.v1) blocks<Block, 1>(a, i0, i1, v);
}

// The 8 × 8 tile at `in` (rows `ldIn` apart) transposed into `out` (rows `ldOut` apart): pairs of
// rows interleaved, then pairs of pairs, then halves.
void transpose8(const float* in, int64_t ldIn, float* out, int64_t ldOut) {
  Vec8 r[8], t[8], u[8];
  for (int i = 0; i < 8; ++i) r[i] = *reinterpret_cast<const Vec8U*>(in + i * ldIn);
  for (int i = 0; i < 8; i += 2) {
    t[i] = __builtin_shufflevector(r[i], r[i + 1], 0, 8, 1, 9, 4, 12, 5, 13);
    t[i + 1] = __builtin_shufflevector(r[i], r[i + 1], 2, 10, 3, 11, 6, 14, 7, 15);
  }
  for (int i = 0; i < 8; i += 4) {
    for (int j = 0; j < 2; ++j) {
      u[i + 2 * j] = __builtin_shufflevector(t[i + j], t[i + j + 2], 0, 1, 8, 9, 4, 5, 12, 13);
      u[i + 2 * j + 1] = __builtin_shufflevector(t[i + j], t[i + j + 2], 2, 3, 10, 11, 6, 7, 14, 15);
    }
  }
  for (int i = 0; i < 4; ++i) {
    *reinterpret_cast<Vec8U*>(out + i * ldOut) = __builtin_shufflevector(u[i], u[i + 4], 0, 1, 2, 3, 8, 9, 10, 11);
    *reinterpret_cast<Vec8U*>(out + (i + 4) * ldOut) =
        __builtin_shufflevector(u[i], u[i + 4], 4, 5, 6, 7, 12, 13, 14, 15);
  }
}

}  // namespace

void NABLA_LANES_TRANSPOSE(const float* in, int64_t rows, int64_t cols, int64_t ldIn, int64_t ldOut, float* out) {
  const int64_t r8 = rows / 8 * 8, c8 = cols / 8 * 8;
  for (int64_t c = 0; c < c8; c += 8)
    for (int64_t r = 0; r < r8; r += 8) transpose8(in + r * ldIn + c, ldIn, out + c * ldOut + r, ldOut);
  for (int64_t r = r8; r < rows; ++r)
    for (int64_t c = 0; c < c8; ++c) out[c * ldOut + r] = in[r * ldIn + c];
  for (int64_t c = c8; c < cols; ++c)
    for (int64_t r = 0; r < rows; ++r) out[c * ldOut + r] = in[r * ldIn + c];
}

void NABLA_LANES_FORWARD(const LanesForward& a) { vectorBlocks<ForwardBlock>(a, a.p0, a.p1); }

void NABLA_LANES_WEIGHT(const LanesWeight& a) { vectorBlocks<WeightBlock>(a, a.q0, a.q1); }

}  // namespace nabla
