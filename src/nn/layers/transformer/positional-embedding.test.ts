import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ShapeError } from '../../../errors.js';
import { tensor, zeros } from '../../../index.js';
import { expectClose } from '../../../testing/expect-close.js';
import { PositionalEmbedding } from './positional-embedding.js';

test('PositionalEmbedding adds row t of its table to position t', () => {
  const pos = new PositionalEmbedding(3, 2);
  pos.loadStateDict({
    weight: tensor([
      [1, 2],
      [3, 4],
      [5, 6],
    ]),
  });
  const x = tensor([
    [
      [10, 10],
      [20, 20],
    ],
  ]);
  expectClose(pos.forward(x), [
    [
      [11, 12],
      [23, 24],
    ],
  ]);
});

test('PositionalEmbedding learns: the gradient of a sum reaches only the rows used', () => {
  const pos = new PositionalEmbedding(3, 2);
  pos
    .forward(zeros([4, 2, 2]))
    .sum()
    .backward();
  // 4 samples each use rows 0 and 1 once per element
  expectClose(pos.weight.grad!, [
    [4, 4],
    [4, 4],
    [0, 0],
  ]);
  assert.equal(pos.numParameters(), 6);
});

test('PositionalEmbedding rejects sequences longer than maxLen', () => {
  const pos = new PositionalEmbedding(3, 2);
  assert.throws(() => pos.forward(zeros([1, 4, 2])), ShapeError);
  assert.throws(
    () => pos.forward(zeros([1, 2, 5])),
    /PositionalEmbedding\(maxLen=3, dModel=2\): expected input \[\.\.\., seq ≤ 3, 2\], got \[1, 2, 5\]/,
  );
});
