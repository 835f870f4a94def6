#include "binding.h"
#include "conv.h"

#include <algorithm>
#include <cstdint>
#include <cstring>

#include "conv-lanes.h"
#include "conv-wide.h"
#include "conv-winograd.h"
#include "elementwise.h"
#include "scratch.h"
#include "sgemm.h"
#include "thread-pool.h"

namespace nabla {

namespace {

// Below this many flops a convolution stays on the calling thread (a fork costs a few µs).
constexpr double kParallelFlops = 2e6;
// The weight gradient sums the batch in this many chunks whatever the thread count, so its
// rounding does not change with NABLA_NUM_THREADS.
constexpr int64_t kWeightChunks = 8;
constexpr int64_t kLanesChunkPositions = 256;

// Direct convolution (conv-wide.h) wins while its sums are short (few channels × taps): im2col
// and GEMM packing then cost more than the products. bench/conv-kernels.ts (`more`), one thread,
// direct vs im2col + GEMM in ms: 3→32 3×3 on 32×32 forward 0.62–0.79 vs 0.89, weight 0.62–0.67
// vs 0.94; 32→32 3×3 on 16×16 forward 0.91 vs 1.71, weight 0.92 vs 1.42; 64→64 3×3 on 8×8
// forward 0.76 vs 0.83, input 0.93 vs 0.93. The weight gradient was held to 320 terms while its
// kernel kept eight lane sums per weight in memory (1.2 MB per chunk at 64→64); summed in
// registers, 64→64 3×3 on 8×8 at batch 64 takes 4.7 ms direct against 7.2 through GEMM (session
// 8, bench/NOTES.md). So: every pass up to 640 terms per output.
constexpr int64_t kDirectMaxTerms = 640;

// A 1×1 window with stride 1 and no padding reads the image as its own column matrix.
bool pointwise(const Window3& w) {
  return w.kernel() == 1 && w.sd == 1 && w.sh == 1 && w.sw == 1 && w.pd == 0 && w.ph == 0 && w.pw == 0;
}

// The most terms per output the direct path takes for the forward or input gradient of `win`.
// Not a pointwise window's beyond kDirectMaxTerms: its GEMM reads the image in place, no im2col
// (MobileNetV2's 960→160 1×1 on 7×7 took 1.3× as long direct). Any other window's whatever its
// sums: there the direct forward and input gradient beat im2col + GEMM or tie, on both vector
// widths. On 16 lanes (AVX-512) ResNet-18's 128→128 3×3 on 28×28 took 0.92–0.93× as long direct,
// 256→256 on 14×14 0.85–0.89×, their input gradients 0.87–1.0× (session 9). On 8 lanes (AVX2), the
// 512→512 3×3 on 7×7 took 0.81–0.83× (at batch 8, 256→256 on 7×7 0.80× forward, 0.68× input
// gradient); in ResNet-18's forward pass at batch 1 on two threads the 128→128 and 256→256 layers
// 0.88× and 0.86× (their im2col is 3.6 and 1.8 MB), and at batches 2–32 on one thread the same
// layers' forward and input gradient are within 3% either way, the 64→128 input gradient on 16×16
// 0.88× (session 14, bench/NOTES.md).
int64_t directTerms(const Window3& win) { return pointwise(win) ? kDirectMaxTerms : INT64_MAX; }

float* gemmWork() {
  thread_local Scratch s;
  return s.get(activeGemm().workFloats);
}
float* columnBuffer(int64_t floats) {
  thread_local Scratch s;
  return s.get(floats);
}

// NOTE(inside-samples): a call splits its samples over the thread pool, except when they cannot
// go round the threads evenly (one image at inference, or 3 on 2 threads) and one sample is worth
// a fork: then the samples run one after another and each one's work is split instead (its
// output channels, or its GEMM's tiles, and its im2col/col2im by channels). Either way each
// output is summed in the same order, so the result does not depend on the thread count.
bool insideSamples(int64_t batch, double flops) {
  const int64_t threads = ThreadPool::instance().size();
  return threads > 1 && batch > 0 && batch % threads != 0 && batch < 4 * threads && flops / batch >= kParallelFlops;
}

// A GemmProblem from the int64 sizes here (its fields are long, 32 bits on wasm32).
GemmProblem problem(const float* a, const float* b, float* c, int64_t m, int64_t n, int64_t k, int64_t rsa,
                    int64_t csa, int64_t rsb, int64_t csb, int64_t ldc) {
  auto l = [](int64_t v) { return static_cast<long>(v); };
  return GemmProblem{a, b, c, l(m), l(n), l(k), l(rsa), l(csa), l(rsb), l(csb), l(ldc)};
}

// C[g] = op(A[g]) · op(B[g]) for the `groups` products of one sample (A, B, C advancing by their
// strides), over the pool with `parallel`, else on the calling thread.
void gemms(const GemmProblem& p, int64_t groups, int64_t strideA, int64_t strideB, int64_t strideC, bool parallel) {
  if (p.m == 0 || p.n == 0) return;
  if (parallel) {
    sgemm({p, static_cast<long>(groups), static_cast<long>(strideA), static_cast<long>(strideB),
           static_cast<long>(strideC)});
    return;
  }
  for (int64_t g = 0; g < groups; ++g) {
    GemmProblem item = p;
    item.a += g * strideA;
    item.b += g * strideB;
    item.c += g * strideC;
    activeGemm().run(item, 0, p.m, 0, p.n, gemmWork());
  }
}

// im2col of one image, split over its channels with `parallel`.
void im2col(const float* x, int64_t channels, const Window3& w, bool parallel, float* cols) {
  claimRanges(channels, parallel, [&](int64_t c0, int64_t c1) {
    im2colF32(x + c0 * w.inPlane(), c1 - c0, w, cols + c0 * w.kernel() * w.outPlane());
  });
}

// x = the adjoint of im2col applied to cols (x overwritten), split over channels with `parallel`.
void col2im(const float* cols, int64_t channels, const Window3& w, bool parallel, float* x) {
  claimRanges(channels, parallel, [&](int64_t c0, int64_t c1) {
    std::memset(x + c0 * w.inPlane(), 0, (c1 - c0) * w.inPlane() * sizeof(float));
    col2imF32(cols + c0 * w.kernel() * w.outPlane(), c1 - c0, w, x + c0 * w.inPlane());
  });
}

struct Dims {
  int64_t inPlane, outPlane, rows, outPerGroup, image, grads, colsSize;
};

Dims dimsOf(const ConvShape& s, const Window3& w) {
  const int64_t rows = s.cIn / s.groups * w.kernel();
  return {w.inPlane(), w.outPlane(), rows, s.cOut / s.groups, s.cIn * w.inPlane(), s.cOut * w.outPlane(),
          s.cIn * w.kernel() * w.outPlane()};
}

}  // namespace

void ChannelEpilogue::apply(float* y, int64_t c, int64_t plane) const {
  const float* r = residual == nullptr ? nullptr : residual + (y - y0);
  affineClamp(y, scale[c], shift[c], r, lo, hi, y, plane);
}

void convForwardF32(const float* x, const float* w, const float* bias, const ConvShape& s, const Window3& win,
                    float* y, const ChannelEpilogue* post) {
  if (depthwiseShape(s, win)) {
    depthwiseForwardF32(x, w, bias, s, win, y, post);
    return;
  }
  const Dims d = dimsOf(s, win);
  const double flops = 2.0 * s.batch * s.cOut * d.rows * d.outPlane;
  const bool inside = insideSamples(s.batch, flops);
  const bool overSamples = !inside && flops >= kParallelFlops;
  if (winogradTakes(s, win)) {
    winogradForward(x, w, bias, s, win, post, overSamples, inside, y);
    return;
  }
  if (lanesForwardTakes(s, win)) {
    lanesForward(x, w, bias, s, win, post, overSamples, inside, y);
    return;
  }
  Padded p;
  if (wideLayout(s, win, s.cIn, directTerms(win), win.oh, win.ow, &p)) {
    const WideSample g{s.cIn, win.ih, win.iw, s.cOut, win.oh, win.ow, win.kh, win.kw, win.ph, win.pw};
    claimRanges(s.batch, overSamples, [&](int64_t begin, int64_t end) {
      for (int64_t i = begin; i < end; ++i) wideSample(x + i * d.image, w, bias, g, p, inside, y + i * d.grads, post);
    });
    return;
  }
  const bool direct = pointwise(win);
  claimRanges(s.batch, overSamples, [&](int64_t begin, int64_t end) {
    float* cols = direct ? nullptr : columnBuffer(d.colsSize);
    for (int64_t i = begin; i < end; ++i) {
      const float* xi = x + i * d.image;
      float* yi = y + i * d.grads;
      if (!direct) im2col(xi, s.cIn, win, inside, cols);
      const GemmProblem p = problem(w, direct ? xi : cols, yi, d.outPerGroup, d.outPlane, d.rows, d.rows, 1, d.outPlane, 1,
                                    d.outPlane);
      gemms(p, s.groups, d.outPerGroup * d.rows, d.rows * d.outPlane, d.outPerGroup * d.outPlane, inside);
      // Added while the sample's output is still in cache, instead of a broadcast add later.
      for (int64_t c = 0; bias != nullptr && c < s.cOut; ++c) {
        float* row = yi + c * d.outPlane;
        const float b0 = bias[c];
        for (int64_t o = 0; o < d.outPlane; ++o) row[o] += b0;
      }
      if (post == nullptr) continue;
      claimRanges(s.cOut, inside, [&](int64_t c0, int64_t c1) {
        for (int64_t c = c0; c < c1; ++c) post->apply(yi + c * d.outPlane, c, d.outPlane);
      });
    }
  });
}

void convInputGradF32(const float* dy, const float* w, const ConvShape& s, const Window3& win, float* dx) {
  if (depthwiseShape(s, win)) {
    depthwiseInputGradF32(dy, w, s, win, dx);
    return;
  }
  const Dims d = dimsOf(s, win);
  const double flops = 2.0 * s.batch * s.cOut * d.rows * d.outPlane;
  const bool inside = insideSamples(s.batch, flops);
  const bool overSamples = !inside && flops >= kParallelFlops;
  // At stride 1 the input gradient is a forward convolution of dy with the kernel flipped and
  // the channel axes swapped, padded by k − 1 − p (which must not be negative). At stride 2 it
  // goes through GEMM and col2im.
  Padded p;
  const bool strideOne = win.sh == 1 && win.sw == 1 && win.ph < win.kh && win.pw < win.kw;
  // The forward convolution that is this input gradient: cOut channels in, cIn out, on dy's plane.
  const ConvShape flippedShape{s.batch, s.cOut, s.cIn, 1};
  const Window3 flippedWindow{1, win.oh, win.ow, 1, win.kh, win.kw, 1, win.ih, win.iw, 1, 1, 1,
                              0, win.kh - 1 - win.ph, win.kw - 1 - win.pw, 1, 1, 1};
  const bool winograd = strideOne && s.groups == 1 && win.dh == 1 && win.dw == 1 &&
                        winogradTakes(flippedShape, flippedWindow);
  if (!winograd && lanesInputGradTakes(s, win)) {
    lanesInputGrad(dy, w, s, win, overSamples, inside, dx);
    return;
  }
  if (winograd || (strideOne && wideLayout(s, win, s.cOut, directTerms(win), win.ih, win.iw, &p))) {
    const int64_t taps = win.kernel();
    thread_local Scratch flippedBuffer;  // kept between calls: 9.4 MB for a 512→512 3×3 kernel
    float* flipped = flippedBuffer.get(s.cIn * s.cOut * taps);
    for (int64_t co = 0; co < s.cOut; ++co)
      for (int64_t ci = 0; ci < s.cIn; ++ci)
        for (int64_t t = 0; t < taps; ++t)
          flipped[(ci * s.cOut + co) * taps + t] = w[(co * s.cIn + ci) * taps + taps - 1 - t];
    if (winograd) {
      winogradForward(dy, flipped, nullptr, flippedShape, flippedWindow, nullptr, overSamples, inside, dx);
      return;
    }
    const WideSample g{s.cOut, win.oh, win.ow, s.cIn, win.ih, win.iw, win.kh, win.kw, win.kh - 1 - win.ph,
                       win.kw - 1 - win.pw};
    claimRanges(s.batch, overSamples, [&](int64_t begin, int64_t end) {
      for (int64_t i = begin; i < end; ++i)
        wideSample(dy + i * d.grads, flipped, nullptr, g, p, inside, dx + i * d.image);
    });
    return;
  }
  const bool direct = pointwise(win);
  claimRanges(s.batch, overSamples, [&](int64_t begin, int64_t end) {
    float* cols = direct ? nullptr : columnBuffer(d.colsSize);
    for (int64_t i = begin; i < end; ++i) {
      float* dxi = dx + i * d.image;
      // cols[group] = w[group]ᵀ · dy[group]; w[group] is stored [outPerGroup, rows].
      const GemmProblem p = problem(w, dy + i * d.grads, direct ? dxi : cols, d.rows, d.outPlane, d.outPerGroup, 1,
                                    d.rows, d.outPlane, 1, d.outPlane);
      gemms(p, s.groups, d.outPerGroup * d.rows, d.outPerGroup * d.outPlane, d.rows * d.outPlane, inside);
      if (!direct) col2im(cols, s.cIn, win, inside, dxi);
    }
  });
}

void convWeightGradF32(const float* x, const float* dy, const ConvShape& s, const Window3& win, float* dw) {
  if (depthwiseShape(s, win)) {
    depthwiseWeightGradF32(x, dy, s, win, dw);
    return;
  }
  const Dims d = dimsOf(s, win);
  const int64_t size = s.cOut * d.rows;
  if (s.batch == 0) {
    std::memset(dw, 0, size * sizeof(float));
    return;
  }
  const double flops = 2.0 * s.batch * s.cOut * d.rows * d.outPlane;
  const bool lanes = lanesWeightTakes(s, win);
  // Each chunk's partial sum is a whole dw: the lanes path takes at least kLanesChunkPositions
  // output positions a chunk, and splits its pairs over the threads when the chunks cannot go round
  // them (ResNet-18's 512→512 3×3 on 7×7 at batch 8: one chunk).
  const int64_t chunks =
      lanes ? std::clamp<int64_t>(s.batch * d.outPlane / kLanesChunkPositions, 1, std::min(s.batch, kWeightChunks))
            : std::min(s.batch, kWeightChunks);
  const bool inside = lanes ? chunks < ThreadPool::instance().size() && flops >= kParallelFlops
                            : insideSamples(s.batch, flops);
  Padded p;
  // The weight gradient keeps to kDirectMaxTerms on small planes too: its chunks of a small batch
  // are a sample or two, too short a sum for the direct kernel (256→256 3×3 on 7×7 at batch 8
  // took 2× as long direct).
  const bool wide = !lanes && wideLayout(s, win, s.cIn, kDirectMaxTerms, win.oh, win.ow, &p);
  // Kept between calls on the calling thread (which waits for the workers): a fresh zeroed
  // vector of this size was an mmap, page faults and a memset per call. Each chunk zeroes or
  // overwrites its own part.
  thread_local Scratch partialBuffer;
  float* partials = partialBuffer.get(chunks * size);

  auto wideChunk = [&](int64_t chunk, int64_t first, int64_t last) {
    float* sum = partials + chunk * size;
    std::memset(sum, 0, size * sizeof(float));
    wideWeightSamples(x, dy, s, win, p, first, last, inside, sum);
  };

  // im2col and per group dy[group] · cols[group]ᵀ, summed over the chunk's samples.
  const bool pointwiseWindow = pointwise(win);
  auto gemmChunk = [&](int64_t chunk, int64_t first, int64_t last) {
    float* cols = pointwiseWindow ? nullptr : columnBuffer(d.colsSize);
    float* sum = partials + chunk * size;
    for (int64_t i = first; i < last; ++i) {
      const float* xi = x + i * d.image;
      if (!pointwiseWindow) im2col(xi, s.cIn, win, inside, cols);
      // The chunk's first sample writes its sum; the others add onto it (BLAS's beta = 1).
      GemmProblem g = problem(dy + i * d.grads, pointwiseWindow ? xi : cols, sum, d.outPerGroup, d.rows, d.outPlane,
                              d.outPlane, 1, 1, d.outPlane, d.rows);
      g.accumulate = i != first;
      gemms(g, s.groups, d.outPerGroup * d.outPlane, d.rows * d.outPlane, d.outPerGroup * d.rows, inside);
    }
  };

  claimRanges(chunks, !inside && flops >= kParallelFlops, [&](int64_t begin, int64_t end) {
    for (int64_t chunk = begin; chunk < end; ++chunk) {
      const int64_t first = s.batch * chunk / chunks, last = s.batch * (chunk + 1) / chunks;
      if (lanes) {
        float* sum = partials + chunk * size;
        std::memset(sum, 0, size * sizeof(float));
        lanesWeightSamples(x, dy, s, win, first, last, inside, sum);
      } else if (wide) {
        wideChunk(chunk, first, last);
      } else {
        gemmChunk(chunk, first, last);
      }
    }
  });
  // The chunks in a fixed order, whatever thread computed them (the lanes path's in its transposed
  // layout, put back at the end).
  float* total = lanes ? partials : dw;
  if (!lanes) std::memcpy(dw, partials, size * sizeof(float));
  for (int64_t chunk = 1; chunk < chunks; ++chunk) {
    const float* part = partials + chunk * size;
    for (int64_t e = 0; e < size; ++e) total[e] += part[e];
  }
  if (lanes) lanesWeightLayout(total, s, win, dw);
}

}  // namespace nabla
