import assert from 'node:assert/strict';
import { test } from 'node:test';
import { grad } from '../autograd/functional.js';
import { DTypeError, ShapeError, ValueError } from '../errors.js';
import { tensor } from '../tensor/creation.js';
import { checkOp, type Plain } from '../testing/check-op.js';
import { expectClose } from '../testing/expect-close.js';
import { gather } from './gather.js';
import { sum } from './sum.js';

const int = (v: number[][]) => tensor(v, { dtype: 'int32' });
// Rows pick along axis 1: out[i][j] = x[i][index[i][j]].
const index = int([
  [2, 0],
  [1, 1],
  [0, 2],
]);

checkOp({
  name: 'gather axis 1',
  fn: (x) => gather(x, 1, index),
  reference: (x: Plain): Plain => {
    const cols = x.shape[1]!;
    const picks = [2, 0, 1, 1, 0, 2]; // index, row by row
    return { shape: [3, 2], data: picks.map((c, k) => x.data[Math.floor(k / 2) * cols + c]!) };
  },
  cases: [[[3, 3]], [[3, 4]]],
  errors: [
    {
      what: 'a float index',
      call: () => gather(tensor([1, 2]), 0, tensor([0])),
      message: /gather: index must be an int32 tensor, got float32/,
      type: DTypeError,
    },
    {
      what: 'an index out of range',
      call: () => gather(tensor([1, 2]), 0, tensor([2], { dtype: 'int32' })),
      message: /gather: index 2 is out of range for axis 0 of size 2/,
      type: ValueError,
    },
    {
      what: 'a negative index',
      call: () => gather(tensor([1, 2]), 0, tensor([-1], { dtype: 'int32' })),
      message: /gather: index -1 is out of range/,
    },
    {
      what: 'an index of another rank',
      call: () => gather(tensor([[1, 2]]), 1, tensor([0], { dtype: 'int32' })),
      message: /gather: index must have the rank of x \(2\), got shape \[1\]/,
      type: ShapeError,
    },
    {
      what: 'an index larger than x off the axis',
      call: () => gather(tensor([[1, 2]]), 1, int([[0], [0]])),
      message: /gather: index.shape\[0\] \(2\) must not exceed x.shape\[0\] \(1\)/,
    },
  ],
});

checkOp({
  name: 'gather axis 0, zero-size index',
  fn: (x) => gather(x, 0, tensor(new Int32Array(0), { shape: [0, 2] })),
  reference: () => ({ shape: [0, 2], data: [] }),
  cases: [[[3, 2]]],
});

test('gather picks along axis 0 and axis 1', () => {
  const x = tensor([
    [1, 2],
    [3, 4],
  ]);
  assert.deepEqual(gather(x, 1, int([[1], [0]])).toArray(), [[2], [3]]);
  assert.deepEqual(gather(x, 0, int([[1, 0]])).toArray(), [[3, 2]]);
});

test('gather gradients add up where an entry is picked twice', () => {
  // index [[1, 1], [0, 1]] on axis 1 picks x[0][1] twice and x[1][0], x[1][1] once.
  const g = grad((x) =>
    sum(
      gather(
        x,
        1,
        int([
          [1, 1],
          [0, 1],
        ]),
      ),
    ),
  )(
    tensor([
      [1, 2],
      [3, 4],
    ]),
  );
  expectClose(g, [0, 2, 1, 1]);
});
