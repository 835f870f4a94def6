// The direct convolution's layout (conv-wide.h): whether it takes a convolution, on which vector
// width (8 or 16 lanes), grid (rows or wide) and column planes (stride phases or shifted copies).
#include <algorithm>
#include <cstring>

#include "conv-wide.h"
#include "sgemm.h"

namespace nabla {

namespace {

// The most terms per output the direct path takes at stride 2 (see wideLayout).
constexpr int64_t kStridedMaxTerms = 320;
int64_t roundUp(int64_t v, int64_t unit) { return (v + unit - 1) / unit * unit; }

// The direct path's grid for vectors of `lanes` outputs (p's width and height set): the row grid
// computes outH rows of whole vectors, the wide grid outH rows of the padded width, whichever is
// fewer (7 wide on 8 lanes: 8 against 9), and the row grid at stride `sh` > 1, which needs it.
void gridOf(int64_t lanes, int64_t sh, bool strided, int64_t outH, int64_t outW, Padded* p) {
  const int64_t rowVectors = (outW + lanes - 1) / lanes;
  p->lanes = lanes;
  p->rows = strided || outH * rowVectors * lanes <= roundUp(outH * p->width, lanes);
  p->rowVectors = p->rows ? rowVectors : 1;
  p->pitch = p->rows ? sh * p->width : lanes;
  p->outputs = p->rows ? outH * p->rowVectors * lanes : roundUp(outH * p->width, lanes);
  // The grid is the output plane itself: rows of whole vectors, or a wide grid without discarded
  // columns (a kernel one wide) that ends on a whole vector.
  p->compact = p->rows ? outW % lanes == 0 : p->width == outW && p->outputs == outH * outW;
}

// The column planes of one channel on the direct path's grid: `phases` (the stride across) of the
// padded rows, or (`shifted`) kw copies of them, copy b shifted left by b columns and cut to the
// output width, so that tap (a, b) reads copy b at row a: outputs of consecutive rows then sit
// side by side on the grid with nothing to throw away.
void columnsOf(bool shifted, const Window3& w, int64_t outH, int64_t outW, Padded* p) {
  p->phases = w.sw;
  p->shifted = shifted;
  p->copies = shifted ? w.kw : p->phases;
  const int64_t paddedWidth = (outW - 1) * w.sw + w.kw;
  p->width = shifted ? outW : (paddedWidth + p->phases - 1) / p->phases;
  p->height = (outH - 1) * w.sh + w.kh;
  p->plane = p->copies * p->height * p->width;
}

// NOTE(direct-lanes): where the GEMM runs AVX-512 (the one ISA choice: NABLA_NATIVE_ISA and the
// tests' setIsa included), the direct path runs 16-lane vectors, unless their grid computes 1.25×
// the outputs of the 8-lane grid or more. A 16-lane vector costs ~0.8 of two 8-lane ones (its
// unaligned loads split cache lines): 64→64 3×3 on 8×8, 80 outputs a plane on 16 lanes against
// 64, ran at the same speed either way (bench/NOTES.md, session 9). Stride 2 onto 8 columns
// computes 16 a row on 16 lanes, and stays on 8. On 16 lanes, shifted column copies replace the
// padded rows where they compute a tenth fewer outputs (narrow planes: 8×8 3×3 64 against 80) and
// one image's copies stay within kShiftedBytes, for at least kShiftedOutputs output channels.
// Elsewhere they were slower: kw copies read through a table of taps, 0.86 against 0.74 of the
// start on 16→16 3×3 on 32×32; 1.12 against 0.72 on 64→64 on 56×56, whose 2.5 MB of copies
// overflow L2; LeNet's 6→1 5×5 input gradient 1.05 against 0.52, where copying outweighs one
// channel's products.
constexpr int64_t kShiftedBytes = 512 << 10;
constexpr int64_t kShiftedOutputs = 4;

void chooseGrid(const Window3& w, int64_t channels, int64_t outChannels, int64_t outH, int64_t outW, Padded* p) {
  const bool strided = w.sh > 1 || w.sw > 1;
  columnsOf(false, w, outH, outW, p);
  gridOf(8, w.sh, strided, outH, outW, p);
  if (directLanes() != 16) return;
  Padded wide = *p;
  gridOf(16, w.sh, strided, outH, outW, &wide);
  if (!strided && w.kw > 1 && outChannels >= kShiftedOutputs) {
    Padded shifted = wide;
    columnsOf(true, w, outH, outW, &shifted);
    gridOf(16, w.sh, strided, outH, outW, &shifted);
    if (10 * shifted.outputs <= 9 * wide.outputs &&
        channels * shifted.plane * static_cast<int64_t>(sizeof(float)) <= kShiftedBytes) {
      wide = shifted;
    }
  }
  if (4 * wide.outputs < 5 * p->outputs) *p = wide;
}

}  // namespace

// The AVX2 inner loops when the CPU has them and the GEMM is not forced to the portable path
// (NABLA_NATIVE_ISA=portable then also tests the im2col path); their AVX-512 twins where the GEMM
// runs AVX-512 (NOTE(direct-lanes)).
int64_t directLanes() {
#if defined(__x86_64__) || defined(_M_X64)
  __builtin_cpu_init();
  const char* gemm = activeGemm().name;
  if (!__builtin_cpu_supports("avx2") || !__builtin_cpu_supports("fma") || std::strcmp(gemm, "portable") == 0) return 0;
  return std::strcmp(gemm, "avx512") == 0 ? 16 : 8;
#else
  return 0;
#endif
}

bool wideLayout(const ConvShape& s, const Window3& w, int64_t channels, int64_t maxTerms, int64_t outH,
                int64_t outW, Padded* p) {
  // Stride 2 copies every padded row and column, so it pays only where the kernel reads them all
  // (extent > 1 along a strided axis: a 1×1 stride-2 convolution is 2.4× slower direct), and
  // where the padded phases of the input channels stay in L2 through the output-channel sweeps
  // (ResNet-18's 64→128 3×3/2 on 56×56, 576 terms, is 1.4× slower direct; 144–288 terms are
  // 0.73× at batch 64). bench/NOTES.md, session 8.
  const bool strided = w.sh > 1 || w.sw > 1;
  const bool stride = (w.sh == 1 || (w.sh == 2 && w.kh > 1)) && (w.sw == 1 || (w.sw == 2 && w.kw > 1));
  const int64_t terms = channels * w.kernel();
  const bool shape = w.id == 1 && w.kd == 1 && w.od == 1 && stride && w.dh == 1 && w.dw == 1 && s.groups == 1 &&
                     w.kernel() <= 64 && outH > 0 && outW > 0;
  if (!shape || directLanes() == 0) return false;
  // The pass's output channels: cOut, or cIn for an input gradient (channels = cOut).
  const int64_t outChannels = channels == s.cIn ? s.cOut : s.cIn;
  chooseGrid(w, channels, outChannels, outH, outW, p);
  if (terms > (strided ? std::min(maxTerms, kStridedMaxTerms) : maxTerms)) return false;
  int64_t farthest = 0;
  for (int64_t a = 0; a < w.kh; ++a) {
    for (int64_t b = 0; b < w.kw; ++b) {
      const int64_t o = p->shifted ? b * p->height * p->width + a * p->width
                                   : (b % p->phases) * p->height * p->width + a * p->width + b / p->phases;
      p->off[a * w.kw + b] = o;
      farthest = std::max(farthest, o);
    }
  }
  // The padded planes, and the overread of the last vector past the last one.
  const int64_t lastVector =
      p->rows ? (outH - 1) * p->pitch + (p->rowVectors - 1) * p->lanes : p->outputs - p->lanes;
  p->floats = std::max(channels * p->plane, (channels - 1) * p->plane + farthest + lastVector + p->lanes);
  return true;
}

}  // namespace nabla
