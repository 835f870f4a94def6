/**
 * word2vec's training loop as a native kernel (native/word2vec.cc): the sparse SGD that
 * `trainWord2vec` runs, in C++ with AVX2, for the backends that have it. It is not a tensor
 * kernel, so it is found by {@link word2vecKernel} rather than in the kernel table; the plain
 * TypeScript loop in src/text/embeddings/word2vec-kernel.ts is its spec and runs everywhere else.
 */
import { loadAddon, type NativeAddon } from './native/addon.js';
import { getBackend } from './registry.js';
import { loadWasmAddon } from './wasm/index.js';

/** The arrays a word2vec pass reads; the three matrices and `rngState` are updated in place. */
export interface Word2vecArrays {
  /** The corpus as word ids; sentence s is ids[starts[s] .. starts[s + 1]). */
  readonly ids: Int32Array;
  readonly starts: Int32Array;
  /** Subsampling keep probability per word. */
  readonly keep: Float64Array;
  /** Cumulative unigram^0.75 distribution (negatives). */
  readonly noise: Float64Array;
  /** The Huffman tree, flat (empty without hierarchical softmax; `offsets` always vocab + 1 long). */
  readonly codes: Uint8Array;
  readonly points: Int32Array;
  readonly offsets: Int32Array;
  readonly syn0: Float32Array;
  readonly syn1neg: Float32Array;
  readonly syn1: Float32Array;
  /** The four uint32 words of a `Generator`'s state, read and advanced. */
  readonly rngState: Uint32Array;
}

/** What one call trains and with which settings (NOTE(word2vec-kernel) has the math). */
export interface Word2vecPass {
  /** Sentences [first, last). */
  first: number;
  last: number;
  dim: number;
  window: number;
  negative: number;
  hs: boolean;
  cbow: boolean;
  cbowMean: boolean;
  trackLoss: boolean;
  /** Sentence s trains at max(minAlpha, alpha − (alpha − minAlpha)·(done + words before s)/total). */
  alpha: number;
  minAlpha: number;
  done: number;
  total: number;
  /** Hogwild threads (NOTE(word2vec-threads) in native/word2vec.cc); 1 follows the spec exactly. */
  threads: number;
}

/** Trains one pass; returns the loss summed over its examples (0 unless `trackLoss`). */
export type Word2vecKernel = (arrays: Word2vecArrays, pass: Word2vecPass) => number;

/**
 * The active backend's word2vec kernel: the native addon's, or the wasm module's;
 * undefined on the reference backend, whose caller runs the TypeScript loop.
 * @example
 * const kernel = word2vecKernel(); // a function on the native backend, undefined on 'reference'
 */
export function word2vecKernel(): Word2vecKernel | undefined {
  const name = getBackend().name;
  if (name === 'native') {
    const { addon } = loadAddon();
    return addon && addonWord2vec(addon);
  }
  if (name === 'wasm') {
    const addon = loadWasmAddon();
    return addon && 'word2vecTrain' in addon.signatures() ? addonWord2vec(addon) : undefined;
  }
  return undefined;
}

/** The addon's (or module's) entry behind the {@link Word2vecKernel} interface. */
function addonWord2vec(addon: Pick<NativeAddon, 'word2vecTrain'>): Word2vecKernel {
  // The binding has no float64 or uint32 kind: those arrays travel as Int32Array views of their bytes.
  const bits = (a: Float64Array | Uint32Array): Int32Array =>
    new Int32Array(a.buffer, a.byteOffset, a.byteLength / 4);
  return (a, p) =>
    addon.word2vecTrain(
      a.ids,
      a.starts,
      p.first,
      p.last,
      bits(a.keep),
      bits(a.noise),
      a.codes,
      a.points,
      a.offsets,
      a.syn0,
      a.syn1neg,
      a.syn1,
      bits(a.rngState),
      p.dim,
      p.window,
      p.negative,
      p.hs,
      p.cbow,
      p.cbowMean,
      p.trackLoss,
      p.alpha,
      p.minAlpha,
      p.done,
      p.total,
      p.threads,
    );
}
