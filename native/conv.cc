#include "binding.h"
#include "conv.h"

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "conv-direct.h"
#include "sgemm.h"
#include "thread-pool.h"

namespace nabla {

namespace {

// Below this many flops a convolution stays on the calling thread (a fork costs a few µs).
constexpr double kParallelFlops = 2e6;
// The weight gradient sums the batch in this many chunks whatever the thread count, so its
// rounding does not change with NABLA_NUM_THREADS.
constexpr int64_t kWeightChunks = 8;

// A per-thread buffer grown on demand (64-byte aligned for the GEMM's packed panels).
struct Scratch {
  float* data = nullptr;
  int64_t size = 0;
  ~Scratch() { std::free(data); }
  float* get(int64_t floats) {
    if (size < floats) {
      std::free(data);
      data = static_cast<float*>(std::aligned_alloc(64, (floats * sizeof(float) + 63) / 64 * 64));
      size = floats;
    }
    return data;
  }
};

float* gemmWork() {
  thread_local Scratch s;
  return s.get(activeGemm().workFloats);
}
float* columnBuffer(int64_t floats) {
  thread_local Scratch s;
  return s.get(floats);
}
float* productBuffer(int64_t floats) {
  thread_local Scratch s;
  return s.get(floats);
}

// A 1×1 window with stride 1 and no padding reads the image as its own column matrix.
bool pointwise(const Window3& w) {
  return w.kernel() == 1 && w.sd == 1 && w.sh == 1 && w.sw == 1 && w.pd == 0 && w.ph == 0 && w.pw == 0;
}

// C = op(A) · op(B) on the calling thread; a transposed operand is only a swapped stride pair.
void gemm(const float* a, long rsa, long csa, const float* b, long rsb, long csb, float* c, long m, long n, long k) {
  if (m == 0 || n == 0) return;
  const GemmProblem p{a, b, c, m, n, k, rsa, csa, rsb, csb, n};
  activeGemm().run(p, 0, m, 0, n, gemmWork());
}

// Calls body(begin, end) over ranges covering [0, items): on the calling thread alone for small
// work, else over the pool with ranges handed out from a shared counter, so a thread that the
// OS schedules late (the machine is shared) does less of the work instead of holding up the rest.
template <typename Body>
void split(int64_t items, double flops, Body body) {
  ThreadPool& pool = ThreadPool::instance();
  const int64_t parts = flops < kParallelFlops ? 1 : std::min<int64_t>(pool.size(), items);
  if (parts <= 1) {
    body(0, items);
    return;
  }
  const int64_t block = std::max<int64_t>(1, items / (4 * parts));
  std::atomic<int64_t> next{0};
  pool.run([&](int) {
    for (int64_t begin = next.fetch_add(block); begin < items; begin = next.fetch_add(block)) {
      body(begin, std::min(items, begin + block));
    }
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


// ---- Direct path (conv-direct.h): stride 1, dilation 1, one group, 1–2 spatial axes. ----

// The AVX2 inner loops when the CPU has them and the GEMM is not forced to the portable path
// (NABLA_NATIVE_ISA=portable then also tests the im2col path here).
bool directAvailable() {
#if defined(__x86_64__) || defined(_M_X64)
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") &&
         std::strcmp(activeGemm().name, "portable") != 0;
#else
  return false;
#endif
}

// Direct convolution wins while its sums are short (few channels × taps): im2col and GEMM
// packing then cost more than the products. bench/conv-kernels.ts (`more`), one thread, direct vs
// im2col + GEMM in ms: 3→32 3×3 on 32×32 forward 0.62–0.79 vs 0.89, weight 0.62–0.67 vs 0.94;
// 32→32 3×3 on 16×16 forward 0.91 vs 1.71, weight 0.92 vs 1.42; 64→64 3×3 on 8×8 forward
// 0.76 vs 0.83, input 0.93 vs 0.93, but weight 3.46 vs 1.08 (the weight kernel's blocks get
// short). So: forward and input gradient up to 640 terms per output, weight gradient up to 320.
constexpr int64_t kDirectMaxTerms = 640;
constexpr int64_t kDirectWeightMaxTerms = 320;
// Samples per call of the direct weight-gradient kernel.
constexpr int64_t kDirectGroup = 8;

// Stride 1, dilation 1, one group, 1–2 spatial axes, and at most `maxTerms` = channels × taps
// summed per output.
bool directShape(const ConvShape& s, const Window3& w, int64_t channels, int64_t maxTerms) {
  return w.id == 1 && w.kd == 1 && w.od == 1 && w.sh == 1 && w.sw == 1 && w.dh == 1 && w.dw == 1 && s.groups == 1 &&
         channels * w.kernel() <= maxTerms && directAvailable();
}

int64_t roundUp(int64_t v, int64_t unit) { return (v + unit - 1) / unit * unit; }

// One image's channels zero-padded into rows of the wide grid: `height` rows of `width`, the
// input placed at (padH, padW) and clipped to the grid, plus slack after the last channel so that
// the wide loops' overreads (which only feed discarded outputs) stay inside the buffer.
struct Padded {
  int64_t width, height, plane, wideOutputs, floats;
  int64_t off[64];  // tap offsets (layout() declines kernels of more than 64 taps)
};

float* paddedBuffer(int64_t floats) {
  thread_local Scratch s;
  return s.get(floats);
}
float* wideBuffer(int64_t floats) {
  thread_local Scratch s;
  return s.get(floats);
}

void padImage(const float* x, int64_t channels, int64_t inH, int64_t inW, int64_t padH, int64_t padW,
              const Padded& p, float* out) {
  std::memset(out, 0, p.floats * sizeof(float));
  const int64_t cols = std::min(inW, p.width - padW);
  if (cols <= 0) return;
  for (int64_t c = 0; c < channels; ++c) {
    for (int64_t r = 0; r < inH && r + padH < p.height; ++r) {
      std::memcpy(out + c * p.plane + (r + padH) * p.width + padW, x + (c * inH + r) * inW, cols * sizeof(float));
    }
  }
}

// The wide grid of an output `outH × outW` from a kernel `kh × kw` over `channels` planes.
bool layout(int64_t channels, int64_t outH, int64_t outW, int64_t kh, int64_t kw, int64_t unit, Padded* p) {
  if (kh * kw > 64) return false;
  p->width = outW + kw - 1;
  p->height = outH + kh - 1;
  p->plane = p->height * p->width;
  p->wideOutputs = roundUp(outH * p->width, unit);
  for (int64_t a = 0; a < kh; ++a)
    for (int64_t b = 0; b < kw; ++b) p->off[a * kw + b] = a * p->width + b;
  p->floats = (channels - 1) * p->plane + p->off[kh * kw - 1] + p->wideOutputs;
  return true;
}

// out [cOut, outH, outW] (+ bias) = w [cOut, cIn, kh, kw] ⋆ in [cIn, inH, inW] padded by (padH, padW).
void directSample(const float* in, int64_t cIn, int64_t inH, int64_t inW, const float* w, int64_t cOut, int64_t outH,
                  int64_t outW, int64_t kh, int64_t kw, int64_t padH, int64_t padW, const float* bias, const Padded& p,
                  float* out) {
  float* image = paddedBuffer(p.floats);
  float* wide = wideBuffer(cOut * p.wideOutputs);
  padImage(in, cIn, inH, inW, padH, padW, p, image);
  // Rows [padH, padH + inH) of the padded planes hold the image; the rest are zeros.
  const WideForward a{image, cIn, cOut, p.plane, p.width, kh, kw, p.wideOutputs, p.wideOutputs,
                      padH, std::min(padH + inH, p.height), p.off};
  convWideForwardAvx2(a, w, wide);
  for (int64_t c = 0; c < cOut; ++c) {
    const float b0 = bias == nullptr ? 0.0f : bias[c];
    for (int64_t r = 0; r < outH; ++r) {
      const float* src = wide + c * p.wideOutputs + r * p.width;
      float* dst = out + (c * outH + r) * outW;
      if (bias == nullptr) {
        std::memcpy(dst, src, outW * sizeof(float));
      } else {
        for (int64_t o = 0; o < outW; ++o) dst[o] = src[o] + b0;
      }
    }
  }
}

}  // namespace

void convForwardF32(const float* x, const float* w, const float* bias, const ConvShape& s, const Window3& win,
                    float* y) {
  if (depthwiseShape(s, win)) {
    depthwiseForwardF32(x, w, bias, s, win, y);
    return;
  }
  const Dims d = dimsOf(s, win);
  const bool direct = pointwise(win);
  const double flops = 2.0 * s.batch * s.cOut * d.rows * d.outPlane;
  Padded p;
  if (directShape(s, win, s.cIn, kDirectMaxTerms) && layout(s.cIn, win.oh, win.ow, win.kh, win.kw, 16, &p)) {
    split(s.batch, flops, [&](int64_t begin, int64_t end) {
      for (int64_t i = begin; i < end; ++i) {
        directSample(x + i * d.image, s.cIn, win.ih, win.iw, w, s.cOut, win.oh, win.ow, win.kh, win.kw, win.ph,
                     win.pw, bias, p, y + i * d.grads);
      }
    });
    return;
  }
  split(s.batch, flops, [&](int64_t begin, int64_t end) {
    float* cols = direct ? nullptr : columnBuffer(d.colsSize);
    for (int64_t i = begin; i < end; ++i) {
      const float* xi = x + i * d.image;
      float* yi = y + i * d.grads;
      if (!direct) im2colF32(xi, s.cIn, win, cols);
      const float* b = direct ? xi : cols;
      for (int64_t g = 0; g < s.groups; ++g) {
        gemm(w + g * d.outPerGroup * d.rows, d.rows, 1, b + g * d.rows * d.outPlane, d.outPlane, 1,
             yi + g * d.outPerGroup * d.outPlane, d.outPerGroup, d.outPlane, d.rows);
      }
      if (bias == nullptr) continue;
      // Added while the sample's output is still in cache, instead of a broadcast add later.
      for (int64_t c = 0; c < s.cOut; ++c) {
        float* row = yi + c * d.outPlane;
        const float b0 = bias[c];
        for (int64_t o = 0; o < d.outPlane; ++o) row[o] += b0;
      }
    }
  });
}

void convInputGradF32(const float* dy, const float* w, const ConvShape& s, const Window3& win, float* dx) {
  if (depthwiseShape(s, win)) {
    depthwiseInputGradF32(dy, w, s, win, dx);
    return;
  }
  const Dims d = dimsOf(s, win);
  const bool direct = pointwise(win);
  const double flops = 2.0 * s.batch * s.cOut * d.rows * d.outPlane;
  // At stride 1 the input gradient is a forward convolution of dy with the kernel flipped and
  // the channel axes swapped, padded by k − 1 − p (which must not be negative).
  Padded p;
  if (directShape(s, win, s.cOut, kDirectMaxTerms) && win.ph < win.kh && win.pw < win.kw &&
      layout(s.cOut, win.ih, win.iw, win.kh, win.kw, 16, &p)) {
    const int64_t taps = win.kernel();
    std::vector<float> flipped(s.cIn * s.cOut * taps);
    for (int64_t co = 0; co < s.cOut; ++co)
      for (int64_t ci = 0; ci < s.cIn; ++ci)
        for (int64_t t = 0; t < taps; ++t)
          flipped[(ci * s.cOut + co) * taps + t] = w[(co * s.cIn + ci) * taps + taps - 1 - t];
    split(s.batch, flops, [&](int64_t begin, int64_t end) {
      for (int64_t i = begin; i < end; ++i) {
        directSample(dy + i * d.grads, s.cOut, win.oh, win.ow, flipped.data(), s.cIn, win.ih, win.iw, win.kh, win.kw,
                     win.kh - 1 - win.ph, win.kw - 1 - win.pw, nullptr, p, dx + i * d.image);
      }
    });
    return;
  }
  split(s.batch, flops, [&](int64_t begin, int64_t end) {
    float* cols = direct ? nullptr : columnBuffer(d.colsSize);
    for (int64_t i = begin; i < end; ++i) {
      const float* dyi = dy + i * d.grads;
      float* dxi = dx + i * d.image;
      // cols[group] = w[group]ᵀ · dy[group]; w[group] is stored [outPerGroup, rows].
      float* c = direct ? dxi : cols;
      for (int64_t g = 0; g < s.groups; ++g) {
        gemm(w + g * d.outPerGroup * d.rows, 1, d.rows, dyi + g * d.outPerGroup * d.outPlane, d.outPlane, 1,
             c + g * d.rows * d.outPlane, d.rows, d.outPlane, d.outPerGroup);
      }
      if (direct) continue;
      std::memset(dxi, 0, d.image * sizeof(float));
      col2imF32(cols, s.cIn, win, dxi);
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
  const int64_t chunks = std::min(s.batch, kWeightChunks);
  Padded p;
  const bool wide =
      directShape(s, win, s.cIn, kDirectWeightMaxTerms) && layout(s.cIn, win.oh, win.ow, win.kh, win.kw, 16, &p);
  // Kept between calls on the calling thread (which waits for the workers): a fresh zeroed
  // vector of this size was an mmap, page faults and a memset per call. Each chunk zeroes or
  // overwrites its own part.
  thread_local Scratch partialBuffer, laneBuffer;
  float* partials = partialBuffer.get(chunks * size);
  float* lanes = wide ? laneBuffer.get(chunks * size * 8) : nullptr;

  // dw[co, ci, t] = Σ_j dy_wide[co, j] · x_padded[ci, j + off[t]], with dy spread onto the wide
  // grid (zeros in the discarded columns) so the sum may run over them.
  auto directChunk = [&](int64_t chunk, int64_t first, int64_t last) {
    float* sum = lanes + chunk * size * 8;
    std::memset(sum, 0, size * 8 * sizeof(float));
    // A few samples per kernel call (their padded images stay in L1/L2).
    for (; first < last; first += kDirectGroup) {
      const int64_t count = std::min(kDirectGroup, last - first);
      const Wide a{s.cIn, s.cOut, p.plane, win.kernel(), p.wideOutputs, p.wideOutputs, p.off,
                   count, p.floats, s.cOut * p.wideOutputs};
      float* images = paddedBuffer(count * p.floats);
      float* grads = wideBuffer(count * a.dyStride);
      std::memset(grads, 0, count * a.dyStride * sizeof(float));
      for (int64_t k = 0; k < count; ++k) {
        padImage(x + (first + k) * d.image, s.cIn, win.ih, win.iw, win.ph, win.pw, p, images + k * p.floats);
        const float* dyi = dy + (first + k) * d.grads;
        for (int64_t c = 0; c < s.cOut; ++c)
          for (int64_t r = 0; r < win.oh; ++r)
            std::memcpy(grads + k * a.dyStride + c * p.wideOutputs + r * p.width, dyi + (c * win.oh + r) * win.ow,
                        win.ow * sizeof(float));
      }
      convWideWeightAvx2(a, images, grads, sum);
    }
    // The eight lanes of each weight, added pairwise as a vector unit would.
    float* out = partials + chunk * size;
    for (int64_t e = 0; e < size; ++e) {
      const float* v = sum + e * 8;
      out[e] = ((v[0] + v[4]) + (v[1] + v[5])) + ((v[2] + v[6]) + (v[3] + v[7]));
    }
  };

  // im2col and per group dy[group] · cols[group]ᵀ, summed over the chunk's samples.
  const bool pointwiseWindow = pointwise(win);
  auto gemmChunk = [&](int64_t chunk, int64_t first, int64_t last) {
    float* cols = pointwiseWindow ? nullptr : columnBuffer(d.colsSize);
    float* product = productBuffer(size);
    float* sum = partials + chunk * size;
    for (int64_t i = first; i < last; ++i) {
      const float* xi = x + i * d.image;
      const float* dyi = dy + i * d.grads;
      if (!pointwiseWindow) im2colF32(xi, s.cIn, win, cols);
      const float* b = pointwiseWindow ? xi : cols;
      // The chunk's first sample writes its sum directly; the others go through `product`.
      float* target = i == first ? sum : product;
      for (int64_t g = 0; g < s.groups; ++g) {
        gemm(dyi + g * d.outPerGroup * d.outPlane, d.outPlane, 1, b + g * d.rows * d.outPlane, 1, d.outPlane,
             target + g * d.outPerGroup * d.rows, d.outPerGroup, d.rows, d.outPlane);
      }
      if (i != first) {
        for (int64_t e = 0; e < size; ++e) sum[e] += product[e];
      }
    }
  };

  split(chunks, 2.0 * s.batch * s.cOut * d.rows * d.outPlane, [&](int64_t begin, int64_t end) {
    for (int64_t chunk = begin; chunk < end; ++chunk) {
      const int64_t first = s.batch * chunk / chunks, last = s.batch * (chunk + 1) / chunks;
      if (wide) {
        directChunk(chunk, first, last);
      } else {
        gemmChunk(chunk, first, last);
      }
    }
  });
  // The chunks in a fixed order, whatever thread computed them.
  std::memcpy(dw, partials, size * sizeof(float));
  for (int64_t chunk = 1; chunk < chunks; ++chunk) {
    const float* part = partials + chunk * size;
    for (int64_t e = 0; e < size; ++e) dw[e] += part[e];
  }
}

#if !(defined(__x86_64__) || defined(_M_X64))
void convWideForwardAvx2(const WideForward&, const float*, float*) {
  std::abort();
}
void convWideWeightAvx2(const Wide&, const float*, const float*, float*) {
  std::abort();
}
#endif

// Entry points (see binding.h). The conv shape's channels must divide by groups, and every array
// must hold its shape.
namespace {

bool readConv(Size batch, Size cIn, Size cOut, Size groups, I32 geometry, ConvShape* s, Window3* w) {
  *s = {batch, cIn, cOut, groups};
  return readWindow(geometry, w) &&
         check(groups >= 1 && cIn % groups == 0 && cOut % groups == 0, "conv channels must be divisible by groups");
}

int64_t imageSize(const ConvShape& s, const Window3& w) { return s.batch * s.cIn * w.inPlane(); }
int64_t outputSize(const ConvShape& s, const Window3& w) { return s.batch * s.cOut * w.outPlane(); }
int64_t weightSize(const ConvShape& s, const Window3& w) { return s.cIn / s.groups * s.cOut * w.kernel(); }

}  // namespace

void convForwardEntry(F32 x, F32 w, OptionalF32 bias, Size batch, Size cIn, Size cOut, Size groups, I32 geometry,
                      F32 y) {
  ConvShape s;
  Window3 win;
  if (!readConv(batch, cIn, cOut, groups, geometry, &s, &win) ||
      !fits(imageSize(s, win), x.length, "x") || !fits(weightSize(s, win), w.length, "w") ||
      !check(bias.data == nullptr || s.cOut <= bias.length, "bias shorter than cOut") ||
      !fits(outputSize(s, win), y.length, "y")) {
    return;
  }
  convForwardF32(x.data, w.data, bias.data, s, win, y.data);
}
NABLA_EXPORT(convForward, convForwardEntry);

void convInputGradEntry(F32 dy, F32 w, Size batch, Size cIn, Size cOut, Size groups, I32 geometry, F32 dx) {
  ConvShape s;
  Window3 win;
  if (!readConv(batch, cIn, cOut, groups, geometry, &s, &win) ||
      !fits(outputSize(s, win), dy.length, "dy") || !fits(weightSize(s, win), w.length, "x or w") ||
      !fits(imageSize(s, win), dx.length, "output")) {
    return;
  }
  convInputGradF32(dy.data, w.data, s, win, dx.data);
}
NABLA_EXPORT(convInputGrad, convInputGradEntry);

void convWeightGradEntry(F32 x, F32 dy, Size batch, Size cIn, Size cOut, Size groups, I32 geometry, F32 dw) {
  ConvShape s;
  Window3 win;
  if (!readConv(batch, cIn, cOut, groups, geometry, &s, &win) ||
      !fits(imageSize(s, win), x.length, "x or w") || !fits(outputSize(s, win), dy.length, "dy") ||
      !fits(weightSize(s, win), dw.length, "output")) {
    return;
  }
  convWeightGradF32(x.data, dy.data, s, win, dw.data);
}
NABLA_EXPORT(convWeightGrad, convWeightGradEntry);

}  // namespace nabla
