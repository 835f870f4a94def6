// NOTE(lane-sums): sums and maxima along a row in vector lanes. A loop like `sum += x[i]` is one
// chain of dependent additions: the compiler may not reorder floating-point adds, so it runs one
// add per adder latency (3–4 cycles) however wide the machine is. These helpers keep 32 partial
// sums (eight 4-lane vectors), combined in a fixed order at the end, so the result depends only on
// the row's length, never on the thread count. Rows up to a few thousand elements are summed in
// float this way; callers add rows (or planes) in double.
//
// Baseline code only (batch norm, layer norm, softmax, cross-entropy): the vectors are 16 bytes,
// one SSE2 register on x86-64 and one SIMD128 value on wasm. (GCC's 32-byte vectors without
// -mavx2 went through the stack, and their comparisons became scalar code.) Everything here has
// internal linkage, so an -mavx2 translation unit must not include it (NOTE(isa-odr) in
// gemm-kernel.h).
#pragma once

#include <cstdint>

namespace nabla {
namespace {

constexpr int kLanes = 4;
typedef float Lanes __attribute__((vector_size(16)));
typedef float LanesU __attribute__((vector_size(16), aligned(4)));
typedef int32_t LaneMask __attribute__((vector_size(16)));

inline Lanes loadLanes(const float* p) { return *reinterpret_cast<const LanesU*>(p); }
inline Lanes splat(float v) { return Lanes{v, v, v, v}; }

// The four lanes added pairwise: (0 + 2) + (1 + 3).
inline float addLanes(Lanes v) { return (v[0] + v[2]) + (v[1] + v[3]); }

// Σ_i term(i) for i in [0, n): vec(i) gives the terms i … i + 3 as one Lanes, one(i) a single
// term (the tail past the last multiple of 4).
template <typename Vec4, typename One>
inline float laneSum(int64_t n, const Vec4& vec, const One& one) {
  Lanes a0{}, a1{}, a2{}, a3{}, a4{}, a5{}, a6{}, a7{};
  int64_t i = 0;
  for (; i + 32 <= n; i += 32) {
    a0 += vec(i);
    a1 += vec(i + 4);
    a2 += vec(i + 8);
    a3 += vec(i + 12);
    a4 += vec(i + 16);
    a5 += vec(i + 20);
    a6 += vec(i + 24);
    a7 += vec(i + 28);
  }
  for (; i + kLanes <= n; i += kLanes) a0 += vec(i);
  float s = addLanes(((a0 + a1) + (a2 + a3)) + ((a4 + a5) + (a6 + a7)));
  for (; i < n; ++i) s += one(i);
  return s;
}

// Two sums in one pass over the row (a backward pass's Σ g and Σ g·x̂): vec(i, &u, &v) adds terms
// i … i + 3 of each into u and v, one(i, &s, &t) a single term of each.
template <typename Vec4, typename One>
inline void laneSum2(int64_t n, const Vec4& vec, const One& one, float* first, float* second) {
  Lanes u0{}, u1{}, u2{}, u3{}, v0{}, v1{}, v2{}, v3{};
  int64_t i = 0;
  for (; i + 16 <= n; i += 16) {
    vec(i, &u0, &v0);
    vec(i + 4, &u1, &v1);
    vec(i + 8, &u2, &v2);
    vec(i + 12, &u3, &v3);
  }
  for (; i + kLanes <= n; i += kLanes) vec(i, &u0, &v0);
  float s = addLanes((u0 + u1) + (u2 + u3)), t = addLanes((v0 + v1) + (v2 + v3));
  for (; i < n; ++i) one(i, &s, &t);
  *first = s;
  *second = t;
}

// The row's sum of x.
inline float rowSum(const float* x, int64_t n) {
  return laneSum(n, [&](int64_t i) { return loadLanes(x + i); }, [&](int64_t i) { return x[i]; });
}

// The row's maximum where NaN wins (as Math.max): a lane that meets a NaN keeps it, and so does
// the combination of the lanes. −∞ for an empty row.
inline float rowMax(const float* x, int64_t n) {
  Lanes m[2] = {splat(-__builtin_inff()), splat(-__builtin_inff())};
  int64_t i = 0;
  for (; i + 2 * kLanes <= n; i += 2 * kLanes) {
    for (int k = 0; k < 2; ++k) {
      const Lanes v = loadLanes(x + i + k * kLanes);
      const LaneMask take = (v > m[k]) | (v != v);
      m[k] = reinterpret_cast<Lanes>((reinterpret_cast<LaneMask>(v) & take) |
                                     (reinterpret_cast<LaneMask>(m[k]) & ~take));
    }
  }
  float r = -__builtin_inff();
  for (int k = 0; k < 2; ++k)
    for (int l = 0; l < kLanes; ++l) r = (m[k][l] > r || m[k][l] != m[k][l]) ? m[k][l] : r;
  for (; i < n; ++i) r = (x[i] > r || x[i] != x[i]) ? x[i] : r;
  return r;
}

}  // namespace
}  // namespace nabla
