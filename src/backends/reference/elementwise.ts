import type { BinaryOp, TypedArray, UnaryOp, View } from '../types.js';

// NOTE(rounding): `round` rounds half to even, as PyTorch and NumPy do (Math.round rounds half up).
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x - Math.trunc(x)) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

// Abramowitz–Stegun 7.1.26 is only good to 1e-7; this uses the complementary-error continued
// expansion (W. J. Cody's rational approximations are overkill here): erf via erfc series below.
function erf(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  const ax = Math.abs(x);
  if (ax > 6) return Math.sign(x);
  if (ax < 2) {
    // Maclaurin series: erf x = 2/√π Σ (−1)ⁿ x^(2n+1) / (n! (2n+1)); converges fast for |x| < 2.
    let term = ax;
    let sum = ax;
    for (let n = 1; n < 60; n++) {
      term *= (-ax * ax) / n;
      const add = term / (2 * n + 1);
      sum += add;
      if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
    }
    return Math.sign(x) * (2 / Math.sqrt(Math.PI)) * sum;
  }
  return Math.sign(x) * (1 - erfcLarge(ax));
}

/** erfc(x) for x ≥ 2: the continued fraction (Lentz), accurate where 1 − erf(x) would cancel. */
function erfcLarge(ax: number): number {
  let f = ax;
  let c = ax;
  let d = 0;
  for (let n = 1; n < 200; n++) {
    const an = n / 2;
    d = ax + an * d;
    d = d === 0 ? 1e-300 : 1 / d;
    c = ax + an / c;
    if (c === 0) c = 1e-300;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.exp(-ax * ax) / (f * Math.sqrt(Math.PI));
}

/** Φ(x), the standard normal distribution function, = erfc(−x/√2)/2 without cancellation in the left tail. */
function normalCdf(x: number): number {
  const z = -x * Math.SQRT1_2;
  return z >= 2 ? 0.5 * erfcLarge(z) : 0.5 * (1 + erf(-z));
}

/** GELU's derivative Φ(x) + x·φ(x), φ the standard normal density. */
function geluSlope(x: number): number {
  return normalCdf(x) + (x * Math.exp(-0.5 * x * x)) / Math.sqrt(2 * Math.PI);
}

const unaryFns: Record<UnaryOp, (x: number) => number> = {
  neg: (x) => -x,
  abs: Math.abs,
  sign: (x) => (x > 0 ? 1 : x < 0 ? -1 : x),
  exp: Math.exp,
  log: Math.log,
  log1p: Math.log1p,
  expm1: Math.expm1,
  sqrt: Math.sqrt,
  rsqrt: (x) => 1 / Math.sqrt(x),
  square: (x) => x * x,
  reciprocal: (x) => 1 / x,
  sin: Math.sin,
  cos: Math.cos,
  tanh: Math.tanh,
  // Split by sign so that neither branch overflows: for x < 0, e^x/(1+e^x).
  sigmoid: (x) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x))),
  relu: (x) => (x > 0 ? x : Number.isNaN(x) ? x : 0),
  floor: Math.floor,
  ceil: Math.ceil,
  round: roundHalfEven,
  erf,
  gelu: (x) => x * normalCdf(x),
  // Heaviside step with step(0) = 0: the derivative of relu, PyTorch's convention.
  step: (x) => (x > 0 ? 1 : Number.isNaN(x) ? x : 0),
};

export function unary(op: UnaryOp, x: TypedArray, out: TypedArray): void {
  const f = unaryFns[op];
  const n = out.length;
  if (op === 'relu') {
    for (let i = 0; i < n; i++) {
      const v = x[i]!;
      out[i] = v > 0 ? v : v === v ? 0 : v;
    }
    return;
  }
  if (op === 'exp') {
    for (let i = 0; i < n; i++) out[i] = Math.exp(x[i]!);
    return;
  }
  for (let i = 0; i < n; i++) out[i] = f(x[i]!);
}

function powFn(a: number, b: number): number {
  return a ** b;
}

const binaryFns: Record<BinaryOp, (a: number, b: number) => number> = {
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: (a, b) => a / b,
  pow: powFn,
  // NaN propagates through maximum/minimum, as in PyTorch.
  maximum: (a, b) => (Number.isNaN(a) || Number.isNaN(b) ? Number.NaN : Math.max(a, b)),
  minimum: (a, b) => (Number.isNaN(a) || Number.isNaN(b) ? Number.NaN : Math.min(a, b)),
  eq: (a, b) => (a === b ? 1 : 0),
  ne: (a, b) => (a !== b ? 1 : 0),
  lt: (a, b) => (a < b ? 1 : 0),
  le: (a, b) => (a <= b ? 1 : 0),
  gt: (a, b) => (a > b ? 1 : 0),
  ge: (a, b) => (a >= b ? 1 : 0),
  // The product a·step(b), as mul(dy, step(x)) computed it: NaN in b stays NaN.
  reluBackward: (a, b) => a * (b > 0 ? 1 : Number.isNaN(b) ? b : 0),
  geluBackward: (a, b) => a * geluSlope(b),
};

/** Whether a view reads `shape` in plain row-major order from its offset. */
function isDense(v: View, shape: readonly number[]): boolean {
  let expected = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    if (shape[d] !== 1 && v.strides[d] !== expected) return false;
    expected *= shape[d]!;
  }
  return true;
}

/**
 * Visits every row-major index of `shape`, calling `row(offsets, length)` once per innermost row
 * with each view's element offset at the row start. The inner loops then run on plain strides.
 */
function forEachRow(
  shape: readonly number[],
  views: readonly View[],
  row: (offsets: number[], length: number) => void,
): void {
  const nd = shape.length;
  if (nd === 0) {
    row(
      views.map((v) => v.offset),
      1,
    );
    return;
  }
  for (const s of shape) if (s === 0) return;
  // NOTE(perf): outer axes that continue the innermost one in every view (a bias broadcast over
  // [N, C, H, W]: H and W) join the row, so rows are long and the per-row call is amortised. The
  // row keeps the innermost stride, so callers' inner strides stay right; the visiting order is
  // unchanged.
  let inner = shape[nd - 1]!;
  let outerAxes = nd - 1;
  while (outerAxes > 0 && views.every((v) => v.strides[outerAxes - 1] === v.strides[nd - 1]! * inner)) {
    outerAxes -= 1;
    inner *= shape[outerAxes]!;
  }
  const index = new Array<number>(outerAxes).fill(0);
  const offsets = views.map((v) => v.offset);
  for (;;) {
    row(offsets, inner);
    let d = outerAxes - 1;
    for (; d >= 0; d--) {
      index[d]! += 1;
      for (let j = 0; j < views.length; j++) offsets[j]! += views[j]!.strides[d]!;
      if (index[d]! < shape[d]!) break;
      for (let j = 0; j < views.length; j++) offsets[j]! -= views[j]!.strides[d]! * shape[d]!;
      index[d] = 0;
    }
    if (d < 0) return;
  }
}

export function binary(op: BinaryOp, a: View, b: View, shape: readonly number[], out: TypedArray): void {
  const f = binaryFns[op];
  const ad = a.data;
  const bd = b.data;
  if (isDense(a, shape) && isDense(b, shape)) {
    const ao = a.offset;
    const bo = b.offset;
    const n = out.length;
    if (op === 'add') for (let i = 0; i < n; i++) out[i] = ad[ao + i]! + bd[bo + i]!;
    else if (op === 'mul') for (let i = 0; i < n; i++) out[i] = ad[ao + i]! * bd[bo + i]!;
    else for (let i = 0; i < n; i++) out[i] = f(ad[ao + i]!, bd[bo + i]!);
    return;
  }
  const nd = shape.length;
  const sa = nd > 0 ? a.strides[nd - 1]! : 0;
  const sb = nd > 0 ? b.strides[nd - 1]! : 0;
  const rowOf = binaryRows[op];
  let o = 0;
  forEachRow(shape, [a, b], (offsets, length) => {
    if (rowOf !== undefined) rowOf(ad, offsets[0]!, sa, bd, offsets[1]!, sb, out, o, length);
    else
      for (let i = 0, ia = offsets[0]!, ib = offsets[1]!; i < length; i++, ia += sa, ib += sb) {
        out[o + i] = f(ad[ia]!, bd[ib]!);
      }
    o += length;
  });
}

/** One strided row of a binary op: out[o + i] = a[ia + i·sa] ∘ b[ib + i·sb]. */
type BinaryRow = (
  ad: TypedArray,
  ia: number,
  sa: number,
  bd: TypedArray,
  ib: number,
  sb: number,
  out: TypedArray,
  o: number,
  n: number,
) => void;

// NOTE(perf): the arithmetic ops get one loop each, written out, so V8 sees a single operator at
// each site; the generic loop calls `f` from a site shared by every op, which goes megamorphic and
// is never inlined. Strided/broadcast rows (an LSTM's per-step slices, bias rows) were ~half of a
// training step through that call.
const binaryRows: Partial<Record<BinaryOp, BinaryRow>> = {
  add: (ad, ia, sa, bd, ib, sb, out, o, n) => {
    for (let i = 0; i < n; i++, ia += sa, ib += sb) out[o + i] = ad[ia]! + bd[ib]!;
  },
  sub: (ad, ia, sa, bd, ib, sb, out, o, n) => {
    for (let i = 0; i < n; i++, ia += sa, ib += sb) out[o + i] = ad[ia]! - bd[ib]!;
  },
  mul: (ad, ia, sa, bd, ib, sb, out, o, n) => {
    for (let i = 0; i < n; i++, ia += sa, ib += sb) out[o + i] = ad[ia]! * bd[ib]!;
  },
  div: (ad, ia, sa, bd, ib, sb, out, o, n) => {
    for (let i = 0; i < n; i++, ia += sa, ib += sb) out[o + i] = ad[ia]! / bd[ib]!;
  },
};

export function where(cond: View, a: View, b: View, shape: readonly number[], out: TypedArray): void {
  const nd = shape.length;
  const sc = nd > 0 ? cond.strides[nd - 1]! : 0;
  const sa = nd > 0 ? a.strides[nd - 1]! : 0;
  const sb = nd > 0 ? b.strides[nd - 1]! : 0;
  const cd = cond.data;
  const ad = a.data;
  const bd = b.data;
  let o = 0;
  forEachRow(shape, [cond, a, b], (offsets, length) => {
    let ic = offsets[0]!;
    let ia = offsets[1]!;
    let ib = offsets[2]!;
    for (let i = 0; i < length; i++, ic += sc, ia += sa, ib += sb) out[o++] = cd[ic] ? ad[ia]! : bd[ib]!;
  });
}

export function copy(src: View, shape: readonly number[], out: TypedArray): void {
  const sd = src.data;
  const toBool = out instanceof Uint8Array && !(sd instanceof Uint8Array);
  if (isDense(src, shape) && !toBool) {
    const n = out.length;
    const o = src.offset;
    if (out.constructor === sd.constructor) {
      (out as Float64Array).set((sd as Float64Array).subarray(o, o + n));
    } else {
      // Float → int32 truncates toward zero, as a C cast (and PyTorch) does.
      for (let i = 0; i < n; i++) out[i] = sd[o + i]!;
    }
    return;
  }
  const nd = shape.length;
  const s = nd > 0 ? src.strides[nd - 1]! : 0;
  let o = 0;
  forEachRow(shape, [src], (offsets, length) => {
    let i0 = offsets[0]!;
    if (toBool) for (let i = 0; i < length; i++, i0 += s) out[o++] = sd[i0] !== 0 ? 1 : 0;
    else for (let i = 0; i < length; i++, i0 += s) out[o++] = sd[i0]!;
  });
}

export function assign(dst: View, src: View, shape: readonly number[]): void {
  const nd = shape.length;
  const sd = nd > 0 ? dst.strides[nd - 1]! : 0;
  const ss = nd > 0 ? src.strides[nd - 1]! : 0;
  const out = dst.data;
  const input = src.data;
  forEachRow(shape, [dst, src], (offsets, length) => {
    let io = offsets[0]!;
    let ii = offsets[1]!;
    for (let i = 0; i < length; i++, io += sd, ii += ss) out[io] = input[ii]!;
  });
}
