/**
 * Hard debiasing of word vectors (Bolukbasi et al. 2016): find a bias direction g from
 * definitional pairs (she/he, woman/man, ...), remove g from words that should be neutral
 * (neutralize), and make pairs that should differ only along g symmetric about the neutral axis
 * (equalize), so "grandmother" and "grandfather" end up equally far from "babysit".
 * @see https://arxiv.org/abs/1607.06520
 */
import { ShapeError, ValueError } from '../../index.js';
import { KeyedVectors } from './keyed-vectors.js';

/** How `biasDirection` combines the pairs. */
export type BiasDirectionMethod = 'difference' | 'pca';

type Vector = ArrayLike<number>;

/**
 * The unit bias direction of `pairs` [a, b]: 'difference' (default) averages the differences
 * a − b; 'pca' takes the first principal component of every a − μ and b − μ, μ = (a + b) / 2,
 * as the paper does, its sign chosen to agree with the differences.
 * @example
 * biasDirection([[[1, 1], [-1, 1]]]); // Float32Array [1, 0]
 */
export function biasDirection(
  pairs: readonly (readonly [Vector, Vector])[],
  { method = 'difference' }: { method?: BiasDirectionMethod } = {},
): Float32Array {
  if (pairs.length === 0) throw new ValueError('biasDirection: pairs must not be empty');
  const dim = pairs[0]![0].length;
  pairs.forEach(([a, b], i) => {
    if (a.length !== dim || b.length !== dim)
      throw new ShapeError(
        `biasDirection: pair ${i} must hold two vectors of length ${dim}, got ${a.length} and ${b.length}`,
      );
  });
  const differences = pairs.map(([a, b]) => Float64Array.from(a, (x, j) => x - b[j]!));
  const mean = new Float64Array(dim);
  for (const d of differences) for (let j = 0; j < dim; j++) mean[j]! += d[j]! / pairs.length;
  if (method === 'difference') return unit(mean, 'biasDirection');
  if (method !== 'pca')
    throw new ValueError(`biasDirection: method must be 'difference' or 'pca', got '${method}'`);
  // a − μ = (a − b) / 2 and b − μ = −(a − b) / 2, so the rows are ± half the differences and the
  // scatter matrix is Σ d dᵀ / 2: its top eigenvector by power iteration, started from the mean.
  let v = Float64Array.from(unit(mean, 'biasDirection'));
  for (let iteration = 0; iteration < 1000; iteration++) {
    const next = new Float64Array(dim);
    for (const d of differences) {
      const s = dotOf(d, v);
      for (let j = 0; j < dim; j++) next[j]! += s * d[j]!;
    }
    const n = Math.sqrt(dotOf(next, next));
    if (n === 0) break;
    const change = next.reduce((acc, x, j) => acc + Math.abs(x / n - v[j]!), 0);
    v = next.map((x) => x / n);
    if (change < 1e-12) break;
  }
  if (dotOf(v, mean) < 0) v = v.map((x) => -x);
  return Float32Array.from(v);
}

/**
 * `e` with its component along `direction` removed: e − (e·g / g·g) g. Its cosine with the
 * direction is then 0.
 * @example
 * neutralize([1, 2, 3], [0, 3, 4]); // Float32Array [1, -0.16, 0.12]
 */
export function neutralize(e: Vector, direction: Vector): Float32Array {
  checkLengths('neutralize', e, direction);
  const g2 = dotOf(direction, direction);
  if (g2 === 0) throw new ValueError('neutralize: direction must not be the zero vector');
  const s = dotOf(e, direction) / g2;
  return Float32Array.from(e, (x, j) => x - s * direction[j]!);
}

/**
 * Equalizes a pair (both scaled to unit length first, as in the paper): each becomes
 * ν ± √(1 − ‖ν‖²) u, where ν is the part of their mean orthogonal to the direction and u the unit
 * bias direction of each word relative to the mean. The two results are unit vectors that share
 * ν and differ only in sign along the direction.
 * @example
 * equalize([0.6, 0.8, 0], [-0.8, 0, 0.6], [1, 0, 0]);
 * // [Float32Array [0.866, 0.4, 0.3], Float32Array [-0.866, 0.4, 0.3]]
 */
export function equalize(a: Vector, b: Vector, direction: Vector): [Float32Array, Float32Array] {
  checkLengths('equalize', a, direction);
  checkLengths('equalize', b, direction);
  const g = unit(Float64Array.from(direction), 'equalize');
  const [ua, ub] = [unit(Float64Array.from(a), 'equalize'), unit(Float64Array.from(b), 'equalize')];
  const mu = ua.map((x, j) => (x + ub[j]!) / 2);
  const muB = dotOf(mu, g);
  const nu = mu.map((x, j) => x - muB * g[j]!);
  const scale = Math.sqrt(Math.max(0, 1 - dotOf(nu, nu)));
  const side = (w: Float32Array): Float32Array => {
    const offset = dotOf(w, g) - muB;
    // Both words on the same point of the axis: no side to push them to.
    if (offset === 0) return Float32Array.from(nu);
    return nu.map((x, j) => x + scale * Math.sign(offset) * g[j]!);
  };
  return [side(ua), side(ub)];
}

/** Options of `hardDebias`. */
export interface HardDebiasOptions {
  /** Pairs of words that define the direction (she/he, her/his, woman/man, ...). */
  definitional: readonly (readonly [string, string])[];
  /** Pairs to equalize (grandmother/grandfather, ...); pairs with an unknown word are skipped. */
  equalize?: readonly (readonly [string, string])[];
  /** Words that keep their bias component (gender-specific words: mother, king, ...). */
  specific?: readonly string[];
  /** 'pca' (default, as the paper) or 'difference'. */
  method?: BiasDirectionMethod;
}

/**
 * A debiased copy of `kv`'s unit vectors: every word neutralized (and scaled back to unit
 * length) except the specific ones, the definitional and the equalize pairs; then the equalize
 * pairs equalized.
 * @example
 * const kv = new KeyedVectors(['he', 'she', 'nurse'], new Float32Array([1, 0.2, -1, 0.2, -0.5, 1]), 2);
 * hardDebias(kv, { definitional: [['she', 'he']] }).similarity('nurse', 'she'); // equal to ('nurse', 'he')
 */
export function hardDebias(kv: KeyedVectors, options: HardDebiasOptions): KeyedVectors {
  const unitVectors = kv.normalizedVectors();
  const row = (w: string): Float32Array => kv.vector(w, { normalized: true });
  const g = biasDirection(
    options.definitional.map(([a, b]) => [row(a), row(b)] as const),
    { method: options.method ?? 'pca' },
  );
  const pairs = (options.equalize ?? []).filter(([a, b]) => kv.has(a) && kv.has(b));
  const keep = new Set([...(options.specific ?? []), ...options.definitional.flat(), ...pairs.flat()]);
  const out = new Float32Array(unitVectors.length);
  kv.words.forEach((word, i) => {
    const v = unitVectors.subarray(i * kv.dim, (i + 1) * kv.dim);
    // The paper scales a neutralized word back to unit length (a zero vector stays zero).
    out.set(keep.has(word) ? v : rescaled(neutralize(v, g)), i * kv.dim);
  });
  for (const [a, b] of pairs) {
    const [ea, eb] = equalize(row(a), row(b), g);
    out.set(ea, kv.index(a) * kv.dim);
    out.set(eb, kv.index(b) * kv.dim);
  }
  return new KeyedVectors(kv.words, out, kv.dim);
}

function checkLengths(op: string, e: Vector, direction: Vector): void {
  if (e.length !== direction.length)
    throw new ShapeError(
      `${op}: the vector has ${e.length} numbers but the direction has ${direction.length}`,
    );
}

function rescaled(v: Float32Array): Float32Array {
  const n = Math.sqrt(dotOf(v, v));
  return n === 0 ? v : v.map((x) => x / n);
}

function dotOf(a: Vector, b: Vector): number {
  let s = 0;
  for (let j = 0; j < a.length; j++) s += a[j]! * b[j]!;
  return s;
}

function unit(v: Float64Array, op: string): Float32Array {
  const n = Math.sqrt(dotOf(v, v));
  if (n === 0) throw new ValueError(`${op}: a vector (or the mean difference) is zero and has no direction`);
  return Float32Array.from(v, (x) => x / n);
}
