import { test } from 'node:test';
import { ShapeError } from '../errors.js';
import { tensor, zeros } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkOp, type Plain } from '../testing/check-op.js';
import { expectClose } from '../testing/expect-close.js';
import { addBiasReference, convReference } from '../testing/reference/conv-reference.js';
import { conv1d } from './conv1d.js';

// stride 2, padding 1, dilation 2, groups 2: length ⌊(n + 2 − 2·(f − 1) − 1)/2⌋ + 1.
const reference = (x: Plain, w: Plain, b: Plain): Plain => {
  const outSize = [Math.floor((x.shape[2]! + 2 - 2 * (w.shape[2]! - 1) - 1) / 2) + 1];
  return addBiasReference(
    convReference(x, w, { stride: [2], padding: [1], dilation: [2], groups: 2, outSize }),
    b,
  );
};

checkOp({
  name: 'conv1d stride 2, padding 1, dilation 2, groups 2',
  fn: (x: Tensor, w: Tensor, b: Tensor) => conv1d(x, w, b, { stride: 2, padding: 1, dilation: 2, groups: 2 }),
  reference,
  cases: [
    [[2, 4, 9], [6, 2, 3], [6]],
    [[0, 4, 9], [6, 2, 3], [6]],
  ],
  errors: [
    {
      what: 'a 4-d input',
      call: () => conv1d(zeros([1, 1, 3, 3]), zeros([1, 1, 3])),
      message: /conv1d: x must have rank 3 \[batch, channels, length\], got shape \[1, 1, 3, 3\]/,
      type: ShapeError,
    },
  ],
});

test('conv1d: a difference kernel [1, −1] over [1, 2, 4, 7] gives [−1, −2, −3]', () => {
  expectClose(conv1d(tensor([[[1, 2, 4, 7]]]), tensor([[[1, -1]]])), [[[-1, -2, -3]]]);
});

test("conv1d: padding 'same' with kernel 4 pads 1 before and 2 after", () => {
  // [1, 2, 3] padded to [0, 1, 2, 3, 0, 0], summed over windows of 4: [6, 6, 5].
  expectClose(conv1d(tensor([[[1, 2, 3]]]), tensor([[[1, 1, 1, 1]]]), null, { padding: 'same' }), [
    [[6, 6, 5]],
  ]);
});
