// The host side of F(2×2, 3×3) (conv-winograd.h): which convolutions take it, the kernel's
// transform U = G g Gᵀ, and per image the padding, blocks of tile rows through the input
// transform, the 16 products on the sgemm and the output transform.
#include "conv-winograd.h"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <vector>

#include "conv-wide.h"
#include "scratch.h"
#include "sgemm.h"
#include "thread-pool.h"

namespace nabla {

namespace {

// NOTE(winograd-takes): where the transforms pay. A tile of an input channel costs its transform
// against 16·cOut products, a kernel its transform (and U's 16 matrices their memory) against its
// 16 products per tile, so both channel counts must be large and every call have tiles enough.
// One thread, AVX2, against the direct path (bench/NOTES.md, session 15): ResNet-18's 64→64 3×3
// on 56×56 0.67×, 128→128 on 28×28 0.60×, 256→256 on 14×14 0.72×; at batch 64 ResNet-20's 32→32
// on 16×16 0.71× and 64→64 on 8×8 0.76×, but 16→16 on 32×32 0.95× and on two threads slower;
// 32→32 on 6×6 (9 tiles) at batch 16 1.75×, 512→512 on 7×7 (16 tiles) at batch 1 1.22×.
// On AVX-512 (16-lane direct and lanes paths, a 32-column GEMM panel) the transforms still run on 8
// lanes, so they weigh twice as much against the products: both channel counts must be ≥ 64, a
// block's tiles must fill at least 3/4 of the GEMM's column panels (16 tiles, an 8×8 or 7×7 output,
// are half a panel, unless two images share a block: NOTE(winograd-images)), and a call must have
// ≥ 128 tiles to share U's transform (256→256 on 14×14 at batch 1, 49 tiles: 0.89× with its
// weights in cache, 1.12× cold inside ResNet-18, where U's 4 MB are written and read each call).
// One thread against the lanes and direct paths (session 16), weights in cache: ResNet-18's 64→64
// on 56×56 0.80×, 128→128 on 28×28 0.73×; 128→128 on 28×28 at batch 8 0.75×, 256→256 on 10×10 at
// batch 8 0.80×, 64→64 on 112×112 0.66×; input gradients 0.65–0.87×. With 32 channels it was
// mixed: 32→32 on 16×16 at batch 64 0.86×, but on 24×24 at batch 4 1.18× and on 10×10 at batch 16
// 1.35×.
constexpr int64_t kMinChannels = 32;
constexpr int64_t kMinChannelsWide = 64;
constexpr int64_t kMinBatchTilesWide = 128;
constexpr int64_t kMinTiles = 16;
constexpr int64_t kMinBatchTiles = 48;
// U is kept between calls (a thread's scratch): at most this many floats of it (64 MB, 1024 × 1024
// channels); wider layers stay on the direct path.
constexpr int64_t kMaxUFloats = 16 << 20;
// Tiles per block: the products' column count. The GEMM reads its A (U_ξ) in place, unpacked,
// while a product has at most 4 column panels (NOTE(gemm-in-place-a)).
constexpr int64_t kBlockPanels = 4;
// One image's blocks go round the pool when each thread gets at least this many (else each block's
// steps are split over it).
constexpr int64_t kBlocksPerThread = 2;
// The transforms' vectors (AVX2).
constexpr int64_t kLanes = 8;

int64_t roundUp(int64_t v, int64_t unit) { return (v + unit - 1) / unit * unit; }

// NOTE(winograd-apart): the floats from one of the 16 matrices (U, V or M) to the next: its own,
// rounded to a cache line, plus one line. The transforms touch all 16 at once, and at a multiple
// of 4 KB apart (256 × 256 floats) they share one set of L1's: U's transform took 3 ms there.
int64_t apart(int64_t floats) { return roundUp(floats, 16) + 16; }

// NOTE(winograd-rows): one image's blocks dealt round the pool (images() with overBlocks) can
// leave the threads uneven. ResNet-18's 56×56 outputs are 28 rows of 28 tiles: as blocks of the
// most rows that fill kBlockPanels column panels, 7 blocks, 4 and 3 a thread on two. So on AVX-512,
// when the blocks go round several threads, a block's rows are those, of up to twice that many,
// whose blocks, dealt in order to the least loaded thread, end soonest: a block costs its columns
// rounded up to whole panels plus two panels for its fixed work (the 16 products' calls, the input
// rows it shares with the next block), which is what the times fit; blocks of half the rows, 7 a
// thread, ran slower (0.80 against 0.68 ms). AVX-512, 2T, batch 1: 64→64 on 56×56 0.64–0.69 → 0.55
// ms (blocks of 8 rows); on 112×112 2.15–2.30 → 1.94–2.04 ms. One thread keeps its blocks (twice
// the rows ran 64→64 on 32×32 at batch 4 10% slower there), and so does AVX2 (the rule ran its
// 112×112 2.5% slower on two threads).
int64_t balancedRows(int64_t tilesH, int64_t tilesW, int64_t most, int64_t nr, int64_t threads) {
  int64_t best = most, bestSpan = INT64_MAX;
  std::vector<int64_t> load(static_cast<size_t>(threads));
  for (int64_t rows = std::min(tilesH, 2 * most); rows >= 1; --rows) {
    if ((tilesH + rows - 1) / rows < kBlocksPerThread * threads) continue;
    std::fill(load.begin(), load.end(), 0);
    for (int64_t ty = 0; ty < tilesH; ty += rows) {
      *std::min_element(load.begin(), load.end()) += roundUp(std::min(rows, tilesH - ty) * tilesW, nr) + 2 * nr;
    }
    const int64_t span = *std::max_element(load.begin(), load.end());
    if (span < bestSpan) best = rows, bestSpan = span;
  }
  return best;
}

// One image's geometry on the tile grid, and its blocks of tile rows; or, for small images, how
// many whole images share a block (NOTE(winograd-images)).
struct Plan {
  // ld: the floats from one row of a V or M matrix to the next (a block's tiles and slack).
  int64_t tilesH, tilesW, blockRows, blocks, images, ld, uMatrix, vMatrix, mMatrix;
  Padded pad;
};

// With `inside`, one image at a time is split over the pool (its blocks round it where there are
// enough: NOTE(winograd-rows)).
Plan planOf(const ConvShape& s, const Window3& win, bool inside) {
  Plan p{};
  p.tilesH = (win.oh + 1) / 2;
  p.tilesW = (win.ow + 1) / 2;
  const int64_t nr = activeGemm().nr, maxTiles = kBlockPanels * nr;
  const int64_t threads = ThreadPool::instance().size();
  p.blockRows = std::max<int64_t>(1, std::min(p.tilesH, maxTiles / p.tilesW));
  p.blocks = (p.tilesH + p.blockRows - 1) / p.blockRows;
  if (inside && threads > 1 && p.blocks >= kBlocksPerThread * threads && directLanes() > kLanes) {
    p.blockRows = balancedRows(p.tilesH, p.tilesW, p.blockRows, nr, threads);
    p.blocks = (p.tilesH + p.blockRows - 1) / p.blockRows;
  }
  // NOTE(winograd-images): an image of fewer tiles than the GEMM's column panel (ResNet-20's 8×8
  // outputs, 16 tiles, half of AVX-512's 32 columns) would leave the products' panels part empty;
  // whole images share a block instead, as many as fill one panel, while every thread still gets
  // two blocks. AVX-512, ResNet-20's 64→64 on 8×8 at batch 64, 1T: 1.98 → 1.63 ms forward, 1.84 →
  // 1.65 input gradient; 4 images a block ran the same, 8 (4 panels) 7% slower than 2.
  const int64_t perImage = p.tilesH * p.tilesW;
  p.images = perImage < nr ? std::max<int64_t>(1, std::min((nr + perImage - 1) / perImage,
                                                           s.batch / (kBlocksPerThread * threads)))
                           : 1;
  const int64_t tiles = p.images * p.blockRows * p.tilesW;
  p.ld = roundUp(tiles + kLanes, 16);
  p.uMatrix = apart(s.cOut * s.cIn);
  p.vMatrix = apart(s.cIn * p.ld);
  p.mMatrix = apart(s.cOut * p.ld);
  // Stride 2's column phases of the padded image, 2·tilesH + 2 rows (the tiles' patches, rows
  // past the image zero), each wide enough for the last vector's loads one column on.
  Padded& q = p.pad;
  q.phases = 2;
  q.copies = 2;
  q.shifted = false;
  q.width = roundUp(p.tilesW, kLanes) + kLanes;
  q.height = 2 * p.tilesH + 2;
  q.plane = 2 * q.height * q.width;
  q.floats = s.cIn * q.plane;
  return p;
}

// The V and M matrices of one block, this thread's.
struct BlockBuffers {
  float* v;
  float* m;
};
BlockBuffers blockBuffers(const Plan& p) {
  thread_local Scratch vBuffer, mBuffer;
  return {vBuffer.get(16 * p.vMatrix), mBuffer.get(16 * p.mMatrix)};
}

// Tile rows [ty0, ty0 + rows) of `count` images (all their rows when count > 1), whose padded
// planes are at `pad` (p.pad.floats apart), into their outputs from y on; with `parallel`, each
// step split over the pool (its channels, the 16 products, the output channels). Image g's tiles
// are the columns from g·rows·tilesW on.
void block(const Plan& p, const float* pad, int64_t count, const float* u, const float* bias, const ConvShape& s,
           const Window3& win, int64_t ty0, int64_t rows, const BlockBuffers& b, bool parallel, float* y) {
  const int64_t perImage = rows * p.tilesW, grads = s.cOut * win.oh * win.ow;
  const WinogradTiles t{rows, p.tilesW, p.pad.width, p.pad.height * p.pad.width, p.pad.plane, p.ld, p.vMatrix};
  claimRanges(s.cIn, parallel, [&](int64_t c0, int64_t c1) {
    // In image order: the columns an image's transform writes past its tiles (winogradInputAvx2 in
    // conv-winograd.h) are the next image's, written after them.
    for (int64_t g = 0; g < count; ++g) {
      winogradInputAvx2(t, pad + g * p.pad.floats + c0 * p.pad.plane + 2 * ty0 * p.pad.width, c1 - c0,
                        b.v + c0 * p.ld + g * perImage);
    }
  });
  const GemmImpl& gemm = activeGemm();
  claimRanges(16, parallel, [&](int64_t x0, int64_t x1) {
    thread_local Scratch gemmBuffer;
    float* work = gemmBuffer.get(gemm.workFloats);
    for (int64_t xi = x0; xi < x1; ++xi) {
      GemmProblem g{};
      g.a = u + xi * p.uMatrix;
      g.b = b.v + xi * p.vMatrix;
      g.c = b.m + xi * p.mMatrix;
      g.m = static_cast<long>(s.cOut);
      g.n = static_cast<long>(count * perImage);
      g.k = static_cast<long>(s.cIn);
      g.rsa = static_cast<long>(s.cIn);
      g.csa = 1;
      g.rsb = static_cast<long>(p.ld);
      g.csb = 1;
      g.ldc = static_cast<long>(p.ld);
      gemm.run(g, 0, g.m, 0, g.n, work);
    }
  });
  const WinogradOutput o{rows, p.tilesW, p.ld, p.mMatrix, win.oh - 2 * ty0, win.ow};
  claimRanges(s.cOut, parallel, [&](int64_t c0, int64_t c1) {
    for (int64_t co = c0; co < c1; ++co) {
      for (int64_t g = 0; g < count; ++g) {
        winogradOutputAvx2(o, b.m + co * p.ld + g * perImage, bias == nullptr ? 0.0f : bias[co],
                           y + g * grads + co * win.oh * win.ow + 2 * ty0 * win.ow);
      }
    }
  });
}

// `count` images (one, or p.images small ones sharing a block): padded, then their blocks, then
// `post` on each plane. With `parallel`, one image's blocks go round the pool when there are enough
// for every thread to get several, else each block's steps are split.
void images(const Plan& p, const float* x, int64_t count, const float* u, const float* bias, const ConvShape& s,
            const Window3& win, const ChannelEpilogue* post, bool parallel, float* y) {
  thread_local Scratch padBuffer;
  float* pad = padBuffer.get(count * p.pad.floats);
  const int64_t image = s.cIn * win.ih * win.iw, grads = s.cOut * win.oh * win.ow;
  for (int64_t g = 0; g < count; ++g)
    padImage(x + g * image, s.cIn, win.ih, win.iw, win.ph, win.pw, p.pad, parallel, pad + g * p.pad.floats);
  const bool overBlocks = parallel && count == 1 && p.blocks >= kBlocksPerThread * ThreadPool::instance().size();
  claimRanges(p.blocks, overBlocks, [&](int64_t b0, int64_t b1) {
    const BlockBuffers buffers = blockBuffers(p);
    for (int64_t i = b0; i < b1; ++i) {
      const int64_t ty0 = i * p.blockRows;
      block(p, pad, count, u, bias, s, win, ty0, std::min(p.blockRows, p.tilesH - ty0), buffers,
            parallel && !overBlocks, y);
    }
  });
  if (post == nullptr) return;
  const int64_t plane = win.oh * win.ow;
  claimRanges(s.cOut, parallel, [&](int64_t c0, int64_t c1) {
    for (int64_t g = 0; g < count; ++g) {
      for (int64_t c = c0; c < c1; ++c) post->apply(y + g * grads + c * plane, c, plane);
    }
  });
}

}  // namespace

bool winogradTakes(const ConvShape& s, const Window3& w) {
  const bool shape = w.id == 1 && w.kd == 1 && w.od == 1 && w.kh == 3 && w.kw == 3 && w.sh == 1 && w.sw == 1 &&
                     w.dh == 1 && w.dw == 1 && s.groups == 1 && w.ph <= 2 && w.pw <= 2;
  const int64_t tiles = ((w.oh + 1) / 2) * ((w.ow + 1) / 2);
  if (!(shape && s.cIn >= kMinChannels && s.cOut >= kMinChannels && 16 * s.cIn * s.cOut <= kMaxUFloats &&
        tiles >= kMinTiles && s.batch * tiles >= kMinBatchTiles)) {
    return false;
  }
  const int64_t lanes = directLanes();
  if (lanes == kLanes) return true;
  if (lanes < kLanes || s.cIn < kMinChannelsWide || s.cOut < kMinChannelsWide ||
      s.batch * tiles < kMinBatchTilesWide) {
    return false;
  }
  const Plan p = planOf(s, w, false);  // the blocks of one thread's plan
  const int64_t perBlock = p.images * p.blockRows * p.tilesW;
  return 4 * perBlock >= 3 * roundUp(perBlock, activeGemm().nr);
}

void winogradForward(const float* x, const float* w, const float* bias, const ConvShape& s, const Window3& win,
                     const ChannelEpilogue* post, bool overSamples, bool inside, float* y) {
  const Plan p = planOf(s, win, inside);
  thread_local Scratch uBuffer;
  float* u = uBuffer.get(16 * p.uMatrix);
  claimRanges(s.cOut, overSamples || inside,
              [&](int64_t c0, int64_t c1) { winogradFilterAvx2(w, s.cIn, c0, c1, p.uMatrix, u); });
  const int64_t image = s.cIn * win.ih * win.iw, grads = s.cOut * win.oh * win.ow;
  const int64_t groups = (s.batch + p.images - 1) / p.images;
  claimRanges(groups, overSamples, [&](int64_t begin, int64_t end) {
    for (int64_t i = begin * p.images; i < std::min(s.batch, end * p.images); i += p.images) {
      images(p, x + i * image, std::min(p.images, s.batch - i), u, bias, s, win, post, inside, y + i * grads);
    }
  });
}

#if !(defined(__x86_64__) || defined(_M_X64))
void winogradFilterAvx2(const float*, int64_t, int64_t, int64_t, int64_t, float*) { std::abort(); }
void winogradInputAvx2(const WinogradTiles&, const float*, int64_t, float*) { std::abort(); }
void winogradOutputAvx2(const WinogradOutput&, const float*, float, float*) { std::abort(); }
#endif

}  // namespace nabla
