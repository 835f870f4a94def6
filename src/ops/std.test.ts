import { test } from 'node:test';
import { tensor } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkOp } from '../testing/check-op.js';
import { expectClose } from '../testing/expect-close.js';
import { reduceReference } from '../testing/reference/reduce-reference.js';
import { std } from './std.js';

function stdOf(values: number[], unbiased: boolean): number {
  const m = values.reduce((a, b) => a + b, 0) / values.length;
  const ss = values.reduce((a, v) => a + (v - m) ** 2, 0);
  return Math.sqrt(ss / (unbiased ? values.length - 1 : values.length));
}

checkOp({
  name: 'std',
  fn: (x: Tensor) => std(x),
  reference: (x) => reduceReference(x, undefined, false, (v) => stdOf(v, true)),
  cases: [[[3, 4]], [[6]]],
  float32Tolerance: 1e-4,
  errors: [{ what: 'a string', call: () => std('x' as never), message: /std: x must be a Tensor/ }],
});

checkOp({
  name: 'std biased over axis 0, keepDims',
  fn: (x: Tensor) => std(x, 0, { unbiased: false, keepDims: true }),
  reference: (x) => reduceReference(x, [0], true, (v) => stdOf(v, false)),
  cases: [[[3, 4]], [[4, 0]]],
  float32Tolerance: 1e-4,
});

test('std of [1, 2, 3, 4] is √(5/3) unbiased, √1.25 biased', () => {
  const x = tensor([1, 2, 3, 4], { dtype: 'float64' });
  expectClose(std(x), [Math.sqrt(5 / 3)]);
  expectClose(std(x, undefined, { unbiased: false }), [Math.sqrt(1.25)]);
});
