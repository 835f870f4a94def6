import { test } from 'node:test';
import { ShapeError } from '../errors.js';
import { tensor, zeros } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkOp, type Plain } from '../testing/check-op.js';
import { expectClose } from '../testing/expect-close.js';
import { convTransposeReference } from '../testing/reference/conv-reference.js';
import { convTranspose1d } from './conv-transpose1d.js';

// stride 3, padding 1, outputPadding 2, groups 2: length (n − 1)·3 − 2 + (f − 1) + 2 + 1.
const reference = (x: Plain, w: Plain): Plain => {
  const outSize = [(x.shape[2]! - 1) * 3 - 2 + (w.shape[2]! - 1) + 2 + 1];
  return convTransposeReference(x, w, { stride: [3], padding: [1], dilation: [1], groups: 2, outSize });
};

checkOp({
  name: 'convTranspose1d stride 3, padding 1, outputPadding 2, groups 2',
  fn: (x: Tensor, w: Tensor) =>
    convTranspose1d(x, w, null, { stride: 3, padding: 1, outputPadding: 2, groups: 2 }),
  reference,
  cases: [
    [
      [2, 4, 3],
      [4, 1, 3],
    ],
    [
      [0, 4, 3],
      [4, 1, 3],
    ],
  ],
  errors: [
    {
      what: 'a 2-d input',
      call: () => convTranspose1d(zeros([1, 3]), zeros([1, 1, 3])),
      message: /convTranspose1d: x must have rank 3 \[batch, channels, length\], got shape \[1, 3\]/,
      type: ShapeError,
    },
  ],
});

test('convTranspose1d: [1, 2] with kernel [1, 1, 1] and stride 2 overlaps at the middle', () => {
  // 1 lands on positions 0–2, 2 on positions 2–4: [1, 1, 1 + 2, 2, 2].
  expectClose(convTranspose1d(tensor([[[1, 2]]]), tensor([[[1, 1, 1]]]), null, { stride: 2 }), [
    [[1, 1, 3, 2, 2]],
  ]);
});
