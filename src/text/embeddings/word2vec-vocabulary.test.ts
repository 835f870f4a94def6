import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ValueError } from '../../index.js';
import {
  countWords,
  encodeSentences,
  huffmanTree,
  keepProbabilities,
  noiseDistribution,
} from './word2vec-vocabulary.js';

test('countWords keeps words seen minCount times, most frequent first, ties by first appearance', () => {
  const got = countWords(
    [
      ['b', 'a', 'c', 'a'],
      ['b', 'd', 'a', 'c'],
    ],
    2,
  );
  // a 3, b 2, c 2 (b came first), d 1 dropped
  assert.deepEqual(got.words, ['a', 'b', 'c']);
  assert.deepEqual([...got.counts], [3, 2, 2]);
  assert.equal(got.totalTokens, 8);
  assert.throws(() => countWords([], 0), ValueError);
});

test('huffmanTree builds word2vec.c’s tree: short codes for frequent words', () => {
  // counts 4 3 2 1: join 1+2 → node A (3); join 3 (word 1) with A, A first (not rarer) → B (6);
  // join 4 with B → root (10). The second of each join takes bit 1.
  const t = huffmanTree(Float64Array.from([4, 3, 2, 1]));
  const path = (w: number): [number[], number[]] => [
    Array.from(t.codes.subarray(t.offsets[w]!, t.offsets[w + 1]!)),
    Array.from(t.points.subarray(t.offsets[w]!, t.offsets[w + 1]!)),
  ];
  assert.deepEqual(path(0), [[0], [2]]);
  assert.deepEqual(path(1), [
    [1, 1],
    [2, 1],
  ]);
  assert.deepEqual(path(2), [
    [1, 0, 1],
    [2, 1, 0],
  ]);
  assert.deepEqual(path(3), [
    [1, 0, 0],
    [2, 1, 0],
  ]);
  // One word: no inner node, an empty code.
  assert.deepEqual([...huffmanTree(Float64Array.from([7])).offsets], [0, 0]);
  assert.throws(() => huffmanTree(Float64Array.from([1, 2])), /sorted in descending order/);
});

test('noiseDistribution is the cumulative unigram^0.75 distribution', () => {
  // 16^0.75 = 8, 1^0.75 = 1, 81^0.75 = 27 → cumulative 8, 9, 36 over 36
  assert.deepEqual([...noiseDistribution(Float64Array.from([16, 1, 81]))], [8 / 36, 9 / 36, 1]);
  assert.deepEqual([...noiseDistribution(Float64Array.from([2, 2]), 0)], [0.5, 1]);
});

test('keepProbabilities follows gensim’s subsampling formula', () => {
  // t = 0.01 × 1000 = 10: p(900) = (√90 + 1) · 10/900, p(100) = (√10 + 1) · 10/100, p(5) = 1 (capped)
  const p = keepProbabilities(Float64Array.from([900, 95, 5]), 0.01);
  assert.ok(Math.abs(p[0]! - (Math.sqrt(90) + 1) / 90) < 1e-12);
  assert.ok(Math.abs(p[1]! - (Math.sqrt(95 / 10) + 1) * (10 / 95)) < 1e-12);
  assert.equal(p[2], 1);
  assert.deepEqual([...keepProbabilities(Float64Array.from([900, 100]), 0)], [1, 1]);
  assert.throws(() => keepProbabilities(Float64Array.from([1]), -1), ValueError);
});

test('encodeSentences maps words to ids, dropping unknown ones, and marks sentence starts', () => {
  const got = encodeSentences([['a', 'x', 'b'], ['y'], ['b', 'a']], ['b', 'a']);
  assert.deepEqual([...got.ids], [1, 0, 0, 1]);
  assert.deepEqual([...got.starts], [0, 2, 2, 4]);
});
