#include "conv.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <vector>

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

// Calls body(t, parts) for t in [0, parts) over the pool when the work is large enough; parts
// is at most `items` so every part has work.
template <typename Body>
void split(int64_t items, double flops, Body body) {
  ThreadPool& pool = ThreadPool::instance();
  const int64_t parts = flops < kParallelFlops ? 1 : std::min<int64_t>(pool.size(), items);
  if (parts <= 1) {
    body(0, 1);
    return;
  }
  pool.run([&](int t) {
    if (t < parts) body(t, parts);
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

void convForwardF32(const float* x, const float* w, const float* bias, const ConvShape& s, const Window3& win,
                    float* y) {
  const Dims d = dimsOf(s, win);
  const bool direct = pointwise(win);
  const double flops = 2.0 * s.batch * s.cOut * d.rows * d.outPlane;
  split(s.batch, flops, [&](int64_t t, int64_t parts) {
    float* cols = direct ? nullptr : columnBuffer(d.colsSize);
    for (int64_t i = s.batch * t / parts; i < s.batch * (t + 1) / parts; ++i) {
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
  const Dims d = dimsOf(s, win);
  const bool direct = pointwise(win);
  const double flops = 2.0 * s.batch * s.cOut * d.rows * d.outPlane;
  split(s.batch, flops, [&](int64_t t, int64_t parts) {
    float* cols = direct ? nullptr : columnBuffer(d.colsSize);
    for (int64_t i = s.batch * t / parts; i < s.batch * (t + 1) / parts; ++i) {
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
  const Dims d = dimsOf(s, win);
  const int64_t size = s.cOut * d.rows;
  if (s.batch == 0) {
    std::memset(dw, 0, size * sizeof(float));
    return;
  }
  const bool direct = pointwise(win);
  const int64_t chunks = std::min(s.batch, kWeightChunks);
  std::vector<float> partials(chunks * size);
  const double flops = 2.0 * s.batch * s.cOut * d.rows * d.outPlane;
  split(chunks, flops, [&](int64_t t, int64_t parts) {
    float* cols = direct ? nullptr : columnBuffer(d.colsSize);
    float* product = productBuffer(size);
    for (int64_t chunk = chunks * t / parts; chunk < chunks * (t + 1) / parts; ++chunk) {
      float* sum = partials.data() + chunk * size;
      const int64_t first = s.batch * chunk / chunks, end = s.batch * (chunk + 1) / chunks;
      for (int64_t i = first; i < end; ++i) {
        const float* xi = x + i * d.image;
        const float* dyi = dy + i * d.grads;
        if (!direct) im2colF32(xi, s.cIn, win, cols);
        const float* b = direct ? xi : cols;
        // The chunk's first sample writes its sum directly; the others go through `product`.
        float* target = i == first ? sum : product;
        // target[group] = dy[group] · cols[group]ᵀ.
        for (int64_t g = 0; g < s.groups; ++g) {
          gemm(dyi + g * d.outPerGroup * d.outPlane, d.outPlane, 1, b + g * d.rows * d.outPlane, 1, d.outPlane,
               target + g * d.outPerGroup * d.rows, d.outPerGroup, d.rows, d.outPlane);
        }
        if (i != first) {
          for (int64_t e = 0; e < size; ++e) sum[e] += product[e];
        }
      }
    }
  });
  std::memcpy(dw, partials.data(), size * sizeof(float));
  for (int64_t chunk = 1; chunk < chunks; ++chunk) {
    const float* part = partials.data() + chunk * size;
    for (int64_t e = 0; e < size; ++e) dw[e] += part[e];
  }
}

}  // namespace nabla
