import { DTypeError, ValueError } from '../errors.js';
import { tensor } from '../tensor/creation.js';
import { isFloat } from '../tensor/dtype.js';
import type { Tensor } from '../tensor/tensor.js';
import { valueAndGrad } from './functional.js';
import { noGrad } from './grad-mode.js';

/** The course's reading of a relative error: ≈1e-7 fine, ≈1e-5 look again, ≈1e-3 wrong. */
export type GradcheckVerdict = 'fine' | 'look again' | 'wrong';

export interface GradcheckEntry {
  /** The input's position in the argument list, and its name when names were given. */
  index: number;
  name: string;
  size: number;
  relativeError: number;
  maxAbsError: number;
  verdict: GradcheckVerdict;
}

export interface GradcheckResult {
  /** ‖dθ_approx − dθ‖₂ / (‖dθ_approx‖₂ + ‖dθ‖₂) over all inputs flattened into one vector. */
  relativeError: number;
  verdict: GradcheckVerdict;
  /** Whether relativeError ≤ the tolerance. */
  passed: boolean;
  /** The same measure per input tensor, to point at the wrong one. */
  inputs: GradcheckEntry[];
  /** A printable table of the per-input breakdown. */
  table(): string;
}

export interface GradcheckOptions {
  /** The step of the two-sided difference (default 1e-6). */
  eps?: number;
  /** The largest relative error that passes (default 1e-6). */
  tolerance?: number;
  /** Names for the inputs in the breakdown (e.g. parameter names). */
  names?: readonly string[];
}

export function verdictOf(relativeError: number): GradcheckVerdict {
  if (!(relativeError <= 1e-5)) return relativeError <= 1e-3 ? 'look again' : 'wrong';
  return relativeError <= 1e-7 ? 'fine' : 'look again';
}

function relativeError(
  analytic: ArrayLike<number>,
  numeric: ArrayLike<number>,
): { rel: number; diff2: number; a2: number; n2: number; maxAbs: number } {
  let diff2 = 0;
  let a2 = 0;
  let n2 = 0;
  let maxAbs = 0;
  for (let i = 0; i < analytic.length; i++) {
    const a = analytic[i]!;
    const n = numeric[i]!;
    diff2 += (a - n) ** 2;
    a2 += a * a;
    n2 += n * n;
    maxAbs = Math.max(maxAbs, Math.abs(a - n));
  }
  const denominator = Math.sqrt(a2) + Math.sqrt(n2);
  const rel = denominator === 0 ? 0 : Math.sqrt(diff2) / denominator;
  return { rel: Number.isNaN(rel) ? Number.POSITIVE_INFINITY : rel, diff2, a2, n2, maxAbs };
}

/**
 * Gradient checking as the course teaches it: every input is copied to float64, each element θᵢ
 * is moved by ±ε and the two-sided difference (f(θ+ε) − f(θ−ε)) / 2ε is compared with the
 * gradient backprop computes, by the relative error ‖g̃ − g‖ / (‖g̃‖ + ‖g‖).
 * `f` must return a scalar (a loss). Turn off dropout and other randomness before checking.
 * @example
 * const result = gradcheck((w, x) => w.matmul(x).tanh().sum(), [randn([3, 4]), randn([4, 2])]);
 * result.passed; // => true
 * console.log(result.table());
 */
export function gradcheck(
  f: (...xs: Tensor[]) => Tensor,
  inputs: readonly Tensor[],
  options: GradcheckOptions = {},
): GradcheckResult {
  const { eps = 1e-6, tolerance = 1e-6, names = [] } = options;
  if (!(eps > 0)) throw new ValueError(`gradcheck: eps must be positive, got ${eps}`);
  inputs.forEach((x, i) => {
    if (!isFloat(x.dtype))
      throw new DTypeError(`gradcheck: input ${i} must be a float tensor, got ${x.dtype}`);
  });
  const xs = inputs.map((x) => tensor(x.data(), { dtype: 'float64', shape: [...x.shape] }));
  const [value, analytic] = valueAndGrad(f)(...xs);
  if (value.size !== 1)
    throw new ValueError(`gradcheck: f must return a scalar, got shape [${value.shape.join(', ')}]`);
  const evaluate = (): number => noGrad(() => f(...xs)).item();
  const entries: GradcheckEntry[] = [];
  let diff2 = 0;
  let a2 = 0;
  let n2 = 0;
  xs.forEach((x, i) => {
    const data = x.storage;
    const numeric = new Float64Array(data.length);
    for (let j = 0; j < data.length; j++) {
      const saved = data[j]!;
      data[j] = saved + eps;
      const plus = evaluate();
      data[j] = saved - eps;
      const minus = evaluate();
      data[j] = saved;
      numeric[j] = (plus - minus) / (2 * eps);
    }
    const e = relativeError(analytic[i]!.data(), numeric);
    diff2 += e.diff2;
    a2 += e.a2;
    n2 += e.n2;
    entries.push({
      index: i,
      name: names[i] ?? `input ${i}`,
      size: data.length,
      relativeError: e.rel,
      maxAbsError: e.maxAbs,
      verdict: verdictOf(e.rel),
    });
  });
  const denominator = Math.sqrt(a2) + Math.sqrt(n2);
  const overall = denominator === 0 ? 0 : Math.sqrt(diff2) / denominator;
  const rel = Number.isNaN(overall) ? Number.POSITIVE_INFINITY : overall;
  return {
    relativeError: rel,
    verdict: verdictOf(rel),
    passed: rel <= tolerance,
    inputs: entries,
    table: () => formatTable(entries, rel),
  };
}

function formatTable(entries: readonly GradcheckEntry[], overall: number): string {
  const rows = entries.map((e) => [
    e.name,
    String(e.size),
    e.relativeError.toExponential(2),
    e.maxAbsError.toExponential(2),
    e.verdict,
  ]);
  rows.push([
    'all',
    String(entries.reduce((s, e) => s + e.size, 0)),
    overall.toExponential(2),
    '',
    verdictOf(overall),
  ]);
  const header = ['input', 'size', 'relative error', 'max |diff|', 'verdict'];
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  const line = (cells: string[]): string =>
    cells
      .map((cell, c) => cell.padEnd(widths[c]!))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
