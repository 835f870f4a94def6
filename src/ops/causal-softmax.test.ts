import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DTypeError, ShapeError, ValueError } from '../errors.js';
import { randn, tensor } from '../tensor/creation.js';
import { Generator } from '../tensor/random.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkOp, type Plain } from '../testing/check-op.js';
import { expectClose } from '../testing/expect-close.js';
import { causalSoftmax } from './causal-softmax.js';
import { maskedFill } from './masked-fill.js';
import { mul } from './mul.js';
import { causalMask } from './scaled-dot-product-attention.js';
import { softmax } from './softmax.js';

/** softmax(scale · x) over each row's keys 0..i of every [queries, keys] matrix, 0 after them. */
function causalReference(x: Plain, scale: number): Plain {
  const [queries, keys] = x.shape.slice(-2) as [number, number];
  const data = x.data.map((_, at) => {
    const row = Math.floor(at / keys);
    const i = row % queries;
    const j = at % keys;
    if (j > i) return 0;
    const start = row * keys;
    let max = Number.NEGATIVE_INFINITY;
    for (let c = 0; c <= Math.min(i, keys - 1); c++) max = Math.max(max, scale * x.data[start + c]!);
    let total = 0;
    for (let c = 0; c <= Math.min(i, keys - 1); c++) total += Math.exp(scale * x.data[start + c]! - max);
    return Math.exp(scale * x.data[at]! - max) / total;
  });
  return { shape: x.shape, data };
}

for (const scale of [1, 0.35]) {
  checkOp({
    name: `causalSoftmax scale ${scale}`,
    fn: (x: Tensor) => causalSoftmax(x, scale),
    reference: (x) => causalReference(x, scale),
    // More keys than queries, more queries than keys, a batch of matrices, one row, and empty.
    cases: [[[3, 5]], [[5, 3]], [[2, 3, 4, 4]], [[1, 1]], [[0, 3, 3]], [[2, 0, 3]], [[2, 3, 0]]],
    errors: [
      {
        what: 'one dimension',
        call: () => causalSoftmax(tensor([1, 2])),
        message: /causalSoftmax: scores must have at least 2 dimensions \[\.\.\., queries, keys\], got \[2\]/,
        type: ShapeError,
      },
      {
        what: 'int scores',
        call: () => causalSoftmax(tensor([[1]], { dtype: 'int32' })),
        message: /causalSoftmax: scores must be float32 or float64, got int32/,
        type: DTypeError,
      },
      {
        what: 'an infinite scale',
        call: () => causalSoftmax(tensor([[1]]), Number.POSITIVE_INFINITY),
        message: /causalSoftmax: scale must be a finite number, got Infinity/,
        type: ValueError,
      },
    ],
  });
}

test('causalSoftmax is softmax of the scaled scores with the later keys masked, forward and backward', () => {
  const g = new Generator(5);
  for (const dtype of ['float32', 'float64'] as const) {
    // Rows of 1 to 40 keys: the native kernel's vector lanes and its tail.
    const x = randn([2, 40, 37], { dtype, generator: g }).requiresGrad_();
    const dy = randn([2, 40, 37], { dtype, generator: g });
    const fused = causalSoftmax(x, 0.125);
    fused.mul(dy).sum().backward();
    const fusedGrad = x.grad!;
    x.grad = null;
    const composed = softmax(maskedFill(mul(x, 0.125), causalMask(40, 37), Number.NEGATIVE_INFINITY), -1);
    composed.mul(dy).sum().backward();
    const tolerance = dtype === 'float32' ? { rtol: 1e-5, atol: 1e-7 } : { rtol: 1e-12, atol: 1e-15 };
    expectClose(fused, composed, tolerance);
    expectClose(fusedGrad, x.grad!, tolerance);
  }
});

test('causalSoftmax: a NaN or an infinity among the keys a row sees makes the row NaN; after them it is not read', () => {
  for (const dtype of ['float32', 'float64'] as const) {
    const x = tensor(
      [
        [0, Number.NaN, 0],
        [1, Number.NaN, 3],
        [0, 0, Number.POSITIVE_INFINITY],
      ],
      { dtype },
    );
    const y = [...causalSoftmax(x).data()];
    // Row 0 sees key 0 only; row 1 sees its NaN; row 2 sees its infinity (∞ − ∞).
    assert.deepEqual(y.slice(0, 3), [1, 0, 0], dtype);
    assert.ok(y.slice(3, 5).every(Number.isNaN) && y[5] === 0, `${dtype}: ${y}`);
    assert.ok(y.slice(6).every(Number.isNaN), `${dtype}: ${y}`);
  }
});

test('causalSoftmax of [[5, 9], [0, ln 3]] is [[1, 0], [¼, ¾]]', () => {
  expectClose(
    causalSoftmax(
      tensor(
        [
          [5, 9],
          [0, Math.log(3)],
        ],
        { dtype: 'float64' },
      ),
    ),
    [
      [1, 0],
      [0.25, 0.75],
    ],
  );
});
