#include "binding.h"
#include "window.h"

#include <algorithm>
#include <cstring>

namespace nabla {

namespace {

// NOTE(col2im-stride2): line[2·ow] += o[ow] for ow in [lo, hi), four at a time: the four values
// interleaved with −0 (x + −0 is x for every x, −0 and NaN included) and added to the eight
// floats they fall among, while those eight lie inside the row (line[0, end)): no float outside
// it is read or written (a neighbouring channel may be another thread's). A stride-2 input
// gradient (a ResNet's downsampling 3×3) scattered its columns one float at a time: AVX-512, 1T,
// 32→64 3×3 stride 2 on 16×16 at batch 64, col2im was 40% of the call (bench/NOTES.md, session 17).
typedef float F4 __attribute__((vector_size(16)));
typedef float F4U __attribute__((vector_size(16), aligned(4)));

void addEveryOther(const float* o, int64_t lo, int64_t hi, int64_t end, float* line) {
  const F4 none = {-0.0f, -0.0f, -0.0f, -0.0f};
  int64_t ow = lo;
  for (; ow + 4 <= hi && 2 * ow + 8 <= end; ow += 4) {
    const F4 v = *reinterpret_cast<const F4U*>(o + ow);
    F4U* d = reinterpret_cast<F4U*>(line + 2 * ow);
    d[0] += __builtin_shufflevector(v, none, 0, 4, 1, 5);
    d[1] += __builtin_shufflevector(v, none, 2, 6, 3, 7);
  }
  for (; ow < hi; ++ow) line[2 * ow] += o[ow];
}

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
        if (w.sw == 1) {
          for (int64_t ow = lo; ow < hi; ++ow) line[ow] += o[ow];  // a vector loop
        } else if (w.sw == 2) {
          addEveryOther(o, lo, hi, w.iw + shift, line);
        } else {
          for (int64_t ow = lo; ow < hi; ++ow) line[ow * w.sw] += o[ow];
        }
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

}  // namespace

void im2colF32(const float* x, int64_t channels, const Window3& w, float* cols) {
  // Read only: the Add = false path never writes through x.
  forEachRow<false>(const_cast<float*>(x), channels, w, cols);
}

void col2imF32(const float* cols, int64_t channels, const Window3& w, float* x) {
  forEachRow<true>(x, channels, w, const_cast<float*>(cols));
}

bool readWindow(I32 g, Window3* w) {
  if (!check(g.length == 18, "window geometry must have 18 entries")) return false;
  int64_t* fields[18] = {&w->id, &w->ih, &w->iw, &w->kd, &w->kh, &w->kw, &w->od, &w->oh, &w->ow,
                         &w->sd, &w->sh, &w->sw, &w->pd, &w->ph, &w->pw, &w->dd, &w->dh, &w->dw};
  for (int i = 0; i < 18; ++i) {
    *fields[i] = g.data[i];
    const bool positive = (i >= 9 && i < 12) || i >= 15;  // strides and dilations
    if (!check(g.data[i] >= (positive ? 1 : 0), "invalid window geometry")) return false;
  }
  return true;
}

// Entry points (see binding.h); `geometry` is a Window3 as 18 integers.
void im2colEntry(F32 x, Size channels, I32 geometry, F32 cols) {
  Window3 w;
  if (!readWindow(geometry, &w) ||
      !fits(channels * w.inPlane(), x.length, "image") ||
      !fits(channels * w.kernel() * w.outPlane(), cols.length, "columns")) {
    return;
  }
  im2colF32(x.data, channels, w, cols.data);
}
NABLA_EXPORT(im2col, im2colEntry);

void col2imEntry(F32 cols, Size channels, I32 geometry, F32 x) {
  Window3 w;
  if (!readWindow(geometry, &w) ||
      !fits(channels * w.inPlane(), x.length, "image") ||
      !fits(channels * w.kernel() * w.outPlane(), cols.length, "columns")) {
    return;
  }
  col2imF32(cols.data, channels, w, x.data);
}
NABLA_EXPORT(col2im, col2imEntry);

}  // namespace nabla
