import assert from 'node:assert/strict';
import { test } from 'node:test';
import { grad } from '../autograd/functional.js';
import { ValueError } from '../errors.js';
import { tensor } from '../tensor/creation.js';
import { checkOp, type Plain } from '../testing/check-op.js';
import { expectClose } from '../testing/expect-close.js';
import { repeat, tile } from './repeat.js';
import { sum } from './sum.js';

/** out[p] = x[p mod shape], with x read as having leading size-1 axes. */
function repeatReference(reps: number[]) {
  return (x: Plain): Plain => {
    const own = [...new Array<number>(reps.length - x.shape.length).fill(1), ...x.shape];
    const shape = own.map((s, i) => s * reps[i]!);
    const size = shape.reduce((a, b) => a * b, 1);
    const data = Array.from({ length: size }, (_, i) => {
      let rest = i;
      let src = 0;
      let stride = 1;
      for (let d = shape.length - 1; d >= 0; d--) {
        src += ((rest % shape[d]!) % own[d]!) * stride;
        rest = Math.floor(rest / shape[d]!);
        stride *= own[d]!;
      }
      return x.data[src]!;
    });
    return { shape, data };
  };
}

checkOp({
  name: 'repeat [2, 1, 3]',
  fn: (x) => repeat(x, [2, 1, 3]),
  reference: repeatReference([2, 1, 3]),
  cases: [[[2, 3]], [[4, 2, 3]], [[0, 3]], [[]]],
  errors: [
    {
      what: 'fewer reps than axes',
      call: () => repeat(tensor([[1]]), [2]),
      message: /repeat: reps must name at least 2 counts \(one per axis\), got 1/,
      type: ValueError,
    },
    {
      what: 'a negative count',
      call: () => repeat(tensor([1]), [-1]),
      message: /repeat: reps\[0\] must be a non-negative integer, got -1/,
    },
  ],
});

checkOp({
  name: 'tile [2]',
  fn: (x) => tile(x, [2]),
  reference: repeatReference([1, 2]),
  cases: [[[2, 3]], [[2, 0]]],
  errors: [
    {
      what: 'a fractional count',
      call: () => tile(tensor([1]), [1.5]),
      message: /tile: reps\[0\] must be a non-negative integer/,
    },
  ],
});

test('repeat copies the whole tensor per count (PyTorch), not each element', () => {
  assert.deepEqual(repeat(tensor([1, 2]), [3]).toArray(), [1, 2, 1, 2, 1, 2]);
  assert.deepEqual(repeat(tensor([1, 2]), [2, 2]).toArray(), [
    [1, 2, 1, 2],
    [1, 2, 1, 2],
  ]);
  assert.deepEqual(repeat(tensor([1, 2]), [0]).toArray(), []);
});

test('tile repeats the last axes when reps is shorter than the rank', () => {
  assert.deepEqual(
    tile(
      tensor([
        [1, 2],
        [3, 4],
      ]),
      [2],
    ).toArray(),
    [
      [1, 2, 1, 2],
      [3, 4, 3, 4],
    ],
  );
});

test('the gradient of repeat counts the copies of each element', () => {
  // Each element appears 2·3 = 6 times in repeat(x, [2, 3]).
  expectClose(grad((x) => sum(repeat(x, [2, 3])))(tensor([1, 2])), [6, 6]);
});
