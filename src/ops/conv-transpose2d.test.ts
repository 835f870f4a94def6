import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ShapeError, ValueError } from '../errors.js';
import { ones, tensor, zeros } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkOp, type Plain } from '../testing/check-op.js';
import { expectClose } from '../testing/expect-close.js';
import { addBiasReference, convTransposeReference } from '../testing/reference/conv-reference.js';
import { convTranspose2d } from './conv-transpose2d.js';
import { conv2d } from './conv2d.js';
import type { ConvTransposeOptions } from './core/conv-transpose-nd.js';
import { mul } from './mul.js';
import { sum } from './sum.js';

/** The reference with output size (n − 1)·s − 2p + d·(f − 1) + outputPadding + 1 per axis. */
function reference(s: number[], p: number[], d: number[], op: number[], groups: number) {
  return (x: Plain, w: Plain, b?: Plain): Plain => {
    const outSize = [0, 1].map(
      (i) => (x.shape[2 + i]! - 1) * s[i]! - 2 * p[i]! + d[i]! * (w.shape[2 + i]! - 1) + op[i]! + 1,
    );
    const y = convTransposeReference(x, w, { stride: s, padding: p, dilation: d, groups, outSize });
    return b ? addBiasReference(y, b) : y;
  };
}

const withOptions =
  (o: ConvTransposeOptions) =>
  (x: Tensor, w: Tensor, b?: Tensor): Tensor =>
    convTranspose2d(x, w, b, o);

checkOp({
  name: 'convTranspose2d (defaults)',
  fn: withOptions({}),
  reference: reference([1, 1], [0, 0], [1, 1], [0, 0], 1),
  cases: [
    [[2, 3, 3, 2], [3, 2, 2, 3], [2]],
    [
      [0, 3, 3, 2],
      [3, 2, 2, 3],
    ],
  ],
  errors: [
    {
      what: 'mismatched channels',
      call: () => convTranspose2d(zeros([1, 3, 4, 4]), zeros([2, 1, 3, 3])),
      message: /convTranspose2d: x.shape\[1\] \(3\) must equal weight.shape\[0\] \(2\)/,
      type: ShapeError,
    },
    {
      what: 'an outputPadding as large as the stride',
      call: () =>
        convTranspose2d(zeros([1, 1, 4, 4]), zeros([1, 1, 3, 3]), null, { stride: 2, outputPadding: 2 }),
      message:
        /convTranspose2d: outputPadding \(2\) must be smaller than stride \(2\) or dilation \(1\) on spatial axis 0/,
      type: ValueError,
    },
    {
      what: 'padding that leaves no output',
      call: () => convTranspose2d(zeros([1, 1, 1, 1]), zeros([1, 1, 1, 1]), null, { padding: 1 }),
      message: /convTranspose2d: the output size on spatial axis 0 would be -1/,
    },
    {
      what: 'a 3-d weight',
      call: () => convTranspose2d(zeros([1, 1, 4, 4]), zeros([1, 1, 3])),
      message: /convTranspose2d: weight must have rank 4/,
    },
    {
      what: 'in channels not divisible by groups',
      call: () => convTranspose2d(zeros([1, 3, 4, 4]), zeros([3, 1, 3, 3]), null, { groups: 2 }),
      message: /convTranspose2d: weight.shape\[0\] \(3\) must be divisible by groups \(2\)/,
    },
  ],
});

checkOp({
  name: 'convTranspose2d stride 2, padding 1, outputPadding 1, dilation 2, groups 2',
  fn: withOptions({ stride: 2, padding: 1, outputPadding: 1, dilation: 2, groups: 2 }),
  reference: reference([2, 2], [1, 1], [2, 2], [1, 1], 2),
  cases: [[[2, 4, 3, 2], [4, 3, 2, 3], [6]]],
});

checkOp({
  name: 'convTranspose2d stride [1, 3], padding [1, 0]',
  fn: withOptions({ stride: [1, 3], padding: [1, 0] }),
  reference: reference([1, 3], [1, 0], [1, 1], [0, 0], 1),
  cases: [
    [
      [1, 2, 3, 2],
      [2, 2, 3, 2],
    ],
  ],
});

test('convTranspose2d: a 2×2 input upsampled by a 2×2 kernel of ones with stride 2 tiles each value', () => {
  const y = convTranspose2d(
    tensor([
      [
        [
          [1, 2],
          [3, 4],
        ],
      ],
    ]),
    ones([1, 1, 2, 2]),
    null,
    { stride: 2 },
  );
  expectClose(y.reshape([4, 4]), [
    [1, 1, 2, 2],
    [1, 1, 2, 2],
    [3, 3, 4, 4],
    [3, 3, 4, 4],
  ]);
});

test('convTranspose2d is the adjoint of conv2d: ⟨conv(x, w), y⟩ = ⟨x, convT(y, w)⟩', () => {
  const x = tensor([
    [
      [
        [1, -2, 0, 3, 1],
        [2, 1, -1, 0, 2],
        [0, 3, 1, 1, -2],
        [1, 0, 2, -1, 1],
        [2, 2, 0, 1, 0],
      ],
    ],
  ]);
  const w = tensor([
    [
      [
        [1, 2, -1],
        [0, 1, 1],
        [2, -1, 0],
      ],
    ],
  ]);
  const y = tensor([
    [
      [
        [1, 2, 0],
        [-1, 3, 1],
        [2, 0, -2],
      ],
    ],
  ]);
  const o = { stride: 2, padding: 1 };
  const left = sum(mul(conv2d(x, w, null, o), y)).item();
  const right = sum(mul(x, convTranspose2d(y, w, null, o))).item();
  assert.equal(left, right);
  // Inputs of 5 and 6 both give conv outputs of 3 (⌊(n + 2 − 3)/2⌋ + 1); convT gives (3 − 1)·2 − 2 + 2 + 1 = 5,
  // and outputPadding 1 picks 6.
  assert.deepEqual(convTranspose2d(y, w, null, { ...o, outputPadding: 1 }).shape, [1, 1, 6, 6]);
});
