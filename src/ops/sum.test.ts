import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ValueError } from '../errors.js';
import { tensor } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkOp } from '../testing/check-op.js';
import { expectClose } from '../testing/expect-close.js';
import { reduceReference } from '../testing/reference/reduce-reference.js';
import { sum } from './sum.js';

const total = (v: number[]) => v.reduce((a, b) => a + b, 0);

for (const [axis, keepDims] of [
  [undefined, false],
  [0, false],
  [-1, true],
  [[0, 2], false],
  [[2, -3], true],
] as const) {
  checkOp({
    name: `sum axis ${JSON.stringify(axis)} keepDims ${keepDims}`,
    fn: (x: Tensor) => sum(x, axis, keepDims),
    reference: (x) => reduceReference(x, axis === undefined ? undefined : [axis].flat(), keepDims, total),
    cases: [[[2, 3, 4]], [[0, 3, 2]], [[2, 0, 3]]],
  });
}

checkOp({
  name: 'sum of a scalar',
  fn: (x: Tensor) => sum(x),
  reference: (x) => x,
  cases: [[[]]],
  errors: [
    {
      what: 'an out-of-range axis',
      call: () => sum(tensor([[1]]), -3),
      message: /sum: axis -3 is out of range for a tensor of rank 2/,
      type: ValueError,
    },
    {
      what: 'an axis named twice',
      call: () => sum(tensor([[1]]), [1, -1]),
      message: /sum: axis \[1,-1\] names an axis twice/,
      type: ValueError,
    },
  ],
});

test('sum: an empty sum is 0; bool and int32 sum to int32', () => {
  expectClose(sum(tensor([])), [0]);
  const b = sum(tensor([true, true, false]));
  assert.equal(b.dtype, 'int32');
  assert.equal(b.item(), 2);
  assert.deepEqual(
    sum(
      tensor(
        [
          [1, 2],
          [3, 4],
        ],
        { dtype: 'int32' },
      ),
      1,
    ).toArray(),
    [3, 7],
  );
});
