import { test } from 'node:test';
import { ShapeError } from '../errors.js';
import { arange, ones, zeros } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkOp, type Plain } from '../testing/check-op.js';
import { expectClose } from '../testing/expect-close.js';
import { convReference } from '../testing/reference/conv-reference.js';
import { conv3d } from './conv3d.js';

// stride [1, 2, 1], padding [1, 0, 1], dilation [1, 1, 2]: ⌊(n + 2p − d·(f − 1) − 1)/s⌋ + 1 per axis.
const s = [1, 2, 1];
const p = [1, 0, 1];
const d = [1, 1, 2];
const reference = (x: Plain, w: Plain): Plain => {
  const outSize = [0, 1, 2].map(
    (i) => Math.floor((x.shape[2 + i]! + 2 * p[i]! - d[i]! * (w.shape[2 + i]! - 1) - 1) / s[i]!) + 1,
  );
  return convReference(x, w, { stride: s, padding: p, dilation: d, groups: 1, outSize });
};

checkOp({
  name: 'conv3d stride [1, 2, 1], padding [1, 0, 1], dilation [1, 1, 2]',
  fn: (x: Tensor, w: Tensor) => conv3d(x, w, null, { stride: s, padding: p, dilation: d }),
  reference,
  cases: [
    [
      [1, 2, 3, 4, 4],
      [2, 2, 2, 2, 2],
    ],
    [
      [0, 2, 3, 4, 4],
      [2, 2, 2, 2, 2],
    ],
  ],
  errors: [
    {
      what: 'a 4-d weight',
      call: () => conv3d(zeros([1, 1, 3, 3, 3]), zeros([1, 1, 3, 3])),
      message:
        /conv3d: weight must have rank 5 \[batch, channels, depth, height, width\], got shape \[1, 1, 3, 3\]/,
      type: ShapeError,
    },
  ],
});

test('conv3d: a 2×2×2 box filter sums each cube of arange(27) reshaped to 3×3×3', () => {
  // The cube at the origin holds 0, 1, 3, 4, 9, 10, 12, 13: sum 52; each step adds 8·(step size).
  const y = conv3d(arange(0, 27, 1, { dtype: 'float32' }).reshape([1, 1, 3, 3, 3]), ones([1, 1, 2, 2, 2]));
  expectClose(y.reshape([8]), [52, 60, 76, 84, 124, 132, 148, 156]);
});
