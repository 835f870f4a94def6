import { test } from 'node:test';
import { ValueError } from '../errors.js';
import { tensor } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkOp } from '../testing/check-op.js';
import { expectClose } from '../testing/expect-close.js';
import { softmaxReference } from '../testing/reference/reduce-reference.js';
import { softmax } from './softmax.js';

for (const axis of [-1, 0, 1]) {
  checkOp({
    name: `softmax axis ${axis}`,
    fn: (x: Tensor) => softmax(x, axis),
    reference: (x) => softmaxReference(x, axis),
    cases: [[[2, 3, 4]], [[0, 3, 2]], [[2, 0, 3]]],
  });
}

checkOp({
  name: 'softmax of a scalar',
  fn: (x: Tensor) => softmax(x),
  reference: (x) => ({ shape: x.shape, data: [1] }),
  cases: [[[]]],
  errors: [
    {
      what: 'an out-of-range axis',
      call: () => softmax(tensor([1, 2]), 1),
      message: /logSoftmax: axis 1 is out of range/,
      type: ValueError,
    },
  ],
});

test('softmax of equal logits is uniform; of [0, ln 3] is [¼, ¾]', () => {
  expectClose(softmax(tensor([[1, 1, 1, 1]])), [0.25, 0.25, 0.25, 0.25]);
  expectClose(softmax(tensor([0, Math.log(3)], { dtype: 'float64' })), [0.25, 0.75], { rtol: 1e-15 });
});
