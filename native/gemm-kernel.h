// The blocked sgemm, written once over GCC/Clang vector extensions and compiled once per ISA.
// Include it only from a gemm-<isa>.cc that first defines:
//   NABLA_VEC_BYTES  vector register width in bytes (16 SSE/NEON, 32 AVX2, 64 AVX-512)
//   NABLA_MR         rows of the micro-tile
//   NABLA_NV         vectors per micro-tile row (the micro-tile is MR × NV·(VEC_BYTES/4))
//   NABLA_MC, NABLA_KC, NABLA_NC  cache blocks (MC a multiple of MR, NC a multiple of NR)
//   NABLA_K_UNROLL   depth steps per trip of the packed micro-kernel's loop
//   NABLA_FEW_ROWS   rows up to which B is packed a panel at a time (NOTE(gemm-few-rows)); ≥ MC
//   NABLA_IMPL, NABLA_IMPL_NAME   the GemmImpl object this file defines, and its name
//
// NOTE(sgemm): the algorithm is the one of BLIS (Van Zee & van de Geijn, "BLIS: A Framework for
// Rapidly Instantiating BLAS Functionality", 2015). Five loops around a micro-kernel:
//   for jc in steps of NC            (columns of C: the packed B block stays in L3/L2)
//     for pc in steps of KC          (depth: pack B[pc:pc+KC, jc:jc+NC] into NR-wide panels)
//       for ic in steps of MC        (rows: pack A[ic:ic+MC, pc:pc+KC] into MR-tall panels, in L2)
//         for jr in steps of NR      (one B panel, KC×NR, stays in L1)
//           for ir in steps of MR    micro-kernel: C[MR×NR] += Apanel · Bpanel, in registers
// Packing makes the micro-kernel's loads contiguous and aligned whatever the transposes are,
// and zero-pads edge panels so the micro-kernel never branches inside its k loop.
//
// NOTE(isa-odr): this header is compiled several times with different -m flags and linked into
// one library. Everything here has internal linkage (anonymous namespace) and it includes no
// header with inline functions the compiler could emit out of line (<algorithm>, <vector>...):
// a weak inline symbol compiled with -mavx512f could otherwise be picked by the linker for every
// caller, and crash a CPU without AVX-512.

#include <cstring>

#include "gemm.h"

namespace nabla {
namespace {

constexpr int kVecFloats = NABLA_VEC_BYTES / 4;
constexpr int MR = NABLA_MR;
constexpr int NV = NABLA_NV;
constexpr int NR = NV * kVecFloats;
constexpr long MC = NABLA_MC;
constexpr long KC = NABLA_KC;
constexpr long NC = NABLA_NC;
constexpr int kDepthUnroll = NABLA_K_UNROLL;
constexpr long kFewRows = NABLA_FEW_ROWS;
static_assert(MC % MR == 0 && NC % NR == 0, "cache blocks must hold whole micro-tiles");
static_assert(kFewRows >= MC && kFewRows % MR == 0, "the few-rows path packs up to kFewRows rows of A");

// Aligned type for the packed panels; the unaligned one (aligned(4)) for C, which is the
// caller's memory.
typedef float Vec __attribute__((vector_size(NABLA_VEC_BYTES)));
typedef float VecU __attribute__((vector_size(NABLA_VEC_BYTES), aligned(4)));

inline long minLong(long a, long b) { return a < b ? a : b; }

#if NABLA_VEC_BYTES >= 32
// NOTE(pack-transpose): an 8 × 8 block of floats transposed in registers: d[q·ldd + r] = s[r·lds + q].
// Eight row loads, three rounds of eight two-vector shuffles (unpack pairs of rows, then pairs of
// pairs, then 128-bit halves), eight contiguous stores, instead of 64 scalar loads and 64 stores
// NR floats apart. A transposed B (X·Wᵀ, every Linear layer's forward) packs through it: with
// few rows its panels serve few tiles, and on AVX-512 the scalar copy cost 128×512×784 a fifth of
// its time (bench/NOTES.md, session 16). So does a row-major A where MR is 8 (AVX-512).
typedef float F8 __attribute__((vector_size(32)));
typedef float F8U __attribute__((vector_size(32), aligned(4)));
typedef int I8 __attribute__((vector_size(32)));

inline __attribute__((always_inline)) void transpose8x8(const float* s, long lds, float* d, long ldd) {
  F8 r[8], t[8], u[8];
#pragma GCC unroll 8
  for (int i = 0; i < 8; ++i) r[i] = *reinterpret_cast<const F8U*>(s + i * lds);
  const I8 lo = {0, 8, 1, 9, 4, 12, 5, 13}, hi = {2, 10, 3, 11, 6, 14, 7, 15};
#pragma GCC unroll 4
  for (int i = 0; i < 8; i += 2) {
    t[i] = __builtin_shuffle(r[i], r[i + 1], lo);      // rows i, i+1 interleaved: columns 0, 1, 4, 5
    t[i + 1] = __builtin_shuffle(r[i], r[i + 1], hi);  // columns 2, 3, 6, 7
  }
  const I8 pairLo = {0, 1, 8, 9, 4, 5, 12, 13}, pairHi = {2, 3, 10, 11, 6, 7, 14, 15};
#pragma GCC unroll 2
  for (int h = 0; h < 8; h += 4) {
    u[h] = __builtin_shuffle(t[h], t[h + 2], pairLo);      // four rows of columns 0 and 4
    u[h + 1] = __builtin_shuffle(t[h], t[h + 2], pairHi);  // of columns 1 and 5
    u[h + 2] = __builtin_shuffle(t[h + 1], t[h + 3], pairLo);  // 2 and 6
    u[h + 3] = __builtin_shuffle(t[h + 1], t[h + 3], pairHi);  // 3 and 7
  }
  const I8 low = {0, 1, 2, 3, 8, 9, 10, 11}, high = {4, 5, 6, 7, 12, 13, 14, 15};
#pragma GCC unroll 4
  for (int q = 0; q < 4; ++q) {
    *reinterpret_cast<F8U*>(d + q * ldd) = __builtin_shuffle(u[q], u[q + 4], low);
    *reinterpret_cast<F8U*>(d + (q + 4) * ldd) = __builtin_shuffle(u[q], u[q + 4], high);
  }
}
#endif

// NOTE(pack-prefetch): packing reads its rows from L3 or memory when the operands outgrow L2
// (1024³: 4 MB each), a cache line at a time from rows 4 KB apart, a stride the stride prefetcher
// does not follow; each line's trip was exposed. So each panel requests the next one's lines while
// it copies: on AVX2, 1024³ 110.5–111.0 → 115.0–115.9 GFLOP/s (bench/NOTES.md, session 15).
// Packs op(A)[i0:i0+mc, p0:p0+kc] as MR-row panels: panel r holds element (i, p) at
// p * MR + i, so the micro-kernel reads the MR values of one depth step contiguously.
void packA(const GemmProblem& g, long i0, long mc, long p0, long kc, float* out) {
  for (long r = 0; r < mc; r += MR, out += MR * kc) {
    const long rows = minLong(MR, mc - r);
    const float* src = g.a + (i0 + r) * g.rsa + p0 * g.csa;
    if (rows == MR && g.csa == 1) {
      // Row-major A: MR contiguous row streams, written interleaved; the next panel's rows
      // requested a cache line at a time meanwhile (NOTE(pack-prefetch)).
      const bool ahead = r + 2 * MR <= mc;
      long p = 0;
#if NABLA_VEC_BYTES >= 32
      if constexpr (MR == 8) {
        // Eight depth steps of the eight rows at a time, through registers (NOTE(pack-transpose)).
        for (; p + 8 <= kc; p += 8) {
          if (ahead && p % 16 == 0) {
            for (int i = 0; i < MR; ++i) __builtin_prefetch(src + (MR + i) * g.rsa + p, 0, 2);
          }
          transpose8x8(src + p, g.rsa, out + p * MR, MR);
        }
      }
#endif
      for (; p < kc; ++p) {
        if (ahead && p % 16 == 0) {
          for (int i = 0; i < MR; ++i) __builtin_prefetch(src + (MR + i) * g.rsa + p, 0, 2);
        }
#pragma GCC unroll 16
        for (int i = 0; i < MR; ++i) out[p * MR + i] = src[i * g.rsa + p];
      }
    } else {
      // Transposed A (rsa == 1) reads contiguously here; edge panels are zero-padded.
      for (long p = 0; p < kc; ++p) {
        for (long i = 0; i < rows; ++i) out[p * MR + i] = src[i * g.rsa + p * g.csa];
        for (long i = rows; i < MR; ++i) out[p * MR + i] = 0.0f;
      }
    }
  }
}

// Packs op(B)[p0:p0+kc, j0:j0+nc] as NR-column panels: panel c holds element (p, j) at
// p * NR + j.
void packB(const GemmProblem& g, long p0, long kc, long j0, long nc, float* out) {
  for (long c = 0; c < nc; c += NR, out += NR * kc) {
    const long cols = minLong(NR, nc - c);
    const float* src = g.b + p0 * g.rsb + (j0 + c) * g.csb;
    if (cols == NR && g.csb == 1) {
      // Row-major B: each depth step is NR contiguous floats, one vector copy; the next panel's
      // line of the same row requested meanwhile.
      const bool ahead = j0 + c + 2 * NR <= g.n;
      for (long p = 0; p < kc; ++p) {
        if (ahead) __builtin_prefetch(src + p * g.rsb + NR, 0, 2);
#pragma GCC unroll 4
        for (int v = 0; v < NV; ++v) {
          VecU x = *reinterpret_cast<const VecU*>(src + p * g.rsb + v * kVecFloats);
          *reinterpret_cast<Vec*>(out + p * NR + v * kVecFloats) = x;
        }
      }
    } else if (cols == NR && g.rsb == 1) {
      // Transposed B: read each of the NR rows contiguously in blocks of 8 depth steps, so that
      // the NR streams stay few cache lines wide and the writes stay in L1.
      long p = 0;
      for (; p + 8 <= kc; p += 8) {
#if NABLA_VEC_BYTES >= 32
        for (int j = 0; j < NR; j += 8) transpose8x8(src + j * g.csb + p, g.csb, out + p * NR + j, NR);
#else
        for (int j = 0; j < NR; ++j) {
          const float* s = src + j * g.csb + p;
#pragma GCC unroll 8
          for (int q = 0; q < 8; ++q) out[(p + q) * NR + j] = s[q];
        }
#endif
      }
      for (; p < kc; ++p) {
        for (int j = 0; j < NR; ++j) out[p * NR + j] = src[j * g.csb + p];
      }
    } else {
      for (long p = 0; p < kc; ++p) {
        for (long j = 0; j < cols; ++j) out[p * NR + j] = src[p * g.rsb + j * g.csb];
        for (long j = cols; j < NR; ++j) out[p * NR + j] = 0.0f;
      }
    }
  }
}

// C[rows × cols] (+)= A panel · B panel (+ bias[0..cols) on every row, when given), over the first V
// of the panel's NV vectors of columns.
// The R × V accumulators (R the rows computed, MR but in a partial panel) live in registers for the
// whole k loop: per depth step, V vector loads of B, R broadcasts of A, R·V FMAs.
// With InPlace, A is read where it is instead of from a packed panel: row i of the tile at
// a + i·lda, contiguous in depth.
template <int V, bool InPlace, int R = MR>
inline __attribute__((always_inline)) void microTile(long kc, const float* __restrict a, long lda, const float* __restrict b, float* c, long ldc, long rows,
               long cols, bool accumulate, const float* bias) {
  // NOTE(c-prefetch): the tile's rows of C are requested for writing before the k loop, which hides
  // their trip from L3 or memory behind the products: a product writing a C that is not in cache (a
  // weight gradient into a fresh array) waited for each line at the tile's end. AVX-512, 1T:
  // 512×784×128 Xᵀ·dY into a cold C 0.80–0.84 → 0.77 ms, 1024³ into its kept C 14.7 → 13.6–14.3 ms
  // (bench/NOTES.md, session 16).
  Vec acc[R][V];
#pragma GCC unroll 32
  for (int i = 0; i < R; ++i) {
    __builtin_prefetch(c + i * ldc, 1, 3);
    __builtin_prefetch(c + i * ldc + V * kVecFloats - 1, 1, 3);
#pragma GCC unroll 4
    for (int v = 0; v < V; ++v) acc[i][v] = Vec{};
  }
  if (InPlace) {
    for (long p = 0; p < kc; ++p, b += NR) {
      Vec bv[V];
#pragma GCC unroll 4
      for (int v = 0; v < V; ++v) bv[v] = *reinterpret_cast<const Vec*>(b + v * kVecFloats);
#pragma GCC unroll 32
      for (int i = 0; i < R; ++i) {
        const float ai = a[i * lda + p];
#pragma GCC unroll 4
        for (int v = 0; v < V; ++v) acc[i][v] += ai * bv[v];
      }
    }
  } else {
#pragma GCC unroll kDepthUnroll
    for (long p = 0; p < kc; ++p, a += MR, b += NR) {
      Vec bv[V];
#pragma GCC unroll 4
      for (int v = 0; v < V; ++v) bv[v] = *reinterpret_cast<const Vec*>(b + v * kVecFloats);
#pragma GCC unroll 32
      for (int i = 0; i < R; ++i) {
        const float ai = a[i];
#pragma GCC unroll 4
        for (int v = 0; v < V; ++v) acc[i][v] += ai * bv[v];
      }
    }
  }
  if (rows == R && cols == V * kVecFloats) {
    if (bias != nullptr) {
#pragma GCC unroll 4
      for (int v = 0; v < V; ++v) {
        const Vec row = *reinterpret_cast<const VecU*>(bias + v * kVecFloats);
#pragma GCC unroll 32
        for (int i = 0; i < R; ++i) acc[i][v] += row;
      }
    }
#pragma GCC unroll 32
    for (int i = 0; i < R; ++i) {
#pragma GCC unroll 4
      for (int v = 0; v < V; ++v) {
        VecU* dst = reinterpret_cast<VecU*>(c + i * ldc + v * kVecFloats);
        *dst = accumulate ? *dst + acc[i][v] : acc[i][v];
      }
    }
    return;
  }
  // Edge tile: spill the registers, then write only the part inside C.
  alignas(64) float tile[R][V * kVecFloats];
  std::memcpy(tile, acc, sizeof tile);
  for (long i = 0; i < rows; ++i) {
    float* row = c + i * ldc;
    for (long j = 0; j < cols; ++j) {
      const float v = bias != nullptr ? tile[i][j] + bias[j] : tile[i][j];
      row[j] = accumulate ? row[j] + v : v;
    }
  }
}

// NOTE(partial-rows): the last row panel of a product whose rows are not a multiple of MR
// computes only its `rows` (< MR) rows, reading the zero-padded MR-row panel with its own stride:
// R·V accumulators instead of MR·V. As a full tile it cost a whole tile's time: 128 rows on AVX2
// are 21⅓ tiles of 6, the last a third used.
template <int V, bool InPlace, int R = MR - 1>
void partialTile(long kc, const float* __restrict a, long lda, const float* __restrict b, float* c, long ldc,
                 long rows, long cols, bool accumulate, const float* bias) {
  if constexpr (R >= 1) {
    if (rows == R) {
      microTile<V, InPlace, R>(kc, a, lda, b, c, ldc, rows, cols, accumulate, bias);
      return;
    }
    partialTile<V, InPlace, R - 1>(kc, a, lda, b, c, ldc, rows, cols, accumulate, bias);
  }
}

// The micro-kernel for one NR-wide panel. A panel of at most one vector of columns (the last of
// a width like 49 = 3 · 16 + 1) runs a one-vector tile: half the products of a full one.
void microKernel(long kc, const float* __restrict a, const float* __restrict b, float* c, long ldc, long rows,
                 long cols, bool accumulate, const float* bias, long lda = 0) {
  const bool narrow = NV > 1 && cols <= kVecFloats;
  if (rows < MR) {
    if (narrow) {
      lda > 0 ? partialTile<1, true>(kc, a, lda, b, c, ldc, rows, cols, accumulate, bias)
              : partialTile<1, false>(kc, a, lda, b, c, ldc, rows, cols, accumulate, bias);
    } else {
      lda > 0 ? partialTile<NV, true>(kc, a, lda, b, c, ldc, rows, cols, accumulate, bias)
              : partialTile<NV, false>(kc, a, lda, b, c, ldc, rows, cols, accumulate, bias);
    }
    return;
  }
  if (lda > 0) {
    if (narrow) {
      microTile<1, true>(kc, a, lda, b, c, ldc, rows, cols, accumulate, bias);
    } else {
      microTile<NV, true>(kc, a, lda, b, c, ldc, rows, cols, accumulate, bias);
    }
  } else if (narrow) {
    microTile<1, false>(kc, a, lda, b, c, ldc, rows, cols, accumulate, bias);
  } else {
    microTile<NV, false>(kc, a, lda, b, c, ldc, rows, cols, accumulate, bias);
  }
}

// Splits `total` into the fewest blocks of at most `cap`, of nearly equal size rounded up to a
// multiple of `unit`: k = 784 with KC = 256 gives 4 × 196 rather than 3 × 256 + a thin 16.
long balancedBlock(long total, long cap, long unit) {
  const long blocks = (total + cap - 1) / cap;
  const long size = (total + blocks - 1) / blocks;
  return minLong(cap, (size + unit - 1) / unit * unit);
}

// NOTE(packed-b): the layout packWhole writes and run reads with GemmProblem::packedB: for each
// depth block pc (balancedBlock(k, KC, 1) deep, kc floats), the packB panels of every column,
// panel c of the block at pc * roundUp(n, NR) + c * NR * kc. So the panels of columns from jc on
// start at pc * roundUp(n, NR) + jc * kc, whatever part of the columns a thread runs.
long packedFloats(long k, long n) { return (n + NR - 1) / NR * NR * k; }

void packWhole(const GemmProblem& g, float* out) {
  if (g.k == 0 || g.n == 0) return;
  const long kcBlock = balancedBlock(g.k, KC, 1);
  const long np = (g.n + NR - 1) / NR * NR;
  for (long pc = 0; pc < g.k; pc += kcBlock) packB(g, pc, minLong(kcBlock, g.k - pc), 0, g.n, out + pc * np);
}

void run(const GemmProblem& g, long i0, long i1, long j0, long j1, float* work) {
  float* packedB = work;          // KC × NC
  float* packedA = work + KC * NC;  // kFewRows × KC
  if (g.k == 0) {
    // C (+)= the bias, or nothing.
    for (long i = i0; i < i1; ++i) {
      float* row = g.c + i * g.ldc;
      for (long j = j0; j < j1; ++j) {
        const float v = g.bias != nullptr ? g.bias[j] : 0.0f;
        row[j] = g.accumulate ? row[j] + v : v;
      }
    }
    return;
  }
  const long kcBlock = balancedBlock(g.k, KC, 1);
  const long mcBlock = balancedBlock(i1 - i0, MC, MR);
  const bool accumulate = g.accumulate;
  const long np = (g.n + NR - 1) / NR * NR;
  // NOTE(gemm-in-place-a): a row-major A whose packed panels would serve at most kInPlacePanels
  // column panels (a convolution's weight times a 7×7 plane's 49 columns) is read in place:
  // packing it would copy every element of A to use it a few times.
  const bool inPlaceA = g.csa == 1 && (j1 - j0 + NR - 1) / NR <= 4;
  if (i1 - i0 <= kFewRows) {
    // NOTE(gemm-few-rows): at most kFewRows rows (a recurrent step's [batch, k] times a weight, a
    // small batch) are packed whole, so each B panel is used exactly once, right after it is
    // packed. Packing one KC × NR panel at a time keeps it in L1 instead of writing the whole
    // packed block (up to KC × NC floats, more than L2) out and streaming it back: for
    // [32, 256]·[256, 1024] that round trip cost about a third of the time, and on AVX-512 256³
    // ran 6% faster here than as two row blocks of MC = 128 (bench/NOTES.md, session 17).
    const long mc = i1 - i0;
    const long full = mc / MR * MR;
    for (long pc = 0; pc < g.k; pc += kcBlock) {
      const long kc = minLong(kcBlock, g.k - pc);
      if (!inPlaceA) {
        packA(g, i0, mc, pc, kc, packedA);
      } else if (full < mc) {
        packA(g, i0 + full, mc - full, pc, kc, packedA + full * kc);  // only the partial row panel
      }
      for (long jr = j0; jr < j1; jr += NR) {
        const long cols = minLong(NR, j1 - jr);
        const float* panel = g.packedB != nullptr ? g.packedB + pc * np + jr * kc : packedB;
        if (g.packedB == nullptr) packB(g, pc, kc, jr, cols, packedB);
        for (long ir = 0; ir < mc; ir += MR) {
          const bool direct = inPlaceA && ir < full;
          microKernel(kc, direct ? g.a + (i0 + ir) * g.rsa + pc : packedA + ir * kc, panel,
                      g.c + (i0 + ir) * g.ldc + jr, g.ldc, minLong(MR, mc - ir), cols, pc > 0 || accumulate,
                      pc == 0 && g.bias != nullptr ? g.bias + jr : nullptr, direct ? g.rsa : 0);
        }
      }
    }
    return;
  }
  for (long jc = j0; jc < j1; jc += NC) {
    const long nc = minLong(NC, j1 - jc);
    for (long pc = 0; pc < g.k; pc += kcBlock) {
      const long kc = minLong(kcBlock, g.k - pc);
      const float* block = g.packedB != nullptr ? g.packedB + pc * np + jc * kc : packedB;
      if (g.packedB == nullptr) packB(g, pc, kc, jc, nc, packedB);
      for (long ic = i0; ic < i1; ic += mcBlock) {
        const long mc = minLong(mcBlock, i1 - ic);
        if (inPlaceA) {
          // Only the last, partial row panel is packed (zero rows past m).
          const long full = mc / MR * MR;
          if (full < mc) packA(g, ic + full, mc - full, pc, kc, packedA + full * kc);
        } else {
          packA(g, ic, mc, pc, kc, packedA);
        }
        for (long jr = 0; jr < nc; jr += NR) {
          for (long ir = 0; ir < mc; ir += MR) {
            const bool direct = inPlaceA && ir + MR <= mc;
            microKernel(kc, direct ? g.a + (ic + ir) * g.rsa + pc : packedA + ir * kc, block + jr * kc,
                        g.c + (ic + ir) * g.ldc + jc + jr, g.ldc, minLong(MR, mc - ir), minLong(NR, nc - jr),
                        pc > 0 || accumulate, pc == 0 && g.bias != nullptr ? g.bias + jc + jr : nullptr,
                        direct ? g.rsa : 0);
          }
        }
      }
    }
  }
}

}  // namespace

extern const GemmImpl NABLA_IMPL = {NABLA_IMPL_NAME, KC * NC + kFewRows * KC, MR, NR, run, packedFloats, packWhole};

}  // namespace nabla
