import assert from 'node:assert/strict';
import { test } from 'node:test';
import { grad } from '../autograd/functional.js';
import { ValueError } from '../errors.js';
import { tensor } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkOp } from '../testing/check-op.js';
import { expectClose } from '../testing/expect-close.js';
import { reduceReference } from '../testing/reference/reduce-reference.js';
import { prod } from './prod.js';

const product = (v: number[]) => v.reduce((a, b) => a * b, 1);

for (const [axis, keepDims] of [
  [undefined, false],
  [1, false],
  [-1, true],
  [[0, 2], false],
] as const) {
  checkOp({
    name: `prod axis ${JSON.stringify(axis)} keepDims ${keepDims}`,
    fn: (x: Tensor) => prod(x, axis, keepDims),
    reference: (x) => reduceReference(x, axis === undefined ? undefined : [axis].flat(), keepDims, product),
    cases: [[[2, 3, 4]], [[0, 3, 2]], [[2, 0, 3]]],
  });
}

checkOp({
  name: 'prod of a scalar',
  fn: (x: Tensor) => prod(x),
  reference: (x) => x,
  cases: [[[]]],
  errors: [
    {
      what: 'an out-of-range axis',
      call: () => prod(tensor([[1, 2]]), 2),
      message: /prod: axis 2 is out of range for a tensor of rank 2/,
      type: ValueError,
    },
    { what: 'a string', call: () => prod('x' as never), message: /prod: x must be a Tensor/ },
  ],
});

test('prod gradient is the product of the others, also with zeros', () => {
  const g = (values: number[]) => grad((x: Tensor) => prod(x))(tensor(values, { dtype: 'float64' }));
  expectClose(g([2, 3, 4]), [12, 8, 6]);
  // One zero: only it gets a gradient, the product of the rest.
  expectClose(g([2, 0, 4]), [0, 8, 0]);
  // Two zeros: every product of the others contains a zero.
  expectClose(g([0, 3, 0]), [0, 0, 0]);
});

test('prod of nothing is 1; int32 and bool multiply in int32', () => {
  expectClose(prod(tensor([[], []]), 1), [1, 1]);
  const i = prod(tensor([2, 3, 4], { dtype: 'int32' }));
  assert.equal(i.dtype, 'int32');
  assert.equal(i.item(), 24);
  assert.equal(prod(tensor([true, false])).dtype, 'int32');
});
