import assert from 'node:assert/strict';
import { test } from 'node:test';
import { grad } from '../autograd/functional.js';
import { DTypeError, ShapeError, ValueError } from '../errors.js';
import { ones, tensor, zeros } from '../tensor/creation.js';
import { Generator } from '../tensor/random.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkOp, type Plain } from '../testing/check-op.js';
import { expectClose } from '../testing/expect-close.js';
import { dropout, dropout2d } from './dropout.js';
import { sum } from './sum.js';

// A fresh generator per call draws the same mask every time, so gradcheck sees one function.
const seeded = () => ({ generator: new Generator(11) });

/** Keep element i (scaled by 1/keep) when the i-th uniform draw of the stream is below keep. */
function dropoutReference(p: number, perBlock: (x: Plain) => number) {
  return (x: Plain): Plain => {
    const g = new Generator(11);
    const block = perBlock(x);
    const scales = Array.from({ length: x.data.length / block || 0 }, () =>
      g.uniform() < 1 - p ? 1 / (1 - p) : 0,
    );
    return { shape: x.shape, data: x.data.map((v, i) => v * scales[Math.floor(i / block)]!) };
  };
}

checkOp({
  name: 'dropout p = 0.3 (a seeded mask)',
  fn: (x: Tensor) => dropout(x, 0.3, seeded()),
  reference: dropoutReference(0.3, () => 1),
  cases: [[[3, 4]], [[]], [[0, 5]]],
  errors: [
    {
      what: 'p above 1',
      call: () => dropout(ones([2]), 1.5),
      message: /dropout: p must be in \[0, 1\], got 1.5/,
      type: ValueError,
    },
    {
      what: 'an int32 input',
      call: () => dropout(zeros([2], { dtype: 'int32' })),
      message: /dropout: x must be float32 or float64, got int32/,
      type: DTypeError,
    },
  ],
});

checkOp({
  name: 'dropout2d p = 0.4 (a seeded mask per channel)',
  fn: (x: Tensor) => dropout2d(x, 0.4, seeded()),
  reference: dropoutReference(0.4, (x) => (x.shape[2] ?? 1) * (x.shape[3] ?? 1)),
  cases: [[[2, 3, 2, 2]], [[0, 3, 2, 2]]],
  errors: [
    {
      what: 'a rank-2 input',
      call: () => dropout2d(ones([2, 3])),
      message: /dropout2d: x must have rank 4 \[batch, channels, height, width\], got shape \[2, 3\]/,
      type: ShapeError,
    },
    {
      what: 'a negative p',
      call: () => dropout2d(ones([1, 1, 1, 1]), -0.1),
      message: /dropout2d: p must be in \[0, 1\], got -0.1/,
      type: ValueError,
    },
  ],
});

test('dropout keeps each element with probability 1 − p and scales it by 1/(1 − p)', () => {
  const y = dropout(ones([10000]), 0.25, { generator: new Generator(3) });
  const values = [...y.data()];
  assert.ok(values.every((v) => v === 0 || Math.abs(v - 4 / 3) < 1e-6));
  // About 7,500 kept: the binomial's standard deviation is √(10000·0.75·0.25) ≈ 43.
  const kept = values.filter((v) => v !== 0).length;
  assert.ok(Math.abs(kept - 7500) < 250, `kept ${kept}`);
});

test('dropout is the identity in eval and for p = 0, and zeroes everything for p = 1', () => {
  const x = tensor([1, -2, 3]);
  assert.equal(dropout(x, 0.5, { training: false }), x);
  assert.equal(dropout(x, 0), x);
  expectClose(dropout(x, 1), [0, 0, 0]);
  assert.equal(dropout2d(ones([1, 2, 1, 1]), 0.5, { training: false }).size, 2);
});

test('dropout passes gradient only through the kept elements, scaled as they are', () => {
  const x = tensor([1, 2, 3, 4, 5, 6], { dtype: 'float64' });
  const y = dropout(x, 0.5, seeded());
  const dx = grad((x: Tensor) => sum(dropout(x, 0.5, seeded())))(x);
  // d/dx (mask·x) = mask: 2 where kept, 0 where dropped, the same mask as the forward.
  expectClose(
    dx,
    [...y.data()].map((v, i) => v / (i + 1)),
  );
});

test('dropout2d zeroes whole channels: every plane is all 0 or all 1/(1 − p)', () => {
  const y = dropout2d(ones([4, 8, 3, 3]), 0.5, { generator: new Generator(5) });
  const data = [...y.data()];
  for (let plane = 0; plane < 32; plane++) {
    const values = new Set(data.slice(plane * 9, plane * 9 + 9));
    assert.equal(values.size, 1);
    assert.ok(values.has(0) || values.has(2));
  }
});
