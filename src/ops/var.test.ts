import { test } from 'node:test';
import { DTypeError, ValueError } from '../errors.js';
import { tensor } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkOp } from '../testing/check-op.js';
import { expectClose } from '../testing/expect-close.js';
import { reduceReference } from '../testing/reference/reduce-reference.js';
import { var as variance } from './var.js';

function varianceOf(values: number[], unbiased: boolean): number {
  const m = values.reduce((a, b) => a + b, 0) / values.length;
  const ss = values.reduce((a, v) => a + (v - m) ** 2, 0);
  return ss / (unbiased ? values.length - 1 : values.length);
}

for (const [axis, unbiased, keepDims] of [
  [undefined, true, false],
  [1, true, false],
  [-1, false, true],
  [[0, 2], true, false],
] as const) {
  checkOp({
    name: `var axis ${JSON.stringify(axis)} unbiased ${unbiased} keepDims ${keepDims}`,
    fn: (x: Tensor) => variance(x, axis, { unbiased, keepDims }),
    reference: (x) =>
      reduceReference(x, axis === undefined ? undefined : [axis].flat(), keepDims, (v) =>
        varianceOf(v, unbiased),
      ),
    cases: [[[2, 3, 4]], [[3, 0, 2]]],
    float32Tolerance: 1e-4,
  });
}

checkOp({
  name: 'var errors',
  fn: (x: Tensor) => variance(x),
  reference: (x) => reduceReference(x, undefined, false, (v) => varianceOf(v, true)),
  cases: [[[5]]],
  errors: [
    {
      what: 'an out-of-range axis',
      call: () => variance(tensor([1, 2]), 1),
      message: /var: axis 1 is out of range/,
      type: ValueError,
    },
    {
      what: 'an int32 tensor',
      call: () => variance(tensor([1, 2], { dtype: 'int32' })),
      message: /var: x must be float32 or float64, got int32/,
      type: DTypeError,
    },
  ],
});

test('var of [1, 2, 3, 4]: 5/3 unbiased, 5/4 biased; one element gives NaN unbiased', () => {
  // mean 2.5; squared deviations 2.25 + 0.25 + 0.25 + 2.25 = 5
  const x = tensor([1, 2, 3, 4], { dtype: 'float64' });
  expectClose(variance(x), [5 / 3]);
  expectClose(variance(x, 0, { unbiased: false }), [1.25]);
  expectClose(variance(tensor([7])), [Number.NaN]);
  expectClose(variance(tensor([7]), undefined, { unbiased: false }), [0]);
});
