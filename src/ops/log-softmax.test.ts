import { test } from 'node:test';
import { DTypeError, ValueError } from '../errors.js';
import { tensor } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkOp } from '../testing/check-op.js';
import { expectClose } from '../testing/expect-close.js';
import { softmaxReference } from '../testing/reference/reduce-reference.js';
import { logSoftmax } from './log-softmax.js';

for (const axis of [-1, 0, 1]) {
  checkOp({
    name: `logSoftmax axis ${axis}`,
    fn: (x: Tensor) => logSoftmax(x, axis),
    reference: (x) => softmaxReference(x, axis, true),
    cases: [[[2, 3, 4]], [[0, 3, 2]], [[2, 0, 3]]],
  });
}

checkOp({
  name: 'logSoftmax of a scalar',
  fn: (x: Tensor) => logSoftmax(x),
  reference: (x) => ({ shape: x.shape, data: [0] }),
  cases: [[[]]],
  errors: [
    {
      what: 'an out-of-range axis',
      call: () => logSoftmax(tensor([[1]]), -3),
      message: /logSoftmax: axis -3 is out of range/,
      type: ValueError,
    },
    {
      what: 'an int32 tensor',
      call: () => logSoftmax(tensor([1], { dtype: 'int32' })),
      message: /logSoftmax: x must be float32 or float64, got int32/,
      type: DTypeError,
    },
  ],
});

test('logSoftmax of [0, 0] is [−ln 2, −ln 2]', () => {
  expectClose(logSoftmax(tensor([0, 0], { dtype: 'float64' })), [-Math.LN2, -Math.LN2], { rtol: 1e-15 });
});
