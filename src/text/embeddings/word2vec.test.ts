import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ValueError } from '../../index.js';
import { trainWord2vec, type Word2vecOptions } from './word2vec.js';

// Two families of words that share their contexts: animals drink and eat, machines need and burn.
function corpus(): string[][] {
  const sentences: string[][] = [];
  const animals = ['cat', 'dog', 'horse'];
  const machines = ['car', 'truck', 'plane'];
  for (let i = 0; i < 120; i++) {
    const a = animals[i % 3]!;
    const m = machines[i % 3]!;
    sentences.push(['the', a, 'drinks', 'milk', 'and', 'eats', 'meat']);
    sentences.push(['the', m, 'needs', 'fuel', 'and', 'burns', 'oil']);
  }
  return sentences;
}

const small: Word2vecOptions = {
  vectorSize: 10,
  minCount: 1,
  sample: 0,
  epochs: 3,
  window: 3,
  trackLoss: true,
};

for (const [name, options] of [
  ['skip-gram, negative sampling', { architecture: 'skip-gram' }],
  ['CBOW, negative sampling', { architecture: 'cbow', alpha: 0.05, epochs: 8 }],
  ['skip-gram, hierarchical softmax', { architecture: 'skip-gram', hs: true, negative: 0 }],
  ['CBOW, hierarchical softmax', { architecture: 'cbow', hs: true, negative: 0, alpha: 0.05, epochs: 8 }],
] as const) {
  test(`word2vec ${name}: words with the same contexts end up close, and the loss falls`, () => {
    const r = trainWord2vec(corpus(), { ...small, ...options });
    const v = r.vectors;
    assert.ok(v.similarity('cat', 'dog') > v.similarity('cat', 'truck') + 0.2, 'cat~dog vs cat~truck');
    assert.ok(v.similarity('car', 'plane') > v.similarity('car', 'horse') + 0.2, 'car~plane vs car~horse');
    assert.ok(r.losses[r.losses.length - 1]! < r.losses[0]!, `losses ${r.losses}`);
  });
}

test('word2vec is reproducible: same seed, same vectors bit for bit; another seed differs', () => {
  const a = trainWord2vec(corpus(), { ...small, epochs: 1, sample: 1e-2 });
  const b = trainWord2vec(corpus(), { ...small, epochs: 1, sample: 1e-2 });
  const c = trainWord2vec(corpus(), { ...small, epochs: 1, sample: 1e-2, seed: 2 });
  assert.deepEqual(a.vectors.vectors, b.vectors.vectors);
  assert.notDeepEqual(a.vectors.vectors, c.vectors.vectors);
});

test('word2vec reports the vocabulary by frequency, counts and corpus size', () => {
  const r = trainWord2vec(corpus(), { ...small, epochs: 1, minCount: 100 });
  // 'the' and 'and' 240 times each; the eight verbs and objects 120; the six nouns 40 (dropped).
  assert.deepEqual(r.vectors.words.slice(0, 2), ['the', 'and']);
  assert.equal(r.vectors.count, 10);
  assert.deepEqual([...r.counts], [240, 240, ...new Array(8).fill(120)]);
  assert.equal(r.corpusTokens, 240 * 7);
  assert.equal(r.vectors.dim, 10);
  assert.ok(r.wordsPerSecond > 0);
});

test('word2vec rejects bad options with typed errors naming them', () => {
  assert.throws(() => trainWord2vec(corpus(), { vectorSize: 0 }), /vectorSize must be an integer ≥ 1, got 0/);
  assert.throws(() => trainWord2vec(corpus(), { negative: 0 }), /with negative = 0, hs must be true/);
  assert.throws(() => trainWord2vec(corpus(), { architecture: 'glove' as 'cbow' }), ValueError);
  assert.throws(() => trainWord2vec(corpus(), { sample: -1 }), /sample must be ≥ 0/);
  assert.throws(() => trainWord2vec([['a']], { minCount: 2 }), /no word occurs minCount \(2\) times/);
});
