import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gradcheck } from '../autograd/gradcheck.js';
import { ValueError } from '../errors.js';
import { Generator, randn, tensor } from '../index.js';
import { expectClose } from '../testing/expect-close.js';
import { BatchNorm1d, Linear, Sequential } from './index.js';
import { l1Penalty, l2Penalty, weightsOnly } from './regularization.js';

test('l2Penalty = λ/(2m)·Σ‖W‖²_F', () => {
  // ‖W1‖² = 1 + 4 = 5, ‖W2‖² = 9 → 0.1/(2·10)·14 = 0.07
  expectClose(l2Penalty([tensor([[1, 2]]), tensor([[3]])], 0.1, 10), [0.07]);
  expectClose(l2Penalty([], 0.1, 10), [0]);
});

test('l1Penalty = λ/(2m)·Σ|W|', () => {
  // |1| + |−2| + |3| = 6 → 0.1/20·6 = 0.03
  expectClose(l1Penalty([tensor([[1, -2]]), tensor([[3]])], 0.1, 10), [0.03]);
});

test('the gradient of the L2 term is the weight decay λ/m·W', () => {
  const w = tensor([[1, -2]], { requiresGrad: true });
  l2Penalty([w], 0.5, 5).backward();
  expectClose(w.grad!, [[0.1, -0.2]]);
  const g = new Generator(1);
  const r = gradcheck(
    (a, b) => l2Penalty([a, b], 0.3, 4).add(l1Penalty([a], 0.2, 4)),
    [randn([3, 2], { generator: g }), randn([2], { generator: g })],
  );
  assert.ok(r.passed, r.table());
});

test('weightsOnly skips biases and 1-D normalization parameters', () => {
  const net = new Sequential(new Linear(3, 4), new BatchNorm1d(4), new Linear(4, 1));
  const weights = weightsOnly(net.namedParameters());
  assert.equal(weights.length, 2);
  assert.equal(weights[0], (net.layers[0] as Linear).weight);
  assert.equal(weightsOnly(net.namedParameters(), { skipOneDimensional: false }).length, 3); // + γ (β is named bias)
  assert.equal(
    weightsOnly(net.namedParameters(), { skipBiases: false, skipOneDimensional: false }).length,
    6,
  );
});

test('penalties reject a negative λ and a non-positive m', () => {
  assert.throws(
    () => l2Penalty([], -1, 1),
    (e: unknown) =>
      e instanceof ValueError && /l2Penalty: lambda must be non-negative, got -1/.test(e.message),
  );
  assert.throws(() => l1Penalty([], 1, 0), /l1Penalty: m \(the number of examples\) must be positive, got 0/);
});
