import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ValueError } from '../errors.js';
import { tensor } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkOp } from '../testing/check-op.js';
import { expectClose } from '../testing/expect-close.js';
import { softmaxReference } from '../testing/reference/reduce-reference.js';
import { mul } from './mul.js';
import { softmax } from './softmax.js';

const PYTORCH_Y = [
  0.2530529797077179, 0.6018133759498596, 0.6282236576080322, 0.29874682426452637, 0.11872338503599167,
  0.09943976998329163, 0.18782877922058105, 0.5067081451416016, 0.668010950088501, 0.3966550827026367,
  0.1441602110862732, 0.09663668274879456,
];
const PYTORCH_GRAD = [
  0.2748112380504608, 0.29048988223075867, -0.20741668343544006, -0.31296831369400024, -0.06739457696676254,
  0.022478444501757622, 0.18744917213916779, 0.3713515102863312, -0.07193896174430847, -0.36974674463272095,
  -0.11551021039485931, -0.0016047436511144042,
];

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
      message: /softmax: axis 1 is out of range/,
      type: ValueError,
    },
  ],
});

test('softmax of equal logits is uniform; of [0, ln 3] is [¼, ¾]', () => {
  expectClose(softmax(tensor([[1, 1, 1, 1]])), [0.25, 0.25, 0.25, 0.25]);
  expectClose(softmax(tensor([0, Math.log(3)], { dtype: 'float64' })), [0.25, 0.75], { rtol: 1e-15 });
});

test('softmax agrees with PyTorch on infinities and NaN, on the native and the reference kernels', () => {
  // torch.softmax(torch.tensor([[inf, 0], [-inf, -inf], [nan, 1], [1e4, -1e4]]), -1) (PyTorch 1.13)
  const x = [
    Number.POSITIVE_INFINITY,
    0,
    Number.NEGATIVE_INFINITY,
    Number.NEGATIVE_INFINITY,
    Number.NaN,
    1,
    1e4,
    -1e4,
  ];
  const want = [Number.NaN, Number.NaN, Number.NaN, Number.NaN, Number.NaN, Number.NaN, 1, 0];
  for (const dtype of ['float32', 'float64'] as const) {
    const got = Array.from(softmax(tensor(x, { shape: [4, 2], dtype }), -1).data());
    assert.deepEqual(got, want, dtype);
  }
});

test('softmax of rows longer than a vector: NaN and ∞ anywhere in the row, and the maximum in any lane', () => {
  // Rows of 19: the native kernel takes the maximum in vector lanes (positions 0–15) and a tail.
  const n = 19;
  const rows = [
    { at: 5, value: Number.NaN },
    { at: 10, value: Number.POSITIVE_INFINITY },
    { at: 17, value: Number.NaN },
    { at: 13, value: 30 }, // a finite maximum in the second vector
    { at: 18, value: 30 }, // … and in the tail
  ];
  const x = rows.flatMap(({ at, value }) =>
    Array.from({ length: n }, (_, i) => (i === at ? value : Math.sin(i))),
  );
  for (const dtype of ['float32', 'float64'] as const) {
    const got = softmax(tensor(x, { shape: [rows.length, n], dtype }), -1).data();
    for (let r = 0; r < rows.length; r++) {
      const row = Array.from(got.subarray(r * n, (r + 1) * n));
      if (r < 3) {
        assert.ok(row.every(Number.isNaN), `${dtype} row ${r}: ${row}`);
        continue;
      }
      const e = x.slice(r * n, (r + 1) * n).map((v) => Math.exp(v - 30));
      const total = e.reduce((a, b) => a + b, 0);
      row.forEach((v, i) => assert.ok(Math.abs(v - e[i]! / total) <= 1e-6, `${dtype} row ${r}[${i}] = ${v}`));
    }
  }
});

test('softmax along a middle axis and its gradient agree with PyTorch (float32)', () => {
  // x = torch.arange(12.).reshape(2, 3, 2).sin(); y = torch.softmax(x, 1); (y * w).sum().backward(), w = arange(12).cos()
  const values = Array.from({ length: 12 }, (_, i) => Math.sin(i));
  const w = tensor(
    Array.from({ length: 12 }, (_, i) => Math.cos(i)),
    { shape: [2, 3, 2] },
  );
  const x = tensor(values, { shape: [2, 3, 2], requiresGrad: true });
  const y = softmax(x, 1);
  expectClose(y, PYTORCH_Y, { rtol: 1e-5 });
  mul(y, w).sum().backward();
  expectClose(x.grad!, PYTORCH_GRAD, { rtol: 1e-4, atol: 1e-6 });
});
