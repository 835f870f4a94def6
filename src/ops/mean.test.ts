import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ValueError } from '../errors.js';
import { tensor } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkOp } from '../testing/check-op.js';
import { expectClose } from '../testing/expect-close.js';
import { reduceReference } from '../testing/reference/reduce-reference.js';
import { mean } from './mean.js';

const average = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;

for (const [axis, keepDims] of [
  [undefined, false],
  [1, false],
  [-1, true],
  [[0, 2], false],
] as const) {
  checkOp({
    name: `mean axis ${JSON.stringify(axis)} keepDims ${keepDims}`,
    fn: (x: Tensor) => mean(x, axis, keepDims),
    reference: (x) => reduceReference(x, axis === undefined ? undefined : [axis].flat(), keepDims, average),
    cases: [[[2, 3, 4]], [[0, 3, 2]]],
  });
}

checkOp({
  name: 'mean of a scalar',
  fn: (x: Tensor) => mean(x),
  reference: (x) => x,
  cases: [[[]]],
  errors: [
    {
      what: 'an out-of-range axis',
      call: () => mean(tensor([1]), 1),
      message: /mean: axis 1 is out of range/,
      type: ValueError,
    },
    { what: 'a string', call: () => mean('x' as never), message: /mean: x must be a Tensor/ },
  ],
});

test('mean of no elements is NaN; an int32 mean is float32', () => {
  expectClose(mean(tensor([])), [Number.NaN]);
  const m = mean(tensor([1, 2], { dtype: 'int32' }));
  assert.equal(m.dtype, 'float32');
  expectClose(m, [1.5]);
});
