// Depthwise convolution (one input channel per group: MobileNet's and EfficientNet's 3×3 and 5×5
// layers) as direct loops over each channel's plane. The im2col + GEMM path runs these as one
// GEMM per channel with a single output row, where packing costs more than the 9 or 25 products
// per output; here the inner loop runs along an output row (vectorized at stride 1), with the
// row in L1, and each channel is independent, so the work splits over (sample, channel) planes
// and the weight gradient over channels, in a fixed order whatever the thread count.
#include <algorithm>
#include <cstring>
#include <vector>

#include "conv.h"
#include "conv-wide.h"
#include "thread-pool.h"

namespace nabla {

namespace {

// Below this many multiply-adds per call the planes stay on the calling thread.
constexpr int64_t kMinTermsPerThread = 1 << 16;

// The output columns [lo, hi) whose tap (offset `shift` = kw·dw − pw) reads inside [0, width):
// 0 ≤ o·stride + shift < width.
void columnRange(int64_t outW, int64_t width, int64_t stride, int64_t shift, int64_t* lo, int64_t* hi) {
  const int64_t first = shift >= 0 ? 0 : (-shift + stride - 1) / stride;
  const int64_t last = width - 1 - shift < 0 ? -1 : (width - 1 - shift) / stride;
  *lo = std::min(first, outW);
  *hi = std::max(*lo, std::min(last + 1, outW));
}

// y [oh, ow] = bias + Σ taps w[t] · x[oh·sh − ph + a·dh, ow·sw − pw + b·dw] over one plane.
void forwardPlane(const float* x, const float* w, float bias, const Window3& g, float* y) {
  for (int64_t oh = 0; oh < g.oh; ++oh) {
    float* row = y + oh * g.ow;
    std::fill(row, row + g.ow, bias);
    for (int64_t a = 0; a < g.kh; ++a) {
      const int64_t ih = oh * g.sh - g.ph + a * g.dh;
      if (ih < 0 || ih >= g.ih) continue;
      const float* xr = x + ih * g.iw;
      for (int64_t b = 0; b < g.kw; ++b) {
        const float wv = w[a * g.kw + b];
        const int64_t shift = b * g.dw - g.pw;
        int64_t lo, hi;
        columnRange(g.ow, g.iw, g.sw, shift, &lo, &hi);
        if (g.sw == 1) {
          const float* src = xr + shift;
          for (int64_t o = lo; o < hi; ++o) row[o] += wv * src[o];
        } else {
          for (int64_t o = lo; o < hi; ++o) row[o] += wv * xr[o * g.sw + shift];
        }
      }
    }
  }
}

// forwardPlane at stride 1 and dilation 1 over the "wide" grid (conv-direct.h): the plane padded
// into rows of width ow + kw − 1, so that every tap reads one contiguous stretch and each tap is
// one long vector loop over all rows instead of a short loop per output row (MobileNet's 14×14
// and 7×7 planes spent more on the per-row loops than on the products). The outputs past ow in
// each wide row are computed and dropped. Taps outside the input add zeros here where
// forwardPlane skips them: the same sums, except that an all-padding output may be +0 for −0.
// Up to planes whose wide grid stays in L1 (4,096 floats: 56×56 fits, 112×112 does not, where the
// nine passes over the grid ran slower than the per-row loops): `bench/conv-kernels.ts`-style CPU
// times, one thread, per call before → after: 384 channels on 14² 0.47–0.69 → 0.18–0.25 ms, 960 on
// 7² 0.79 → 0.17–0.30, 144 on 56² 1.1–1.5 → 0.74–1.2, 32 on 112² 0.72–1.09 → 1.07–1.14 (so not there).
bool wideFits(const Window3& g) {
  return g.sh == 1 && g.sw == 1 && g.dh == 1 && g.dw == 1 && g.ph < g.kh && g.pw < g.kw &&
         g.oh * (g.ow + g.kw - 1) <= 4096;
}

void forwardPlaneWide(const float* x, const float* w, float bias, const Window3& g, float* y) {
  const int64_t width = g.ow + g.kw - 1, height = g.oh + g.kh - 1, n = g.oh * width;
  thread_local std::vector<float> padded, wide;
  padded.assign(height * width + g.kw, 0.0f);  // slack: the last row's dropped outputs read past it
  wide.assign(n, bias);
  const int64_t cols = std::min(g.iw, width - g.pw);
  for (int64_t r = 0; r < g.ih && r + g.ph < height; ++r)
    std::memcpy(padded.data() + (r + g.ph) * width + g.pw, x + r * g.iw, cols * sizeof(float));
  float* __restrict acc = wide.data();
  for (int64_t a = 0; a < g.kh; ++a) {
    for (int64_t b = 0; b < g.kw; ++b) {
      const float wv = w[a * g.kw + b];
      const float* __restrict src = padded.data() + a * width + b;
      for (int64_t j = 0; j < n; ++j) acc[j] += wv * src[j];
    }
  }
  for (int64_t r = 0; r < g.oh; ++r) std::memcpy(y + r * g.ow, acc + r * width, g.ow * sizeof(float));
}

// dx [ih, iw] += Σ taps w[t] · dy at the outputs that read it: the adjoint of forwardPlane.
void inputGradPlane(const float* dy, const float* w, const Window3& g, float* dx) {
  for (int64_t oh = 0; oh < g.oh; ++oh) {
    const float* row = dy + oh * g.ow;
    for (int64_t a = 0; a < g.kh; ++a) {
      const int64_t ih = oh * g.sh - g.ph + a * g.dh;
      if (ih < 0 || ih >= g.ih) continue;
      float* xr = dx + ih * g.iw;
      for (int64_t b = 0; b < g.kw; ++b) {
        const float wv = w[a * g.kw + b];
        const int64_t shift = b * g.dw - g.pw;
        int64_t lo, hi;
        columnRange(g.ow, g.iw, g.sw, shift, &lo, &hi);
        if (g.sw == 1) {
          float* dst = xr + shift;
          for (int64_t o = lo; o < hi; ++o) dst[o] += wv * row[o];
        } else {
          for (int64_t o = lo; o < hi; ++o) xr[o * g.sw + shift] += wv * row[o];
        }
      }
    }
  }
}

// dw[t] += Σ outputs dy[oh, ow] · x at tap t: one plane's share of the weight gradient.
void weightGradPlane(const float* x, const float* dy, const Window3& g, float* dw) {
  for (int64_t a = 0; a < g.kh; ++a) {
    for (int64_t b = 0; b < g.kw; ++b) {
      const int64_t shift = b * g.dw - g.pw;
      int64_t lo, hi;
      columnRange(g.ow, g.iw, g.sw, shift, &lo, &hi);
      float sum = 0.0f;
      for (int64_t oh = 0; oh < g.oh; ++oh) {
        const int64_t ih = oh * g.sh - g.ph + a * g.dh;
        if (ih < 0 || ih >= g.ih) continue;
        const float* xr = x + ih * g.iw;
        const float* row = dy + oh * g.ow;
        float part = 0.0f;
        if (g.sw == 1) {
          const float* src = xr + shift;
          for (int64_t o = lo; o < hi; ++o) part += row[o] * src[o];
        } else {
          for (int64_t o = lo; o < hi; ++o) part += row[o] * xr[o * g.sw + shift];
        }
        sum += part;
      }
      dw[a * g.kw + b] += sum;
    }
  }
}

// Planes of (sample, output channel): output channel c reads input channel c / multiplier.
template <typename Body>
void overPlanes(const ConvShape& s, const Window3& g, Body body) {
  const int64_t planes = s.batch * s.cOut;
  const int64_t terms = g.outPlane() * g.kernel();
  parallelFor(planes, std::max<int64_t>(1, kMinTermsPerThread / std::max<int64_t>(1, terms)), 1,
              [&](int64_t begin, int64_t end) {
                for (int64_t p = begin; p < end; ++p) body(p / s.cOut, p % s.cOut);
              });
}

}  // namespace

bool depthwiseShape(const ConvShape& s, const Window3& g) {
  // groups > 1: a one-channel input with groups 1 is an ordinary convolution, which the direct and
  // im2col kernels of conv.cc, chosen per shape by measurement, run faster than per-plane loops.
  return s.groups > 1 && s.groups == s.cIn && s.cOut % s.groups == 0 && g.id == 1 && g.kd == 1 && g.od == 1 &&
         g.sd == 1;
}

void depthwiseForwardF32(const float* x, const float* w, const float* bias, const ConvShape& s, const Window3& g,
                         float* y, const ChannelEpilogue* post) {
  const int64_t multiplier = s.cOut / s.cIn;
  const auto plane = wideFits(g) ? forwardPlaneWide : forwardPlane;
  // Planes larger than forwardPlaneWide's L1 grid, and stride 2, through the direct convolution's
  // kernels, one input and one output channel at a time: MobileNetV2's 32 channels on 112×112
  // 0.48× as long, its 3×3/2 layers 0.48–0.81× (once padImage split the phases 16 floats at a
  // time; with its scalar split, 1.42× as long).
  Padded p;
  const bool direct = !wideFits(g) && wideLayout(ConvShape{1, 1, 1, 1}, g, 1, INT64_MAX, g.oh, g.ow, &p);
  const WideSample one{1, g.ih, g.iw, 1, g.oh, g.ow, g.kh, g.kw, g.ph, g.pw};
  overPlanes(s, g, [&](int64_t n, int64_t c) {
    const float* xc = x + (n * s.cIn + c / multiplier) * g.inPlane();
    float* yc = y + (n * s.cOut + c) * g.outPlane();
    if (direct) {
      wideSample(xc, w + c * g.kernel(), bias == nullptr ? nullptr : bias + c, one, p, false, yc);
    } else {
      plane(xc, w + c * g.kernel(), bias == nullptr ? 0.0f : bias[c], g, yc);
    }
    if (post != nullptr) post->apply(yc, c, g.outPlane());
  });
}

void depthwiseInputGradF32(const float* dy, const float* w, const ConvShape& s, const Window3& g, float* dx) {
  const int64_t multiplier = s.cOut / s.cIn;
  // Planes of (sample, input channel): its multiplier output channels add into it, in order.
  const ConvShape inputs{s.batch, s.cIn, s.cIn, s.groups};
  overPlanes(inputs, g, [&](int64_t n, int64_t ci) {
    float* dxi = dx + (n * s.cIn + ci) * g.inPlane();
    std::memset(dxi, 0, g.inPlane() * sizeof(float));
    for (int64_t m = 0; m < multiplier; ++m) {
      const int64_t c = ci * multiplier + m;
      inputGradPlane(dy + (n * s.cOut + c) * g.outPlane(), w + c * g.kernel(), g, dxi);
    }
  });
}

void depthwiseWeightGradF32(const float* x, const float* dy, const ConvShape& s, const Window3& g, float* dw) {
  const int64_t multiplier = s.cOut / s.cIn;
  const int64_t taps = g.kernel();
  // One output channel per task, its samples summed in order: the same bits on any thread count.
  parallelFor(s.cOut, std::max<int64_t>(1, kMinTermsPerThread / std::max<int64_t>(1, s.batch * g.outPlane() * taps)),
              1, [&](int64_t begin, int64_t end) {
                for (int64_t c = begin; c < end; ++c) {
                  float* dwc = dw + c * taps;
                  std::memset(dwc, 0, taps * sizeof(float));
                  for (int64_t n = 0; n < s.batch; ++n) {
                    weightGradPlane(x + (n * s.cIn + c / multiplier) * g.inPlane(),
                                    dy + (n * s.cOut + c) * g.outPlane(), g, dwc);
                  }
                }
              });
}

}  // namespace nabla
