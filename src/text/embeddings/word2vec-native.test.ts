import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  availableBackends,
  getBackend,
  getNumThreads,
  setBackend,
  setNumThreads,
  word2vecKernel,
} from '../../index.js';
import { trainWord2vec, type Word2vecOptions, type Word2vecResult } from './word2vec.js';

// Two families of words that share their contexts (as in word2vec.test.ts).
function corpus(): string[][] {
  const sentences: string[][] = [];
  for (let i = 0; i < 60; i++) {
    sentences.push(['the', ['cat', 'dog', 'horse'][i % 3]!, 'drinks', 'milk', 'and', 'eats', 'meat']);
    sentences.push(['the', ['car', 'truck', 'plane'][i % 3]!, 'needs', 'fuel', 'and', 'burns', 'oil']);
  }
  return sentences;
}

const small: Word2vecOptions = {
  vectorSize: 12,
  minCount: 1,
  sample: 1e-2,
  epochs: 2,
  window: 3,
  trackLoss: true,
};
const settings: [string, Word2vecOptions][] = [
  ['skip-gram, negative sampling', { architecture: 'skip-gram' }],
  ['CBOW, negative sampling', { architecture: 'cbow' }],
  ['skip-gram, hierarchical softmax', { architecture: 'skip-gram', hs: true, negative: 0 }],
  ['CBOW (sum), both outputs', { architecture: 'cbow', hs: true, negative: 3, cbowMean: false }],
];

function on<T>(backend: string, fn: () => T): T {
  const before = getBackend().name;
  setBackend(backend);
  try {
    return fn();
  } finally {
    setBackend(before);
  }
}

// The kernel trains on the spec's examples (same random stream) and differs only by float
// rounding: dot products summed in float lanes instead of double (NOTE(word2vec-kernel)).
function assertSameTraining(got: Word2vecResult, want: Word2vecResult): void {
  assert.deepEqual(got.vectors.words, want.vectors.words);
  const a = got.vectors.vectors;
  const b = want.vectors.vectors;
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
  assert.ok(worst < 1e-5, `largest difference ${worst}`);
  for (const [e, loss] of got.losses.entries())
    assert.ok(Math.abs(loss / want.losses[e]! - 1) < 1e-6, `epoch ${e + 1}`);
}

const wasmAvailable = (() => {
  try {
    return on('wasm', () => word2vecKernel() !== undefined);
  } catch {
    return false;
  }
})();

const kernelBackends = [
  ...(availableBackends().includes('native') ? ['native'] : []),
  ...(wasmAvailable ? ['wasm'] : []),
];
for (const backend of kernelBackends) {
  test(`word2vec on the ${backend} kernel trains what the TypeScript loop trains, to float rounding`, () => {
    for (const [name, options] of settings) {
      const want = on('reference', () => trainWord2vec(corpus(), { ...small, ...options }));
      const got = on(backend, () => trainWord2vec(corpus(), { ...small, ...options }));
      assert.doesNotThrow(() => assertSameTraining(got, want), name);
    }
  });
}

if (availableBackends().includes('native')) {
  test('word2vec with two hogwild workers learns the same structure; one thread ignores the second worker', () => {
    const threads = getNumThreads();
    try {
      on('native', () => {
        setNumThreads(2);
        // Hogwild needs jobs of 10,000 words for both workers: 40× the corpus, one epoch.
        const big = Array.from({ length: 40 }, corpus).flat();
        const r = trainWord2vec(big, { ...small, epochs: 1, architecture: 'skip-gram', workers: 2 });
        const v = r.vectors;
        assert.ok(v.similarity('cat', 'dog') > v.similarity('cat', 'truck') + 0.2);
        assert.ok(v.similarity('car', 'plane') > v.similarity('car', 'horse') + 0.2);
        setNumThreads(1);
        const one = trainWord2vec(corpus(), { ...small, workers: 1 });
        const capped = trainWord2vec(corpus(), { ...small, workers: 2 });
        assert.deepEqual(capped.vectors.vectors, one.vectors.vectors);
      });
    } finally {
      setNumThreads(threads);
    }
  });

  test('the native word2vec kernel refuses ids outside the vocabulary and short arrays', () => {
    const kernel = on('native', () => word2vecKernel())!;
    const arrays = {
      ids: Int32Array.of(0, 1, 2),
      starts: Int32Array.of(0, 3),
      keep: new Float64Array([1, 1]),
      noise: new Float64Array([0.5, 1]),
      codes: new Uint8Array(0),
      points: new Int32Array(0),
      offsets: new Int32Array(3),
      syn0: new Float32Array(8),
      syn1neg: new Float32Array(8),
      syn1: new Float32Array(0),
      rngState: Uint32Array.of(1, 2, 3, 4),
    };
    const pass = {
      ...{ first: 0, last: 1, dim: 4, window: 2, negative: 1, hs: false, cbow: false, cbowMean: true },
      ...{ trackLoss: false, alpha: 0.025, minAlpha: 1e-4, done: 0, total: 3, threads: 1 },
    };
    assert.throws(() => kernel(arrays, pass), /word2vecTrain id outside the vocabulary/);
    assert.throws(
      () => kernel({ ...arrays, syn0: new Float32Array(7) }, pass),
      /syn0 shorter than its shape/,
    );
    assert.equal(kernel({ ...arrays, ids: Int32Array.of(0, 1, 1) }, pass), 0);
    assert.equal(
      on('reference', () => word2vecKernel()),
      undefined,
    );
  });
}
