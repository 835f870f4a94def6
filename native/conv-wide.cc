#include "conv-wide.h"

#include <algorithm>
#include <cstring>

#include "conv-direct.h"
#include "scratch.h"
#include "thread-pool.h"

namespace nabla {

namespace {

// Samples per call of the direct weight-gradient kernel (their padded images stay in L1/L2).
constexpr int64_t kDirectGroup = 8;
// Output channels per task when one sample's weight gradient is split over the pool: a multiple
// of the weight kernel's blocks of 4 (and 3).
constexpr int64_t kChannelBlock = 12;
// The forward kernel's blocks: 6 output channels, and up to 4 vectors.
constexpr int64_t kForwardBlock = 6;
constexpr int64_t kVectorBlock = 4;

typedef float V8 __attribute__((vector_size(32)));
typedef float V8u __attribute__((vector_size(32), aligned(4)));

void forwardKernel(const Padded& p, const WideForward& a, const float* w, float* y) {
  if (p.lanes == 16) {
    convWideForwardAvx512(a, w, y);
  } else {
    convWideForwardAvx2(a, w, y);
  }
}

void weightKernel(const Padded& p, const Wide& a, const float* x, const float* dy, float* dw) {
  if (p.lanes == 16) {
    convWideWeightAvx512(a, x, dy, dw);
  } else {
    convWideWeightAvx2(a, x, dy, dw);
  }
}

float* paddedBuffer(int64_t floats) {
  thread_local Scratch s;
  return s.get(floats);
}
float* wideBuffer(int64_t floats) {
  thread_local Scratch s;
  return s.get(floats);
}

// Channels [0, channels) of the padded image at `out` (the slack past the last channel of a whole
// image is padImage's).
void padChannels(const float* x, int64_t channels, int64_t inH, int64_t inW, int64_t padH, int64_t padW,
                 const Padded& p, float* out) {
  std::memset(out, 0, channels * p.plane * sizeof(float));
  const int64_t phasePlane = p.height * p.width;
  if (p.shifted) {
    // Copy b holds padded column j + b at column j.
    for (int64_t c = 0; c < channels; ++c) {
      for (int64_t r = 0; r < inH && r + padH < p.height; ++r) {
        const float* src = x + (c * inH + r) * inW;
        for (int64_t b = 0; b < p.copies; ++b) {
          const int64_t j0 = std::max<int64_t>(0, padW - b), j1 = std::min(p.width, inW + padW - b);
          if (j1 <= j0) continue;
          float* row = out + c * p.plane + b * phasePlane + (r + padH) * p.width;
          std::memcpy(row + j0, src + j0 + b - padW, (j1 - j0) * sizeof(float));
        }
      }
    }
    return;
  }
  const int64_t cols = std::min(inW, p.phases * p.width - padW);
  if (cols <= 0) return;
  for (int64_t c = 0; c < channels; ++c) {
    for (int64_t r = 0; r < inH && r + padH < p.height; ++r) {
      const float* src = x + (c * inH + r) * inW;
      float* row = out + c * p.plane + (r + padH) * p.width;
      if (p.phases == 1) {
        std::memcpy(row + padW, src, cols * sizeof(float));
        continue;
      }
      // Padded column q = i + padW goes to phase q mod 2, at q / 2: the even i to phase padW mod 2
      // from ⌊padW / 2⌋ on, the odd i to the other phase from ⌈padW / 2⌉ on, 16 at a time.
      float* evens = row + (padW & 1) * phasePlane + (padW >> 1);
      float* odds = row + (1 - (padW & 1)) * phasePlane + ((padW + 1) >> 1);
      int64_t i = 0;
      for (; i + 16 <= cols; i += 16) {
        const V8 lo = *reinterpret_cast<const V8u*>(src + i), hi = *reinterpret_cast<const V8u*>(src + i + 8);
        *reinterpret_cast<V8u*>(evens + i / 2) = __builtin_shufflevector(lo, hi, 0, 2, 4, 6, 8, 10, 12, 14);
        *reinterpret_cast<V8u*>(odds + i / 2) = __builtin_shufflevector(lo, hi, 1, 3, 5, 7, 9, 11, 13, 15);
      }
      for (; i < cols; ++i) ((i & 1) != 0 ? odds : evens)[i >> 1] = src[i];
    }
  }
}

// Calls body(co0, co1) over blocks of output channels, split over the pool with `parallel`.
template <typename Body>
void channelBlocks(int64_t cOut, bool parallel, const Body& body) {
  claimRanges((cOut + kChannelBlock - 1) / kChannelBlock, parallel, [&](int64_t b0, int64_t b1) {
    body(b0 * kChannelBlock, std::min(cOut, b1 * kChannelBlock));
  });
}

// Row r of an output channel's grid starts this many floats after row r − 1.
int64_t gridRow(const Padded& p) { return p.rows ? p.rowVectors * p.lanes : p.width; }

}  // namespace

void padImage(const float* x, int64_t channels, int64_t inH, int64_t inW, int64_t padH, int64_t padW,
              const Padded& p, bool parallel, float* out) {
  claimRanges(channels, parallel, [&](int64_t c0, int64_t c1) {
    padChannels(x + c0 * inH * inW, c1 - c0, inH, inW, padH, padW, p, out + c0 * p.plane);
  });
  std::memset(out + channels * p.plane, 0, (p.floats - channels * p.plane) * sizeof(float));
}

void wideSample(const float* in, const float* w, const float* bias, const WideSample& g, const Padded& p,
                bool parallel, float* out, const ChannelEpilogue* post) {
  float* image = paddedBuffer(p.floats);
  // On a compact row grid the kernel writes the output plane itself.
  float* wide = p.compact ? out : wideBuffer(g.cOut * p.outputs);
  padImage(in, g.cIn, g.inH, g.inW, g.padH, g.padW, p, parallel, image);
  const int64_t wStride = g.cIn * g.kh * g.kw, vectors = p.outputs / p.lanes;
  // Output channels [co0, co1) over vectors [v0, v1) of the grid.
  auto product = [&](int64_t co0, int64_t co1, int64_t v0, int64_t v1) {
    // Rows [padH, padH + inH) of the padded planes hold the image; the rest are zeros.
    const WideForward a{image, g.cIn, co1 - co0, p.plane, p.width, g.kh, g.kw, v0, v1, p.outputs, g.padH,
                        std::min(g.padH + g.inH, p.height), p.off, p.rowVectors, p.pitch};
    forwardKernel(p, a, w + co0 * wStride, wide + co0 * p.outputs);
  };
  // Channels [co0, co1) from the grid into their planes, with bias and `post`.
  auto finish = [&](int64_t co0, int64_t co1) {
    for (int64_t c = co0; c < co1; ++c) {
      const float b0 = bias == nullptr ? 0.0f : bias[c];
      float* plane = out + c * g.outH * g.outW;
      if (p.compact) {
        for (int64_t o = 0; bias != nullptr && o < p.outputs; ++o) plane[o] += b0;
      } else {
        for (int64_t r = 0; r < g.outH; ++r) {
          const float* src = wide + c * p.outputs + r * gridRow(p);
          float* dst = plane + r * g.outW;
          if (bias == nullptr) {
            std::memcpy(dst, src, g.outW * sizeof(float));
          } else {
            for (int64_t o = 0; o < g.outW; ++o) dst[o] = src[o] + b0;
          }
        }
      }
      if (post != nullptr) post->apply(plane, c, g.outH * g.outW);
    }
  };
  // NOTE(sample-split): one sample over the pool splits whichever of its operands is larger, so
  // that each thread reads part of it: the image (output positions, every thread taking all
  // channels of its ranges, the planes finished after) or the weights (output channels in the
  // kernel's blocks of 6, each thread reading the whole image), and its positions whenever too few
  // channel blocks go round the threads evenly. Two threads against one on ResNet-18's layers at
  // batch 1 (AVX2, session 14): the 7×7 stem 1.91× by positions, 1.71× by channels; 64→64 3×3 on
  // 56×56 1.78× and 1.82×; 256→256 on 14×14 1.70× and 1.84×. In channel blocks of 12, as before, the
  // 64→64 layer went 36 channels to one thread and 28 to the other: 1.67–1.73×.
  const int64_t blocks = (g.cOut + kForwardBlock - 1) / kForwardBlock;
  const int64_t tasks = 4 * ThreadPool::instance().size();
  if (parallel && (p.floats >= g.cOut * wStride || blocks < tasks)) {
    const int64_t chunk = (vectors + tasks - 1) / tasks;
    const int64_t size = (chunk + kVectorBlock - 1) / kVectorBlock * kVectorBlock;
    claimRanges((vectors + size - 1) / size, true, [&](int64_t b0, int64_t b1) {
      product(0, g.cOut, b0 * size, std::min(vectors, b1 * size));
    });
    claimRanges(g.cOut, true, finish);
    return;
  }
  claimRanges(blocks, parallel, [&](int64_t b0, int64_t b1) {
    const int64_t co0 = b0 * kForwardBlock, co1 = std::min(g.cOut, b1 * kForwardBlock);
    product(co0, co1, 0, vectors);
    finish(co0, co1);
  });
}

// dw[co, ci, t] = Σ_j dy_grid[co, j] · x_padded[ci, j + off[t]], with dy spread onto the grid
// (zeros in the discarded columns) so the sum may run over them.
void wideWeightSamples(const float* x, const float* dy, const ConvShape& s, const Window3& win, const Padded& p,
                       int64_t first, int64_t last, bool parallel, float* dw) {
  const int64_t image = s.cIn * win.inPlane(), grads = s.cOut * win.outPlane();
  for (; first < last; first += kDirectGroup) {
    const int64_t count = std::min(kDirectGroup, last - first);
    float* images = paddedBuffer(count * p.floats);
    // dy copied onto the grid, with zeros in the discarded columns; on a compact row grid as it
    // is, but into the scratch's aligned memory (read in place from the caller's array, ResNet-20's
    // 16→16 layer on 32×32 took 1.6× as long).
    const int64_t ldy = p.outputs;
    const int64_t dyStride = s.cOut * ldy;
    float* wideGrads = wideBuffer(count * dyStride);
    if (!p.compact) std::memset(wideGrads, 0, count * dyStride * sizeof(float));
    for (int64_t k = 0; k < count; ++k) {
      const float* dyi = dy + (first + k) * grads;
      for (int64_t c = 0; c < s.cOut; ++c) {
        if (p.compact) {
          std::memcpy(wideGrads + k * dyStride + c * ldy, dyi + c * p.outputs, p.outputs * sizeof(float));
          continue;
        }
        for (int64_t r = 0; r < win.oh; ++r)
          std::memcpy(wideGrads + k * dyStride + c * ldy + r * gridRow(p), dyi + (c * win.oh + r) * win.ow,
                      win.ow * sizeof(float));
      }
    }
    const float* grid = wideGrads;
    for (int64_t k = 0; k < count; ++k)
      padImage(x + (first + k) * image, s.cIn, win.ih, win.iw, win.ph, win.pw, p, parallel, images + k * p.floats);
    channelBlocks(s.cOut, parallel, [&](int64_t co0, int64_t co1) {
      const Wide a{s.cIn, co1 - co0, p.plane, win.kernel(), p.outputs, ldy, p.off, count, p.floats, dyStride,
                   p.rowVectors, p.pitch};
      weightKernel(p, a, images, grid + co0 * ldy, dw + co0 * s.cIn * win.kernel());
    });
  }
}

#if !(defined(__x86_64__) || defined(_M_X64))
void convWideForwardAvx2(const WideForward&, const float*, float*) {
  std::abort();
}
void convWideWeightAvx2(const Wide&, const float*, const float*, float*) {
  std::abort();
}
void convWideForwardAvx512(const WideForward&, const float*, float*) {
  std::abort();
}
void convWideWeightAvx512(const Wide&, const float*, const float*, float*) {
  std::abort();
}
#endif

}  // namespace nabla
