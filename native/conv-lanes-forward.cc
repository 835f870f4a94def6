// The forward convolution and its stride-1 input gradient with the output channels in the lanes
// (conv-lanes.h's LanesForward): an implicit GEMM over one sample's zero-padded planes, the
// weights packed once a call as wᵀ [pairs][channels], the sample's product computed as yᵀ
// [positions][channels] and transposed into its planes.
#include <algorithm>
#include <cstring>
#include <vector>

#include "conv-lanes.h"
#include "conv-wide.h"
#include "scratch.h"
#include "thread-pool.h"

namespace nabla {

namespace {

// Pairs per pass over a sample's positions: a pass's wᵀ rows for 4 vectors of channels (64 KB)
// stay in L2 while every position reads them.
constexpr int64_t kPairBlock = 256;
// The fewest output positions (over the batch) a call's packed weights must serve: packing moves
// each weight once, so below this it outweighs the products (with every layer on this path,
// ResNet-18's forward pass at batch 1, whose 512-channel layers have 49 positions, took 1.35× as
// long at one thread and 1.8× at two).
constexpr int64_t kPackedUse = 512;
// Positions per task when one sample's product is split over the pool (whole blocks of 6 and 8).
constexpr int64_t kPositionTask = 48;

int64_t roundUp(int64_t v, int64_t unit) { return (v + unit - 1) / unit * unit; }

// One product: `channels` input planes of inH × inW, zero-padded by (padH, padW), a kh × kw
// window at the given stride and dilation onto outH × outW outputs of `outChannels` channels.
struct Product {
  int64_t channels, inH, inW, padH, padW, kh, kw, sh, sw, dh, dw, outH, outW, outChannels;
};

float* imageBuffer(int64_t floats) {
  thread_local Scratch s;
  return s.get(floats);
}
float* productBuffer(int64_t floats) {
  thread_local Scratch s;
  return s.get(floats);
}
float* weightBuffer(int64_t floats) {
  thread_local Scratch s;
  return s.get(floats);
}

void forwardKernel(const LanesForward& a) {
  if (directLanes() == 16) {
    convLanesForwardAvx512(a);
  } else {
    convLanesForwardAvx2(a);
  }
}

// out [outChannels][outH · outW] = the product of one image `in` with wT [pairs][ld], then
// bias and `post` per channel plane when given. With `parallel`, the positions are split over the
// pool.
void sampleProduct(const float* in, const Product& g, const float* wT, int64_t ld, const int64_t* off,
                   const int64_t* pos, const float* bias, const ChannelEpilogue* post, bool parallel, float* out) {
  const int64_t width = g.inW + 2 * g.padW, height = g.inH + 2 * g.padH, plane = width * height;
  const int64_t pairs = g.channels * g.kh * g.kw, positions = g.outH * g.outW;
  const float* image = in;
  if (g.padH != 0 || g.padW != 0) {
    float* padded = imageBuffer(g.channels * plane);
    claimRanges(g.channels, parallel, [&](int64_t c0, int64_t c1) {
      std::memset(padded + c0 * plane, 0, (c1 - c0) * plane * sizeof(float));
      lanesCopyInside(in, c0, c1, g.inH, g.inW, g.padH, g.padW, width, plane, padded);
    });
    image = padded;
  }
  float* yT = productBuffer(positions * ld);
  for (int64_t q = 0; q < pairs; q += kPairBlock) {
    claimRanges((positions + kPositionTask - 1) / kPositionTask, parallel, [&](int64_t b0, int64_t b1) {
      const LanesForward a{image,
                           off,
                           pos,
                           wT,
                           ld,
                           b0 * kPositionTask,
                           std::min(positions, b1 * kPositionTask),
                           q,
                           std::min(pairs, q + kPairBlock),
                           0,
                           ld / directLanes(),
                           q == 0,
                           yT};
      forwardKernel(a);
    });
  }
  // Back into planes, bias and `post` added while they are in cache, in blocks of 16 channels.
  claimRanges((g.outChannels + 15) / 16, parallel, [&](int64_t b0, int64_t b1) {
    const int64_t c0 = b0 * 16, c1 = std::min(g.outChannels, b1 * 16);
    lanesTranspose(yT + c0, positions, c1 - c0, ld, positions, out + c0 * positions);
    for (int64_t c = c0; c < c1; ++c) {
      float* planeOut = out + c * positions;
      if (bias != nullptr) {
        const float b = bias[c];
        for (int64_t o = 0; o < positions; ++o) planeOut[o] += b;
      }
      if (post != nullptr) post->apply(planeOut, c, positions);
    }
  });
}

// The batch's products: sample i of `in` (inStride apart) into `out` (outStride apart), over the
// pool by samples with `overSamples`, else each sample's positions split with `inside`.
void products(const float* in, int64_t inStride, const Product& g, const float* wT, int64_t ld, int64_t batch,
              const float* bias, const ChannelEpilogue* post, bool overSamples, bool inside, float* out,
              int64_t outStride) {
  const int64_t width = g.inW + 2 * g.padW, plane = width * (g.inH + 2 * g.padH);
  std::vector<int64_t> off(g.channels * g.kh * g.kw), pos(g.outH * g.outW);
  lanesPairOffsets(g.channels, g.kh, g.kw, g.dh, g.dw, width, plane, off.data());
  for (int64_t p = 0; p < g.outH * g.outW; ++p) pos[p] = p / g.outW * g.sh * width + p % g.outW * g.sw;
  claimRanges(batch, overSamples, [&](int64_t begin, int64_t end) {
    for (int64_t i = begin; i < end; ++i)
      sampleProduct(in + i * inStride, g, wT, ld, off.data(), pos.data(), bias, post, inside, out + i * outStride);
  });
}

}  // namespace

// NOTE(forward-lanes): the forward product takes this path on AVX-512 where every block of pairs
// feeds full vectors of channels (at least 16 input and output channels) and either the outputs
// fill the 4-vector blocks (≥ 64 channels) or the stride is 2 or more, which the direct path meets
// with phase copies; the input gradient at stride 1 where its product's outputs (cIn) fill them.
// One thread, against the direct path (bench/NOTES.md, session 12): 0.93× on ResNet-20's 64→64 3×3
// on 8×8, 0.75–0.91× on its stride-2 3×3 layers, 0.83× on ResNet-18's 64→128 3×3/2, 0.87× and
// 0.94–0.96× on the input gradients of the 64- to 512-channel layers. Where fewer channels fill the
// lanes the direct path won (16→16 on 32×32: 1.36×); on AVX2, whose 16 registers hold blocks of 6
// × 2 vectors, it lost by 1.05–1.27× on the stride-1 layers of 32 to 512 channels, so it stays off
// there. Nor does it take a pointwise expansion at stride 1 (cOut ≥ 3·cIn, MobileNetV2's and
// ResNet-50's), whose short sums leave the lanes' layout the larger cost: the direct path ran
// MobileNetV2's 16→96 on 112×112 in 0.71 ms against 1.51, 24→144 on 56×56 0.29 against 0.45,
// ResNet-50's 64→256 on 56×56 0.91 against 1.78, and 16→64 on 32×32 at batch 16 0.58 against 0.77
// (1.1–2.1× at batches 1–32 on one and two threads; 32→64 on 56×56, 2·cIn, stayed 0.93× in lanes;
// session 15).
bool lanesForwardTakes(const ConvShape& s, const Window3& w) {
  const bool shape = s.groups == 1 && w.id == 1 && w.kd == 1 && w.od == 1 && s.batch * w.outPlane() >= kPackedUse;
  const bool expansion = w.kernel() == 1 && w.sh == 1 && w.sw == 1 && s.cOut >= 3 * s.cIn;
  return directLanes() == 16 && shape && s.cIn >= 16 && s.cOut >= 16 && (s.cOut >= 64 || w.sh > 1 || w.sw > 1) &&
         !expansion;
}

bool lanesInputGradTakes(const ConvShape& s, const Window3& w) {
  const bool shape = s.groups == 1 && w.id == 1 && w.kd == 1 && w.od == 1 && s.batch * w.inPlane() >= kPackedUse;
  return directLanes() == 16 && shape && s.cOut >= 16 && s.cIn >= 64 && w.sh == 1 && w.sw == 1 && w.dh == 1 &&
         w.dw == 1 && w.ph < w.kh && w.pw < w.kw;
}

void lanesForward(const float* x, const float* w, const float* bias, const ConvShape& s, const Window3& win,
                  const ChannelEpilogue* post, bool overSamples, bool inside, float* y) {
  const int64_t pairs = s.cIn * win.kernel(), ld = roundUp(s.cOut, directLanes());
  float* wT = weightBuffer(pairs * ld);
  if (ld > s.cOut) std::memset(wT, 0, pairs * ld * sizeof(float));
  claimRanges((pairs + 63) / 64, inside, [&](int64_t b0, int64_t b1) {
    const int64_t q0 = b0 * 64, q1 = std::min(pairs, b1 * 64);
    lanesTranspose(w + q0, s.cOut, q1 - q0, pairs, ld, wT + q0 * ld);
  });
  const Product g{s.cIn, win.ih, win.iw, win.ph, win.pw, win.kh, win.kw, win.sh, win.sw, win.dh, win.dw, win.oh,
                  win.ow, s.cOut};
  products(x, s.cIn * win.inPlane(), g, wT, ld, s.batch, bias, post, overSamples, inside, y,
           s.cOut * win.outPlane());
}

void lanesInputGrad(const float* dy, const float* w, const ConvShape& s, const Window3& win, bool overSamples,
                    bool inside, float* dx) {
  // dx = dy padded by k − 1 − p, convolved with the kernel flipped and its channel axes swapped:
  // wᵀ[(co, t)][ci] = w[co][ci][taps − 1 − t].
  const int64_t taps = win.kernel(), pairs = s.cOut * taps, ld = roundUp(s.cIn, directLanes());
  float* wT = weightBuffer(pairs * ld);
  if (ld > s.cIn) std::memset(wT, 0, pairs * ld * sizeof(float));
  claimRanges(s.cOut, inside, [&](int64_t co0, int64_t co1) {
    for (int64_t co = co0; co < co1; ++co)
      for (int64_t t = 0; t < taps; ++t)
        for (int64_t ci = 0; ci < s.cIn; ++ci)
          wT[(co * taps + t) * ld + ci] = w[(co * s.cIn + ci) * taps + taps - 1 - t];
  });
  const Product g{s.cOut, win.oh, win.ow, win.kh - 1 - win.ph, win.kw - 1 - win.pw, win.kh, win.kw, 1, 1, 1, 1,
                  win.ih, win.iw, s.cIn};
  products(dy, s.cOut * win.outPlane(), g, wT, ld, s.batch, nullptr, nullptr, overSamples, inside, dx,
           s.cIn * win.inPlane());
}

}  // namespace nabla
