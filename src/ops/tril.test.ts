import assert from 'node:assert/strict';
import { test } from 'node:test';
import { grad } from '../autograd/functional.js';
import { ShapeError, ValueError } from '../errors.js';
import { tensor } from '../tensor/creation.js';
import { checkOp, type Plain } from '../testing/check-op.js';
import { expectClose } from '../testing/expect-close.js';
import { sum } from './sum.js';
import { tril, triu } from './tril.js';

/** Zeroes entries of the last two axes by their column − row. */
function triangleReference(keep: (diagonal: number) => boolean) {
  return (x: Plain): Plain => {
    const cols = x.shape.at(-1)!;
    const rows = x.shape.at(-2)!;
    const data = x.data.map((v, i) => (keep((i % cols) - (Math.floor(i / cols) % rows)) ? v : 0));
    return { shape: x.shape, data };
  };
}

checkOp({
  name: 'tril k=0',
  fn: (x) => tril(x),
  reference: triangleReference((d) => d <= 0),
  cases: [[[3, 3]], [[2, 3, 4]], [[0, 2]]],
  errors: [
    {
      what: 'a 1-D tensor',
      call: () => tril(tensor([1, 2])),
      message: /tril: x must have at least 2 dimensions, got shape \[2\]/,
      type: ShapeError,
    },
    {
      what: 'a fractional k',
      call: () => tril(tensor([[1]]), 0.5),
      message: /tril: k must be an integer, got 0.5/,
      type: ValueError,
    },
  ],
});

checkOp({
  name: 'triu k=1',
  fn: (x) => triu(x, 1),
  reference: triangleReference((d) => d >= 1),
  cases: [[[3, 4]], [[4, 2]]],
  errors: [
    { what: 'a scalar', call: () => triu(tensor(1)), message: /triu: x must have at least 2 dimensions/ },
  ],
});

test('tril and triu with k shift the diagonal', () => {
  const x = tensor([
    [1, 2, 3],
    [4, 5, 6],
    [7, 8, 9],
  ]);
  assert.deepEqual(tril(x, -1).toArray(), [
    [0, 0, 0],
    [4, 0, 0],
    [7, 8, 0],
  ]);
  assert.deepEqual(triu(x).toArray(), [
    [1, 2, 3],
    [0, 5, 6],
    [0, 0, 9],
  ]);
});

test('tril passes gradient only to the kept triangle', () => {
  expectClose(
    grad((x) => sum(tril(x)))(
      tensor([
        [1, 2],
        [3, 4],
      ]),
    ),
    [1, 0, 1, 1],
  );
});
