import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tensor } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkOp, type Plain } from '../testing/check-op.js';
import { expectClose } from '../testing/expect-close.js';
import { affine } from './affine.js';
import { linear } from './linear.js';

// Plain loops: y[i, o] = b[o] + Σ_k x[i, k]·w[o, k].
function reference(x: Plain, w: Plain, b: Plain): Plain {
  const [rows, k] = x.shape as [number, number];
  const out = w.shape[0]!;
  const data: number[] = [];
  for (let i = 0; i < rows; i++) {
    for (let o = 0; o < out; o++) {
      let s = b.data[o]!;
      for (let p = 0; p < k; p++) s += x.data[i * k + p]! * w.data[o * k + p]!;
      data.push(s);
    }
  }
  return { shape: [rows, out], data };
}

checkOp({
  name: 'linear with a bias (the fused affine primitive)',
  fn: (x: Tensor, w: Tensor, b: Tensor) => linear(x, w, b),
  reference,
  cases: [
    [[5, 3], [4, 3], [4]],
    [[1, 7], [9, 7], [9]],
    // zero rows, zero inputs (the output is the bias), zero outputs
    [[0, 3], [2, 3], [2]],
    [[3, 0], [2, 0], [2]],
    [[3, 4], [0, 4], [0]],
  ],
});

test('affine of written-out numbers: x·Wᵀ + b', () => {
  const x = tensor([
    [1, 2],
    [3, 4],
    [5, 6],
  ]);
  const w = tensor([
    [1, 0],
    [0, 1],
    [1, 1],
  ]);
  // rows [1, 2], [3, 4], [5, 6] against W's rows, plus [10, 20, 30]
  expectClose(affine(x, w, tensor([10, 20, 30])), [11, 22, 33, 13, 24, 37, 15, 26, 41]);
});

test('linear with a bias records one node whose backward skips the input gradient', () => {
  const x = tensor([[1, 2]]);
  const w = tensor([[3, 4]], { requiresGrad: true });
  const b = tensor([5], { requiresGrad: true });
  const y = linear(x, w, b);
  assert.equal(y.gradFn?.op, 'linear');
  y.sum().backward();
  expectClose(w.grad!, [1, 2]);
  expectClose(b.grad!, [1]);
  assert.equal(x.grad, null);
});
