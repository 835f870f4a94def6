/**
 * Word vectors looked up by word: the object word2vec, GloVe and the vector files produce, and
 * what similarity, analogies and debiasing work on.
 */
import { ShapeError, type Tensor, tensor, ValueError } from '../../index.js';

/** A word and its score (a cosine similarity, or the 3CosMul score). */
export interface ScoredWord {
  word: string;
  score: number;
}

/** How `analogy` scores a candidate d for "a is to b as c is to d". */
export type AnalogyMethod = '3CosAdd' | '3CosMul';

/** Options of `mostSimilar`. */
export interface MostSimilarOptions {
  /** How many words to return (default 10). */
  k?: number;
  /** Words never returned (the query word itself is always excluded). */
  exclude?: readonly string[];
  /** Search only the first `restrictVocab` words (the most frequent, in trained vectors). */
  restrictVocab?: number;
}

/** Options of `analogy`. */
export interface AnalogyOptions {
  /** 3CosAdd (default) or 3CosMul. */
  method?: AnalogyMethod;
  /** How many candidates to return (default 1). */
  k?: number;
  /** Search only the first `restrictVocab` words. */
  restrictVocab?: number;
}

/** 3CosMul's ε, which keeps the division finite (Levy and Goldberg use 0.001). */
const COSMUL_EPSILON = 1e-3;

/**
 * A vocabulary of words, each with a vector of `dim` numbers, stored row-major in one
 * Float32Array `[count, dim]`. Similarities are cosines: they use the unit-length copies of the
 * vectors (`normalizedVectors()`), computed once on first use; a zero vector stays zero.
 * @example
 * const kv = new KeyedVectors(['king', 'queen'], new Float32Array([1, 0, 0.6, 0.8]));
 * kv.similarity('king', 'queen'); // 0.6
 */
export class KeyedVectors {
  /** The length of every vector. */
  readonly dim: number;
  private readonly ids = new Map<string, number>();
  private normalized: Float32Array | undefined;

  /**
   * @param words the vocabulary, in row order (for trained vectors, most frequent first)
   * @param vectors `words.length × dim` numbers, row-major; kept, not copied
   * @param dim the vector length (default `vectors.length / words.length`)
   */
  constructor(
    readonly words: readonly string[],
    readonly vectors: Float32Array,
    dim?: number,
  ) {
    const d = dim ?? (words.length === 0 ? 0 : vectors.length / words.length);
    if (!Number.isSafeInteger(d) || d < 0 || vectors.length !== words.length * d)
      throw new ShapeError(
        `KeyedVectors: vectors must hold words.length × dim numbers (${words.length} × ${dim ?? '?'}), got ${vectors.length}`,
      );
    this.dim = d;
    words.forEach((word, i) => {
      if (this.ids.has(word)) throw new ValueError(`KeyedVectors: the word '${word}' appears twice`);
      this.ids.set(word, i);
    });
  }

  /** The number of words. */
  get count(): number {
    return this.words.length;
  }

  /** Whether `word` has a vector. */
  has(word: string): boolean {
    return this.ids.has(word);
  }

  /** The row of `word`; a ValueError when it has no vector. */
  index(word: string): number {
    const i = this.ids.get(word);
    if (i === undefined) throw new ValueError(`KeyedVectors: the word '${word}' is not in the vocabulary`);
    return i;
  }

  /** The vector of `word` (a view: writing into it changes the stored vector). */
  vector(word: string, { normalized = false } = {}): Float32Array {
    const i = this.index(word);
    const source = normalized ? this.normalizedVectors() : this.vectors;
    return source.subarray(i * this.dim, (i + 1) * this.dim);
  }

  /** Every vector scaled to length 1 (zero vectors stay zero), `[count, dim]`, computed once. */
  normalizedVectors(): Float32Array {
    if (!this.normalized) {
      const { dim, vectors } = this;
      const out = new Float32Array(vectors.length);
      for (let row = 0; row < this.count; row++) {
        const v = vectors.subarray(row * dim, (row + 1) * dim);
        const n = norm(v);
        if (n > 0) for (let j = 0; j < dim; j++) out[row * dim + j] = v[j]! / n;
      }
      this.normalized = out;
    }
    return this.normalized;
  }

  /** Forgets the normalised copy; call it after changing `vectors` in place. */
  invalidate(): void {
    this.normalized = undefined;
  }

  /** The vectors as a `[count, dim]` float32 tensor (e.g. to initialise `nn.Embedding`). */
  toTensor(): Tensor {
    return tensor(this.vectors.slice(), { shape: [this.count, this.dim] });
  }

  /** The cosine similarity of two words' vectors. */
  similarity(a: string, b: string): number {
    return dot(this.vector(a, { normalized: true }), this.vector(b, { normalized: true }));
  }

  /**
   * The `k` words whose vectors have the largest cosine with `query`: a word (itself excluded),
   * or a vector of length `dim`. Ties keep vocabulary order.
   * @example
   * const kv = new KeyedVectors(['a', 'b', 'c'], new Float32Array([1, 0, 0.8, 0.6, 0, 1]));
   * kv.mostSimilar('a', { k: 1 }); // [{ word: 'b', score: 0.8 }]
   */
  mostSimilar(query: string | ArrayLike<number>, options: MostSimilarOptions = {}): ScoredWord[] {
    const exclude = new Set(options.exclude ?? []);
    let target: ArrayLike<number>;
    if (typeof query === 'string') {
      target = this.vector(query, { normalized: true });
      exclude.add(query);
    } else {
      this.checkVector(query, 'mostSimilar', 'query');
      target = query;
    }
    const t = Float32Array.from(target);
    const n = norm(t);
    if (n > 0) for (let j = 0; j < t.length; j++) t[j]! /= n;
    const cosines = this.cosinesWith(t, options.restrictVocab);
    return this.top(cosines, options.k ?? 10, exclude, 'mostSimilar');
  }

  /**
   * "a is to b as c is to ?": the best `k` words d, the query words excluded. 3CosAdd ranks by
   * cos(d, b − a + c) on unit vectors; 3CosMul by cos'(d, b)·cos'(d, c) / (cos'(d, a) + 0.001)
   * with cos' = (1 + cos) / 2, which keeps one large similarity from dominating.
   * @see https://aclanthology.org/W14-1618/ (3CosMul: Levy and Goldberg 2014)
   * @example
   * const kv = new KeyedVectors(['man', 'woman', 'king', 'queen'],
   *   new Float32Array([1, 0, 0, 1, 1, 0.2, 0, 1.2]), 2);
   * kv.analogy('man', 'woman', 'king')[0].word; // 'queen'
   */
  analogy(a: string, b: string, c: string, options: AnalogyOptions = {}): ScoredWord[] {
    const { method = '3CosAdd', k = 1, restrictVocab } = options;
    const [va, vb, vc] = [a, b, c].map((w) => this.vector(w, { normalized: true })) as [
      Float32Array,
      Float32Array,
      Float32Array,
    ];
    const exclude = new Set([a, b, c]);
    if (method === '3CosAdd') {
      const target = new Float32Array(this.dim);
      for (let j = 0; j < this.dim; j++) target[j] = vb[j]! - va[j]! + vc[j]!;
      return this.mostSimilar(target, { k, exclude: [...exclude], restrictVocab });
    }
    if (method !== '3CosMul')
      throw new ValueError(`analogy: method must be '3CosAdd' or '3CosMul', got '${method}'`);
    const shifted = (v: Float32Array): Float64Array =>
      this.cosinesWith(v, restrictVocab).map((cos) => (1 + cos) / 2);
    const [sa, sb, sc] = [shifted(va), shifted(vb), shifted(vc)];
    const scores = sb.map((x, i) => (x * sc[i]!) / (sa[i]! + COSMUL_EPSILON));
    return this.top(scores, k, exclude, 'analogy');
  }

  /**
   * The word that fits least among `words`: the one whose unit vector has the smallest cosine
   * with the mean of all their unit vectors.
   * @example
   * const kv = new KeyedVectors(['cat', 'dog', 'car'], new Float32Array([1, 0.1, 0.9, 0.2, 0, 1]), 2);
   * kv.doesntMatch(['cat', 'dog', 'car']); // 'car'
   */
  doesntMatch(words: readonly string[]): string {
    if (words.length === 0) throw new ValueError('doesntMatch: words must not be empty');
    const vs = words.map((w) => this.vector(w, { normalized: true }));
    const mean = new Float32Array(this.dim);
    for (const v of vs) for (let j = 0; j < this.dim; j++) mean[j]! += v[j]! / vs.length;
    let worst = 0;
    let worstCos = Infinity;
    vs.forEach((v, i) => {
      const cos = dot(v, mean);
      if (cos < worstCos) [worst, worstCos] = [i, cos];
    });
    return words[worst]!;
  }

  private checkVector(v: ArrayLike<number>, op: string, name: string): void {
    if (v.length !== this.dim)
      throw new ShapeError(`${op}: ${name} must have ${this.dim} numbers, got ${v.length}`);
  }

  /** Dot products of every unit vector (or the first `limit`) with `unit`. */
  private cosinesWith(unit: Float32Array, limit = this.count): Float64Array {
    const { dim } = this;
    const normed = this.normalizedVectors();
    const n = Math.min(limit, this.count);
    const out = new Float64Array(n);
    for (let row = 0; row < n; row++) {
      let s = 0;
      const base = row * dim;
      for (let j = 0; j < dim; j++) s += normed[base + j]! * unit[j]!;
      out[row] = s;
    }
    return out;
  }

  /** The `k` best rows by score, skipping `exclude`; ties keep row order. */
  private top(scores: Float64Array, k: number, exclude: Set<string>, op: string): ScoredWord[] {
    if (!Number.isSafeInteger(k) || k < 0) throw new ValueError(`${op}: k must be an integer ≥ 0, got ${k}`);
    const best: number[] = [];
    for (let row = 0; row < scores.length; row++) {
      const s = scores[row]!;
      if (best.length === k && (k === 0 || s <= scores[best[k - 1]!]!)) continue;
      if (exclude.has(this.words[row]!)) continue;
      let at = best.length;
      while (at > 0 && scores[best[at - 1]!]! < s) at--;
      best.splice(at, 0, row);
      if (best.length > k) best.pop();
    }
    return best.map((row) => ({ word: this.words[row]!, score: scores[row]! }));
  }
}

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let j = 0; j < a.length; j++) s += a[j]! * b[j]!;
  return s;
}

function norm(v: ArrayLike<number>): number {
  return Math.sqrt(dot(v, v));
}
