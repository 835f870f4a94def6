// Max pooling on float32 (window.h): the same semantics as src/backends/reference/pool.ts, on
// 1–3 spatial axes widened to three.
#include "binding.h"
#include "window.h"

#include <algorithm>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "thread-pool.h"

namespace nabla {

namespace {

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

// Every window lies wholly inside the input (no padding reached, no partial ceil-mode window),
// so the bounds checks can go.
bool insideOnly(const Window3& w) {
  auto fits = [](int64_t in, int64_t k, int64_t o, int64_t s, int64_t p, int64_t d) {
    return p == 0 && (o == 0 || (o - 1) * s + (k - 1) * d < in);
  };
  return fits(w.id, w.kd, w.od, w.sd, w.pd, w.dd) && fits(w.ih, w.kh, w.oh, w.sh, w.ph, w.dh) &&
         fits(w.iw, w.kw, w.ow, w.sw, w.pw, w.dw);
}

// maxWindow for a window inside the input: the same scan order and tie rules, no bounds checks.
void maxWindowInside(const float* x, const Window3& w, int64_t od, int64_t oh, int64_t ow, float* out,
                     int32_t* at) {
  float best = -__builtin_inff();
  int64_t where = -1;
  for (int64_t kd = 0; kd < w.kd; ++kd) {
    const int64_t z = od * w.sd + kd * w.dd;
    for (int64_t kh = 0; kh < w.kh; ++kh) {
      const int64_t line = (z * w.ih + oh * w.sh + kh * w.dh) * w.iw + ow * w.sw;
      for (int64_t kw = 0; kw < w.kw; ++kw) {
        const float v = x[line + kw * w.dw];
        if (v > best || v != v || where < 0) {
          best = v;
          where = line + kw * w.dw;
        }
      }
    }
  }
  *out = best;
  *at = static_cast<int32_t>(where);
}

// Where candidate v beats the running best under maxWindow's rules: larger, or NaN.
inline bool takes(float v, float best) { return v > best || v != v; }

#if defined(__SSE2__)
// takes() on four lanes, with masks rather than branches: where cand beats best, it and its
// index `here` replace best and where.
inline void takeLanes(__m128 cand, __m128i here, __m128* best, __m128i* where) {
  const __m128 take = _mm_or_ps(_mm_cmpgt_ps(cand, *best), _mm_cmpunord_ps(cand, cand));
  *best = _mm_or_ps(_mm_and_ps(take, cand), _mm_andnot_ps(take, *best));
  const __m128i takeI = _mm_castps_si128(take);
  *where = _mm_or_si128(_mm_and_si128(takeI, here), _mm_andnot_si128(takeI, *where));
}
#endif

// One output line of the common 2×2, stride-2 pooling (LeNet's): the four candidates in
// maxWindow's scan order (top-left, top-right, bottom-left, bottom-right) with its tie rules.
// Four windows at a time in SSE2 with masks rather than branches: on real activations the
// comparisons are unpredictable, and the scalar loop's mispredictions cost ~10 ns per window.
void maxLine2x2(const float* plane, const Window3& w, int64_t oh, float* out, int32_t* at) {
  const int32_t top = static_cast<int32_t>(2 * oh * w.iw);
  const int32_t below = static_cast<int32_t>(w.iw);
  const float* r0 = plane + top;
  const float* r1 = r0 + w.iw;
  int64_t ow = 0;
#if defined(__SSE2__)
  const __m128i step = _mm_set_epi32(6, 4, 2, 0);
  for (; ow + 4 <= w.ow; ow += 4) {
    const int32_t c = static_cast<int32_t>(2 * ow);
    const __m128 a0 = _mm_loadu_ps(r0 + c), b0 = _mm_loadu_ps(r0 + c + 4);
    const __m128 a1 = _mm_loadu_ps(r1 + c), b1 = _mm_loadu_ps(r1 + c + 4);
    const __m128 cand[4] = {_mm_shuffle_ps(a0, b0, _MM_SHUFFLE(2, 0, 2, 0)), _mm_shuffle_ps(a0, b0, _MM_SHUFFLE(3, 1, 3, 1)),
                            _mm_shuffle_ps(a1, b1, _MM_SHUFFLE(2, 0, 2, 0)), _mm_shuffle_ps(a1, b1, _MM_SHUFFLE(3, 1, 3, 1))};
    const __m128i first = _mm_add_epi32(_mm_set1_epi32(top + c), step);
    const int32_t offsets[4] = {0, 1, below, below + 1};
    __m128 best = cand[0];
    __m128i where = first;
    for (int q = 1; q < 4; ++q) {
      takeLanes(cand[q], _mm_add_epi32(first, _mm_set1_epi32(offsets[q])), &best, &where);
    }
    _mm_storeu_ps(out + ow, best);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(at + ow), where);
  }
#endif
  for (; ow < w.ow; ++ow) {
    const int32_t c = static_cast<int32_t>(2 * ow);
    const float v[4] = {r0[c], r0[c + 1], r1[c], r1[c + 1]};
    const int32_t idx[4] = {top + c, top + c + 1, top + below + c, top + below + c + 1};
    float best = v[0];
    int32_t where = idx[0];
    for (int q = 1; q < 4; ++q) {
      if (takes(v[q], best)) best = v[q], where = idx[q];
    }
    out[ow] = best;
    at[ow] = where;
  }
}

// One output line of a 2-D window (kd = 1) over the columns [lo, hi), whose windows lie inside
// the input across; kernel rows [kh0, kh1) are the ones inside it down. Four windows at a time
// with masks, in maxWindow's scan order and tie rules (the first valid candidate is taken, then
// larger or NaN), the candidates gathered at the stride: ResNet's 3×3, stride-2, padded pooling
// took ~5% of a batch-1 forward in maxWindow's branches.
void maxLineInside(const float* plane, const Window3& w, int64_t oh, int64_t kh0, int64_t kh1, int64_t lo,
                   int64_t hi, float* out, int32_t* at) {
  int64_t ow = lo;
#if defined(__SSE2__)
  const int64_t s = w.sw;
  const __m128i step = _mm_set_epi32(static_cast<int32_t>(3 * s), static_cast<int32_t>(2 * s), static_cast<int32_t>(s), 0);
  for (; ow + 4 <= hi; ow += 4) {
    __m128 best = _mm_setzero_ps();
    __m128i where = _mm_setzero_si128();
    bool first = true;
    for (int64_t kh = kh0; kh < kh1; ++kh) {
      const int64_t line = (oh * w.sh - w.ph + kh * w.dh) * w.iw;
      for (int64_t kw = 0; kw < w.kw; ++kw) {
        const int64_t base = line + ow * s - w.pw + kw * w.dw;
        const float* p = plane + base;
        const __m128 cand = s == 1 ? _mm_loadu_ps(p) : _mm_setr_ps(p[0], p[s], p[2 * s], p[3 * s]);
        const __m128i here = _mm_add_epi32(_mm_set1_epi32(static_cast<int32_t>(base)), step);
        if (first) {
          best = cand;
          where = here;
          first = false;
          continue;
        }
        takeLanes(cand, here, &best, &where);
      }
    }
    _mm_storeu_ps(out + ow, best);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(at + ow), where);
  }
#endif
  for (; ow < hi; ++ow) maxWindow(plane, w, 0, oh, ow, out + ow, at + ow);
}

// A 2-D window's output plane: each line's inside columns through maxLineInside, the columns
// whose windows reach the padding (or a partial ceil-mode window) through maxWindow.
void maxPlane2d(const float* plane, const Window3& w, float* out, int32_t* at) {
  const int64_t lo = std::min(w.ow, countBelow(w.pw, w.sw));
  const int64_t hi = std::max(lo, std::min(w.ow, countBelow(w.iw + w.pw - (w.kw - 1) * w.dw, w.sw)));
  for (int64_t oh = 0; oh < w.oh; ++oh, out += w.ow, at += w.ow) {
    // Kernel rows kh with 0 ≤ oh·sh − ph + kh·dh < ih.
    const int64_t top = oh * w.sh - w.ph;
    const int64_t kh0 = std::min(w.kh, countBelow(-top, w.dh));
    const int64_t kh1 = std::max(kh0, std::min(w.kh, countBelow(w.ih - top, w.dh)));
    for (int64_t ow = 0; ow < w.ow; ++ow) {
      if (ow == lo && lo < hi && kh0 < kh1) {
        maxLineInside(plane, w, oh, kh0, kh1, lo, hi, out, at);
        ow = hi - 1;
        continue;
      }
      maxWindow(plane, w, 0, oh, ow, out + ow, at + ow);
    }
  }
}

// Runs body(p0, p1) over plane ranges, split across the pool when there is enough work (planes
// are independent: each writes only its own outputs). Below ~2.6e5 window reads (≈ 50 µs) a fork
// is not worth it.
template <typename Body>
void forPlanes(int64_t planes, int64_t work, Body body) {
  claimRanges(planes, work >= (1 << 18), body);
}

}  // namespace

void maxPoolForwardF32(const float* x, int64_t planes, const Window3& w, float* out, int32_t* indices) {
  const bool inside = insideOnly(w);
  const bool twoByTwo = inside && w.kd == 1 && w.kh == 2 && w.kw == 2 && w.sh == 2 && w.sw == 2 && w.dh == 1 &&
                        w.dw == 1;
  forPlanes(planes, planes * w.outPlane() * w.kernel(), [&](int64_t p0, int64_t p1) {
    for (int64_t p = p0; p < p1; ++p) {
      const float* plane = x + p * w.inPlane();
      int64_t o = p * w.outPlane();
      if (twoByTwo) {
        for (int64_t oh = 0; oh < w.oh; ++oh) maxLine2x2(plane, w, oh, out + o + oh * w.ow, indices + o + oh * w.ow);
        continue;
      }
      if (w.id == 1 && w.kd == 1) {
        maxPlane2d(plane, w, out + o, indices + o);
        continue;
      }
      for (int64_t od = 0; od < w.od; ++od)
        for (int64_t oh = 0; oh < w.oh; ++oh)
          for (int64_t ow = 0; ow < w.ow; ++ow, ++o) {
            if (inside) {
              maxWindowInside(plane, w, od, oh, ow, out + o, indices + o);
            } else {
              maxWindow(plane, w, od, oh, ow, out + o, indices + o);
            }
          }
    }
  });
}

void maxPoolBackwardF32(const float* dy, const int32_t* indices, int64_t planes, int64_t inPlane,
                        int64_t outPlane, float* dx) {
  forPlanes(planes, planes * outPlane, [&](int64_t p0, int64_t p1) {
    for (int64_t p = p0; p < p1; ++p) {
      float* plane = dx + p * inPlane;
      for (int64_t o = p * outPlane; o < (p + 1) * outPlane; ++o) {
        const int32_t at = indices[o];
        if (at >= 0 && at < inPlane) plane[at] += dy[o];
      }
    }
  });
}

// Entry points (see binding.h); `geometry` is a Window3 as 18 integers.
void maxPoolForwardEntry(F32 x, Size planes, I32 geometry, F32 out, I32 indices) {
  Window3 w;
  if (!readWindow(geometry, &w) ||
      !fits(planes * w.inPlane(), x.length, "x") || !fits(planes * w.outPlane(), out.length, "out") ||
      !check(planes * w.outPlane() <= indices.length, "indices shorter than out")) {
    return;
  }
  maxPoolForwardF32(x.data, planes, w, out.data, indices.data);
}
NABLA_EXPORT(maxPoolForward, maxPoolForwardEntry);

void maxPoolBackwardEntry(F32 dy, I32 indices, Size planes, Size inPlane, Size outPlane, F32 dx) {
  if (!fits(planes * outPlane, dy.length, "dy") || !check(planes * outPlane <= indices.length, "indices shorter than dy") ||
      !fits(planes * inPlane, dx.length, "dx")) {
    return;
  }
  maxPoolBackwardF32(dy.data, indices.data, planes, inPlane, outPlane, dx.data);
}
NABLA_EXPORT(maxPoolBackward, maxPoolBackwardEntry);

}  // namespace nabla
