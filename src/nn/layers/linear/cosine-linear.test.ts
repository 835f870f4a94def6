import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ShapeError, ValueError } from '../../../errors.js';
import { Generator, randn, tensor } from '../../../index.js';
import { expectClose } from '../../../testing/expect-close.js';
import { gradcheckModule } from '../../gradcheck-module.js';
import { CosineLinear } from './cosine-linear.js';

test('CosineLinear gives the cosine between each row and each weight row', () => {
  const head = new CosineLinear(2, 3);
  head.loadStateDict({
    weight: tensor([
      [2, 0],
      [0, -5],
      [1, 1],
    ]),
  });
  // x = [3, 4]/5: cosines with [1, 0], [0, −1], [1, 1]/√2 = 0.6, −0.8, 1.4/√2; a zero row gives 0s.
  expectClose(
    head.forward(
      tensor([
        [3, 4],
        [0, 0],
      ]),
    ),
    [
      [0.6, -0.8, 1.4 / Math.SQRT2],
      [0, 0, 0],
    ],
  );
  assert.deepEqual(head.forward(randn([4, 5, 2])).shape, [4, 5, 3]);
  assert.deepEqual(Object.keys(head.stateDict()), ['weight']);
});

test('CosineLinear passes the gradient check for input and weight', () => {
  const head = new CosineLinear(3, 2, { dtype: 'float64', generator: new Generator(1) });
  const x = randn([4, 3], { dtype: 'float64', generator: new Generator(2) });
  const result = gradcheckModule(head, (y) => y.mul(y).sum(), [x]);
  assert.ok(result.passed, result.table());
});

test('CosineLinear rejects bad sizes and inputs', () => {
  assert.throws(() => new CosineLinear(0, 3), /CosineLinear: inFeatures must be a positive integer, got 0/);
  assert.throws(() => new CosineLinear(2, 1.5), ValueError);
  assert.throws(() => new CosineLinear(2, 3).forward(tensor([[1, 2, 3]])), ShapeError);
});
