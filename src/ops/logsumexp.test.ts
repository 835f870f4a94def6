import { test } from 'node:test';
import { DTypeError, ValueError } from '../errors.js';
import { tensor } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkOp } from '../testing/check-op.js';
import { expectClose } from '../testing/expect-close.js';
import { reduceReference } from '../testing/reference/reduce-reference.js';
import { logsumexp } from './logsumexp.js';

const lse = (v: number[]) => Math.log(v.reduce((a, b) => a + Math.exp(b), 0));

for (const [axis, keepDims] of [
  [undefined, false],
  [1, false],
  [-1, true],
  [[0, 2], false],
] as const) {
  checkOp({
    name: `logsumexp axis ${JSON.stringify(axis)} keepDims ${keepDims}`,
    fn: (x: Tensor) => logsumexp(x, axis, keepDims),
    reference: (x) => reduceReference(x, axis === undefined ? undefined : [axis].flat(), keepDims, lse),
    cases: [[[2, 3, 4]], [[0, 3, 2]], [[2, 0, 3]]],
  });
}

checkOp({
  name: 'logsumexp of a scalar',
  fn: (x: Tensor) => logsumexp(x),
  reference: (x) => x,
  cases: [[[]]],
  errors: [
    {
      what: 'an out-of-range axis',
      call: () => logsumexp(tensor([1]), 1),
      message: /logsumexp: axis 1 is out of range/,
      type: ValueError,
    },
    {
      what: 'an int32 tensor',
      call: () => logsumexp(tensor([1], { dtype: 'int32' })),
      message: /logsumexp: x must be float32 or float64, got int32/,
      type: DTypeError,
    },
  ],
});

test('logsumexp is stable: [1000, 1000] → 1000 + ln 2; all −∞ → −∞; empty → −∞', () => {
  expectClose(logsumexp(tensor([1000, 1000], { dtype: 'float64' })), [1000 + Math.LN2], { rtol: 1e-15 });
  expectClose(logsumexp(tensor([-Infinity, -Infinity])), [Number.NEGATIVE_INFINITY]);
  expectClose(logsumexp(tensor([])), [Number.NEGATIVE_INFINITY]);
});
