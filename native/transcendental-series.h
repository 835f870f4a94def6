// exp, GELU and GELU's slope written once over an ISA's vector operations, for
// transcendental-avx2.cc (8 lanes) and transcendental-avx512.cc (16 lanes). `I` is a struct of
// static functions over its float vector `I::F`, int vector `I::N` and compare mask `I::M`:
// set, add, sub, mul, div, fmadd (a·b + c), fnmadd (c − a·b), fmsub (a·b − c), min (NaN in the
// second operand passes), round (to nearest), toInt, pow2, abs, le and gt (ordered compares),
// select(m, a, b) (b where m is set), zeroWhere(m, x), load, store. Each function is the same
// instruction sequence on either width, so both give the same bits per element. The traits are
// defined in each ISA's file (anonymous namespace), so every instantiation stays in the file
// compiled with that ISA's flags.
#pragma once

#include <cstddef>
#include <cstring>

namespace nabla {

// e^x = 2^n · e^r with n = round(x / ln 2) and |r| ≤ ln 2 / 2, r computed with ln 2 split in a
// high part exact in float (so n · hi is exact) and a low part. e^r is its Taylor series to r^7
// (error below r^8/8! < 6e-9). 2^n is applied as two factors so that results between the
// smallest normal and the smallest subnormal round once, and x is clamped to 89, where e^89
// overflows to Inf in that last multiplication. At or below −104 the result is 0, set by a mask:
// computed, it underflows, and Intel cores finish every multiplication that underflows in a
// microcode assist (~100 cycles): a causal mask's −∞ entries made softmax 4× slower. Those lanes
// compute e^0 instead; NaN fails the compare and passes through.
template <typename I>
inline typename I::F expOf(typename I::F x) {
  const typename I::M zero = I::le(x, I::set(-104.0f));
  x = I::min(I::set(89.0f), I::zeroWhere(zero, x));
  const typename I::F n = I::round(I::mul(x, I::set(1.44269504088896341f)));
  typename I::F r = I::fnmadd(n, I::set(0.693145751953125f), x);
  r = I::fnmadd(n, I::set(1.428606765330187045e-06f), r);
  typename I::F p = I::set(1.0f / 5040);
  p = I::fmadd(p, r, I::set(1.0f / 720));
  p = I::fmadd(p, r, I::set(1.0f / 120));
  p = I::fmadd(p, r, I::set(1.0f / 24));
  p = I::fmadd(p, r, I::set(1.0f / 6));
  p = I::fmadd(p, r, I::set(0.5f));
  p = I::fmadd(p, r, I::set(1.0f));
  p = I::fmadd(p, r, I::set(1.0f));
  const typename I::N ni = I::toInt(n);
  const typename I::N half = I::halfOf(ni);
  return I::zeroWhere(zero, I::mul(I::mul(p, I::pow2(half)), I::pow2(I::subInt(ni, half))));
}

// erfc z for z ≥ 0 as t·e^(−z² + P(t)), t = 1/(1 + z/2), with P the degree-9 Chebyshev fit of
// Numerical Recipes §6.2 (fractional error below 1.2e-7 for every z ≥ 0). −z² is formed with
// its rounding error (an FMA), so the far tail keeps its precision. Beyond z = 12 erfc z is far
// below float's smallest subnormal: z is clamped there (NaN passes), so ∞ gives 0, not ∞ − ∞.
template <typename I>
inline typename I::F erfcPositiveOf(typename I::F z) {
  z = I::min(I::set(12.0f), z);
  const typename I::F t = I::div(I::set(1.0f), I::fmadd(z, I::set(0.5f), I::set(1.0f)));
  typename I::F p = I::set(0.17087277f);
  p = I::fmadd(p, t, I::set(-0.82215223f));
  p = I::fmadd(p, t, I::set(1.48851587f));
  p = I::fmadd(p, t, I::set(-1.13520398f));
  p = I::fmadd(p, t, I::set(0.27886807f));
  p = I::fmadd(p, t, I::set(-0.18628806f));
  p = I::fmadd(p, t, I::set(0.09678418f));
  p = I::fmadd(p, t, I::set(0.37409196f));
  p = I::fmadd(p, t, I::set(1.00002368f));
  p = I::fmadd(p, t, I::set(-1.26551223f));
  const typename I::F zz = I::mul(z, z);
  const typename I::F zzError = I::fmsub(z, z, zz);  // z² = zz + zzError exactly
  return I::mul(t, expOf<I>(I::sub(I::sub(p, zz), zzError)));
}

// Φ(x) = erfc(−x/√2)/2: for x ≤ 0 the tail itself, for x > 0 one minus the mirrored tail.
template <typename I>
inline typename I::F normalCdfOf(typename I::F x) {
  const typename I::F tail = I::mul(I::set(0.5f), erfcPositiveOf<I>(I::mul(I::abs(x), I::set(0.70710678f))));
  return I::select(I::gt(x, I::set(0.0f)), tail, I::sub(I::set(1.0f), tail));
}

template <typename I>
inline typename I::F geluOf(typename I::F x) {
  return I::mul(x, normalCdfOf<I>(x));
}

// Φ(x) + x·φ(x), φ(x) = e^(−x²/2)/√(2π).
template <typename I>
inline typename I::F geluSlopeOf(typename I::F x) {
  const typename I::F density = I::mul(I::set(0.39894228f), expOf<I>(I::mul(I::set(-0.5f), I::mul(x, x))));
  return I::fmadd(x, density, normalCdfOf<I>(x));
}

// out[i] = f(x[i]) a vector at a time; the tail goes through a padded block, so every element
// sees the same code path.
template <typename I, typename Fn>
void mapLanes(const float* x, float* out, size_t n, Fn f) {
  size_t i = 0;
  for (; i + I::kLanes <= n; i += I::kLanes) I::store(out + i, f(I::load(x + i)));
  if (i == n) return;
  float block[I::kLanes] = {};
  std::memcpy(block, x + i, (n - i) * sizeof(float));
  I::store(block, f(I::load(block)));
  std::memcpy(out + i, block, (n - i) * sizeof(float));
}

// out[i] = f(a[i], x[i]) a vector at a time, the tail as mapLanes's.
template <typename I, typename Fn>
void zipLanes(const float* a, const float* x, float* out, size_t n, Fn f) {
  size_t i = 0;
  for (; i + I::kLanes <= n; i += I::kLanes) I::store(out + i, f(I::load(a + i), I::load(x + i)));
  if (i == n) return;
  float blockA[I::kLanes] = {}, blockX[I::kLanes] = {};
  std::memcpy(blockA, a + i, (n - i) * sizeof(float));
  std::memcpy(blockX, x + i, (n - i) * sizeof(float));
  I::store(blockA, f(I::load(blockA), I::load(blockX)));
  std::memcpy(out + i, blockA, (n - i) * sizeof(float));
}

// GELU's gradient dy · (Φ(x) + x·φ(x)): the slope rounded, then the product, in one pass.
template <typename I>
inline typename I::F geluBackwardOf(typename I::F dy, typename I::F x) {
  return I::mul(geluSlopeOf<I>(x), dy);
}

}  // namespace nabla
