#include "window.h"

#include <algorithm>
#include <cstring>

namespace nabla {

namespace {

// ⌈a / b⌉ for b > 0, and 0 for a ≤ 0: the count of o ≥ 0 with o·b < a.
int64_t countBelow(int64_t a, int64_t b) { return a <= 0 ? 0 : (a + b - 1) / b; }

// One column row: what window offset (kd, kh, kw) of the plane at `x` sees at every output
// position, or (Add) the adjoint. Along a line the positions inside the input form one range
// [lo, hi) of output columns, so padding is filled (or skipped) in bulk and, at stride 1, the
// inside is a straight copy.
template <bool Add>
void unfoldRow(float* x, const Window3& w, int64_t kd, int64_t kh, int64_t kw, float* row) {
  const int64_t shift = w.pw - kw * w.dw;  // xi = ow·sw − shift
  const int64_t lo = std::min(w.ow, countBelow(shift, w.sw));
  const int64_t hi = std::max(lo, std::min(w.ow, countBelow(w.iw + shift, w.sw)));
  float* o = row;
  for (int64_t od = 0; od < w.od; ++od) {
    const int64_t z = od * w.sd - w.pd + kd * w.dd;
    for (int64_t oh = 0; oh < w.oh; ++oh, o += w.ow) {
      const int64_t y = oh * w.sh - w.ph + kh * w.dh;
      if (z < 0 || z >= w.id || y < 0 || y >= w.ih) {
        if (!Add) std::fill(o, o + w.ow, 0.0f);
        continue;
      }
      float* line = x + (z * w.ih + y) * w.iw - shift;  // line[ow·sw] is input column ow·sw − shift
      if (Add) {
        for (int64_t ow = lo; ow < hi; ++ow) line[ow * w.sw] += o[ow];
        continue;
      }
      std::fill(o, o + lo, 0.0f);
      if (w.sw == 1) {
        std::memcpy(o + lo, line + lo, (hi - lo) * sizeof(float));
      } else {
        for (int64_t ow = lo; ow < hi; ++ow) o[ow] = line[ow * w.sw];
      }
      std::fill(o + hi, o + w.ow, 0.0f);
    }
  }
}

template <bool Add>
void forEachRow(float* x, int64_t channels, const Window3& w, float* cols) {
  float* row = cols;
  for (int64_t c = 0; c < channels; ++c) {
    float* plane = x + c * w.inPlane();
    for (int64_t kd = 0; kd < w.kd; ++kd) {
      for (int64_t kh = 0; kh < w.kh; ++kh) {
        for (int64_t kw = 0; kw < w.kw; ++kw, row += w.outPlane()) unfoldRow<Add>(plane, w, kd, kh, kw, row);
      }
    }
  }
}

// The max over one window; padding is skipped (−∞), NaN wins, the first maximum keeps its place.
void maxWindow(const float* x, const Window3& w, int64_t od, int64_t oh, int64_t ow, float* out, int32_t* at) {
  float best = -__builtin_inff();
  int64_t where = -1;
  for (int64_t kd = 0; kd < w.kd; ++kd) {
    const int64_t z = od * w.sd - w.pd + kd * w.dd;
    if (z < 0 || z >= w.id) continue;
    for (int64_t kh = 0; kh < w.kh; ++kh) {
      const int64_t y = oh * w.sh - w.ph + kh * w.dh;
      if (y < 0 || y >= w.ih) continue;
      const int64_t line = (z * w.ih + y) * w.iw;
      for (int64_t kw = 0; kw < w.kw; ++kw) {
        const int64_t xi = ow * w.sw - w.pw + kw * w.dw;
        if (xi < 0 || xi >= w.iw) continue;
        const float v = x[line + xi];
        if (v > best || v != v || where < 0) {
          best = v;
          where = line + xi;
        }
      }
    }
  }
  *out = best;
  *at = static_cast<int32_t>(where);
}

}  // namespace

void im2colF32(const float* x, int64_t channels, const Window3& w, float* cols) {
  // Read only: the Add = false path never writes through x.
  forEachRow<false>(const_cast<float*>(x), channels, w, cols);
}

void col2imF32(const float* cols, int64_t channels, const Window3& w, float* x) {
  forEachRow<true>(x, channels, w, const_cast<float*>(cols));
}

void maxPoolForwardF32(const float* x, int64_t planes, const Window3& w, float* out, int32_t* indices) {
  for (int64_t p = 0; p < planes; ++p) {
    const float* plane = x + p * w.inPlane();
    int64_t o = p * w.outPlane();
    for (int64_t od = 0; od < w.od; ++od)
      for (int64_t oh = 0; oh < w.oh; ++oh)
        for (int64_t ow = 0; ow < w.ow; ++ow, ++o) maxWindow(plane, w, od, oh, ow, out + o, indices + o);
  }
}

void maxPoolBackwardF32(const float* dy, const int32_t* indices, int64_t planes, int64_t inPlane,
                        int64_t outPlane, float* dx) {
  for (int64_t p = 0; p < planes; ++p) {
    float* plane = dx + p * inPlane;
    for (int64_t o = p * outPlane; o < (p + 1) * outPlane; ++o) {
      const int32_t at = indices[o];
      if (at >= 0 && at < inPlane) plane[at] += dy[o];
    }
  }
}

}  // namespace nabla
