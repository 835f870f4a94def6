import assert from 'node:assert/strict';
import { test } from 'node:test';
import { grad } from '../autograd/functional.js';
import { DTypeError, ShapeError, ValueError } from '../errors.js';
import { ones, tensor, zeros } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkOp, type Plain } from '../testing/check-op.js';
import { expectClose } from '../testing/expect-close.js';
import { addBiasReference, convReference } from '../testing/reference/conv-reference.js';
import { conv2d } from './conv2d.js';
import { convInputGrad, convWeightGrad } from './core/conv.js';
import type { ConvOptions } from './core/conv-nd.js';
import { sum } from './sum.js';

/** The output size ⌊(n + before + after − d·(f − 1) − 1)/s⌋ + 1, written out for the reference. */
const outLength = (n: number, f: number, s: number, before: number, after: number, d: number): number =>
  Math.floor((n + before + after - d * (f - 1) - 1) / s) + 1;

/** A reference for conv2d with symmetric padding `p` (or explicit before/after pads). */
function reference(s: number[], p: number[], d: number[], groups: number, after = p) {
  return (x: Plain, w: Plain, b?: Plain): Plain => {
    const outSize = [0, 1].map((i) =>
      outLength(x.shape[2 + i]!, w.shape[2 + i]!, s[i]!, p[i]!, after[i]!, d[i]!),
    );
    const y = convReference(x, w, { stride: s, padding: p, dilation: d, groups, outSize });
    return b ? addBiasReference(y, b) : y;
  };
}

const withOptions =
  (o: ConvOptions) =>
  (x: Tensor, w: Tensor, b?: Tensor): Tensor =>
    conv2d(x, w, b, o);

checkOp({
  name: 'conv2d (defaults)',
  fn: withOptions({}),
  reference: reference([1, 1], [0, 0], [1, 1], 1),
  cases: [
    [[2, 3, 5, 5], [4, 3, 3, 3], [4]],
    [[0, 3, 5, 5], [4, 3, 3, 3], [4]],
    [
      [2, 3, 4, 4],
      [5, 3, 1, 1],
    ],
    [
      [1, 2, 3, 4],
      [2, 2, 3, 4],
    ],
  ],
  errors: [
    {
      what: 'mismatched channels',
      call: () => conv2d(zeros([1, 3, 5, 5]), zeros([2, 2, 3, 3]), null, { groups: 2 }),
      message: /conv2d: x.shape\[1\] \(3\) must equal weight.shape\[1\]·groups \(4\)/,
      type: ShapeError,
    },
    {
      what: 'a 3-d input',
      call: () => conv2d(zeros([3, 5, 5]), zeros([2, 3, 3, 3])),
      message: /conv2d: x must have rank 4 \[batch, channels, height, width\], got shape \[3, 5, 5\]/,
      type: ShapeError,
    },
    {
      what: 'a kernel larger than the padded input',
      call: () => conv2d(zeros([1, 1, 3, 3]), zeros([1, 1, 5, 5]), null, { padding: [1, 0] }),
      message:
        /conv2d: the kernel \(effective size 5 on spatial axis 1\) is larger than the padded input \(3\)/,
      type: ShapeError,
    },
    {
      what: 'a zero stride',
      call: () => conv2d(zeros([1, 1, 3, 3]), zeros([1, 1, 1, 1]), null, { stride: 0 }),
      message: /conv2d: stride must be positive integers, got 0/,
      type: ValueError,
    },
    {
      what: 'a negative padding',
      call: () => conv2d(zeros([1, 1, 3, 3]), zeros([1, 1, 1, 1]), null, { padding: [1, -1] }),
      message: /conv2d: padding must be non-negative integers, got \[1,-1\]/,
    },
    {
      what: 'a padding tuple of the wrong length',
      call: () => conv2d(zeros([1, 1, 3, 3]), zeros([1, 1, 1, 1]), null, { padding: [1, 1, 1] }),
      message: /conv2d: padding must be a number or 2 numbers \(one per spatial axis\), got \[1,1,1\]/,
    },
    {
      what: "'same' padding with stride 2",
      call: () => conv2d(zeros([1, 1, 5, 5]), zeros([1, 1, 3, 3]), null, { padding: 'same', stride: 2 }),
      message: /conv2d: padding 'same' needs stride 1, got stride \[2,2\]/,
    },
    {
      what: 'out channels not divisible by groups',
      call: () => conv2d(zeros([1, 4, 5, 5]), zeros([3, 2, 3, 3]), null, { groups: 2 }),
      message: /conv2d: weight.shape\[0\] \(3\) must be divisible by groups \(2\)/,
    },
    {
      what: 'zero groups',
      call: () => conv2d(zeros([1, 4, 5, 5]), zeros([3, 2, 3, 3]), null, { groups: 0 }),
      message: /conv2d: groups must be a positive integer, got 0/,
    },
    {
      what: 'a bias of the wrong size',
      call: () => conv2d(zeros([1, 1, 3, 3]), zeros([2, 1, 3, 3]), zeros([3])),
      message: /conv2d: bias must have shape \[2\], got \[3\]/,
    },
    {
      what: 'an int32 input',
      call: () => conv2d(zeros([1, 1, 3, 3], { dtype: 'int32' }), zeros([1, 1, 3, 3])),
      message: /conv2d: x must be float32 or float64, got int32/,
      type: DTypeError,
    },
    {
      what: 'a missing weight',
      call: () => conv2d(zeros([1, 1, 3, 3]), undefined as never),
      message: /conv2d: weight must be a Tensor, got undefined/,
    },
  ],
});

checkOp({
  name: 'conv2d stride 2, padding 1, dilation 2, groups 2',
  fn: withOptions({ stride: 2, padding: 1, dilation: 2, groups: 2 }),
  reference: reference([2, 2], [1, 1], [2, 2], 2),
  cases: [[[2, 4, 7, 6], [6, 2, 3, 2], [6]]],
});

checkOp({
  name: 'conv2d stride [2, 1], padding [0, 2], dilation [1, 3]',
  fn: withOptions({ stride: [2, 1], padding: [0, 2], dilation: [1, 3] }),
  reference: reference([2, 1], [0, 2], [1, 3], 1),
  cases: [
    [
      [1, 2, 6, 5],
      [3, 2, 2, 2],
    ],
  ],
});

checkOp({
  name: 'conv2d depthwise (groups = channels)',
  fn: withOptions({ groups: 3, padding: 1 }),
  reference: reference([1, 1], [1, 1], [1, 1], 3),
  cases: [
    [
      [2, 3, 4, 4],
      [3, 1, 3, 3],
    ],
  ],
});

// 'same' with even kernels pads d·(f − 1) in total: 1 before and 2 after for f = 4, 0 and 1 for f = 2.
checkOp({
  name: "conv2d padding 'same' with even kernels",
  fn: withOptions({ padding: 'same' }),
  reference: reference([1, 1], [0, 1], [1, 1], 1, [1, 2]),
  cases: [
    [
      [1, 2, 5, 4],
      [3, 2, 2, 4],
    ],
  ],
});

checkOp({
  name: 'convWeightGrad (the weight adjoint, checked against its own backward)',
  fn: (x, dy) =>
    convWeightGrad(x, dy, {
      inSize: [5, 4],
      kernelSize: [2, 3],
      outSize: [2, 2],
      stride: [2, 1],
      padding: [0, 0],
      dilation: [1, 1],
      groups: 1,
    }),
  // dw[co, ci, k] = Σ_{n, o} dy[n, co, o] · x[n, ci, o·s + k]: a convolution of x by dy over positions.
  reference: (x, dy) => {
    const shape = [dy.shape[1]!, x.shape[1]!, 2, 3];
    const data: number[] = [];
    for (let co = 0; co < shape[0]!; co++)
      for (let ci = 0; ci < shape[1]!; ci++)
        for (let kh = 0; kh < 2; kh++)
          for (let kw = 0; kw < 3; kw++) {
            let acc = 0;
            for (let n = 0; n < x.shape[0]!; n++)
              for (let oh = 0; oh < 2; oh++)
                for (let ow = 0; ow < 2; ow++)
                  acc +=
                    dy.data[((n * shape[0]! + co) * 2 + oh) * 2 + ow]! *
                    x.data[((n * shape[1]! + ci) * 5 + oh * 2 + kh) * 4 + ow + kw]!;
            data.push(acc);
          }
    return { shape, data };
  },
  cases: [
    [
      [2, 3, 5, 4],
      [2, 2, 2, 2],
    ],
  ],
});

test('conv2d: the vertical edge detector on the course 6×6 image gives 30s in the middle columns', () => {
  // Left half bright (10), right half dark (0); [[1, 0, −1]]×3 responds 3·10 = 30 where the window straddles the edge.
  const row = [10, 10, 10, 0, 0, 0];
  const x = tensor([[[row, row, row, row, row, row]]]);
  const w = tensor([
    [
      [1, 0, -1],
      [1, 0, -1],
      [1, 0, -1],
    ],
  ]).reshape([1, 1, 3, 3]);
  const row4 = [0, 30, 30, 0];
  expectClose(conv2d(x, w), [[[row4, row4, row4, row4]]]);
});

test('conv2d: the course 6×6 example with the vertical filter', () => {
  const x = tensor([
    [3, 0, 1, 2, 7, 4],
    [1, 5, 8, 9, 3, 1],
    [2, 7, 2, 5, 1, 3],
    [0, 1, 3, 1, 7, 8],
    [4, 2, 1, 6, 2, 8],
    [2, 4, 5, 2, 3, 9],
  ]).reshape([1, 1, 6, 6]);
  const w = tensor([
    [1, 0, -1],
    [1, 0, -1],
    [1, 0, -1],
  ]).reshape([1, 1, 3, 3]);
  // Top-left: (3 + 1 + 2) − (1 + 8 + 2) = −5.
  expectClose(conv2d(x, w).reshape([4, 4]), [
    [-5, -4, 0, 8],
    [-10, -2, 2, 3],
    [0, -2, -4, -7],
    [-3, -2, -3, -16],
  ]);
});

test('conv2d: output sizes ⌊(n + 2p − f)/s⌋ + 1 for n = 6, f = 3', () => {
  const w = ones([1, 1, 3, 3]);
  const side = (o: ConvOptions): number => conv2d(zeros([1, 1, 6, 6]), w, null, o).shape[2]!;
  assert.equal(side({}), 4); // (6 − 3)/1 + 1
  assert.equal(side({ padding: 1 }), 6); // (6 + 2 − 3)/1 + 1: 'same'
  assert.equal(side({ stride: 2 }), 2); // ⌊3/2⌋ + 1
  assert.equal(side({ stride: 2, padding: 1 }), 3); // ⌊5/2⌋ + 1
  assert.equal(side({ padding: 'same' }), 6);
  assert.equal(side({ padding: 'valid' }), 4);
  assert.equal(side({ dilation: 2 }), 2); // the dilated kernel spans 5: 6 − 5 + 1
});

test('conv2d: a bias adds per output channel and its gradient sums dy over batch and positions', () => {
  const x = zeros([2, 1, 3, 3]);
  const w = zeros([2, 1, 2, 2]);
  const b = tensor([1, -2]);
  expectClose(conv2d(x, w, b).reshape([2, 2, 4]).sum(2), [
    [4, -8],
    [4, -8],
  ]);
  // 2 samples × 2×2 positions = 8 ones per channel.
  expectClose(grad((bb: Tensor) => sum(conv2d(x, w, bb)))(b), [8, 8]);
});

test('conv2d: float32 input with a float64 weight computes in float64', () => {
  assert.equal(conv2d(ones([1, 1, 2, 2]), ones([1, 1, 2, 2], { dtype: 'float64' })).dtype, 'float64');
});

test('conv2d: second derivatives flow through the conv primitives', () => {
  // With conv(x, w) = A·w, f(w) = Σ (A·w)² has ∂f/∂w = 2·Aᵀ(A·w), so ∂/∂w Σ_j ∂f/∂w_j = 2·Aᵀ(A·1),
  // and Aᵀ is convWeightGrad(x, ·).
  const x = tensor(
    [
      [
        [
          [1, 2, 0],
          [0, 1, 3],
          [2, 1, 1],
        ],
      ],
    ],
    { dtype: 'float64' },
  );
  const w0 = tensor(
    [
      [
        [
          [0.5, -1],
          [2, 1],
        ],
      ],
    ],
    { dtype: 'float64' },
  );
  const g2 = grad((w: Tensor) => sum(grad((v: Tensor) => sum(conv2d(x, v).square()))(w)))(w0);
  const one = ones([1, 1, 2, 2], { dtype: 'float64' });
  const a1 = conv2d(x, one);
  const geometry = {
    inSize: [3, 3],
    kernelSize: [2, 2],
    outSize: [2, 2],
    stride: [1, 1],
    padding: [0, 0],
    dilation: [1, 1],
    groups: 1,
  };
  expectClose(g2, convWeightGrad(x, a1, geometry).mul(2), { rtol: 1e-12 });
  assert.deepEqual(convInputGrad(a1, one, geometry).shape, [1, 1, 3, 3]);
});
