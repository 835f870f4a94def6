import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gradcheck } from '../../autograd/gradcheck.js';
import { ShapeError, ValueError } from '../../errors.js';
import { Generator, rand, randn, sigmoid, tensor } from '../../index.js';
import { expectClose } from '../../testing/expect-close.js';
import { binaryCrossEntropy } from './binary-cross-entropy.js';
import { binaryCrossEntropyWithLogits } from './binary-cross-entropy-with-logits.js';
import { huberLoss } from './huber-loss.js';
import { l1Loss } from './l1-loss.js';
import { mseLoss } from './mse-loss.js';

const f64 = { dtype: 'float64' } as const;

test('mseLoss: mean, sum, none and a per-element weight', () => {
  const x = tensor([1, 2, 3]);
  const y = tensor([1, 0, 0]);
  // squared errors [0, 4, 9]
  expectClose(mseLoss(x, y), [13 / 3]);
  expectClose(mseLoss(x, y, { reduction: 'sum' }), [13]);
  expectClose(mseLoss(x, y, { reduction: 'none' }), [0, 4, 9]);
  // weighted [0, 2, 18], mean over 3
  expectClose(mseLoss(x, y, { weight: tensor([1, 0.5, 2]) }), [20 / 3]);
});

test('l1Loss and huberLoss', () => {
  expectClose(l1Loss(tensor([1, -2, 3]), tensor([0, 0, 0])), [2]);
  const d = tensor([0.5, 3, -2]);
  const zero = tensor([0, 0, 0]);
  // δ = 1: [½·0.25, 3 − ½, 2 − ½] = [0.125, 2.5, 1.5]
  expectClose(huberLoss(d, zero, { reduction: 'none' }), [0.125, 2.5, 1.5]);
  expectClose(huberLoss(d, zero), [4.125 / 3]);
  // δ = 2: [0.125, 2·(3 − 1), ½·4] = [0.125, 4, 2]
  expectClose(huberLoss(d, zero, { delta: 2, reduction: 'none' }), [0.125, 4, 2]);
});

test('binaryCrossEntropy on probabilities, log clamped at −100', () => {
  // −log 0.8 and −log(1 − 0.3)
  expectClose(binaryCrossEntropy(tensor([0.8, 0.3]), tensor([1, 0]), { reduction: 'none' }), [
    -Math.log(0.8),
    -Math.log(0.7),
  ]);
  expectClose(binaryCrossEntropy(tensor([0, 1, 1]), tensor([1, 1, 0]), { reduction: 'none' }), [100, 0, 100]);
  assert.throws(
    () => binaryCrossEntropy(tensor([1.5]), tensor([1])),
    (e: unknown) =>
      e instanceof ValueError &&
      /binaryCrossEntropy: input must hold probabilities in \[0, 1\], got 1.5/.test(e.message),
  );
});

test('binaryCrossEntropyWithLogits is finite at ±120 and equals BCE(sigmoid(x))', () => {
  expectClose(binaryCrossEntropyWithLogits(tensor([0]), tensor([1])), [Math.LN2]);
  // max(x, 0) − x·y + log1p(e^−|x|): x = 120, y = 0 → 120; x = −120, y = 1 → 120; right answers → 0
  const far = binaryCrossEntropyWithLogits(tensor([120, -120, 120, -120]), tensor([0, 1, 1, 0]), {
    reduction: 'none',
  });
  expectClose(far, [120, 120, 0, 0]);
  const x = tensor([-2, -0.5, 0.3, 1.7], f64);
  const y = tensor([0, 1, 1, 0], f64);
  expectClose(binaryCrossEntropyWithLogits(x, y), binaryCrossEntropy(sigmoid(x), y), {
    rtol: 1e-12,
    atol: 1e-12,
  });
});

test('binaryCrossEntropyWithLogits posWeight scales the positive term', () => {
  // y = 1: posWeight·log(1 + e^0) = 3·ln 2; y = 0: ln 2 unchanged
  expectClose(
    binaryCrossEntropyWithLogits(tensor([[0, 0]]), tensor([[1, 0]]), {
      posWeight: tensor([3, 3]),
      reduction: 'none',
    }),
    [[3 * Math.LN2, Math.LN2]],
  );
});

test('elementwise losses gradcheck in float64', () => {
  const g = new Generator(3);
  const x = randn([3, 4], { ...f64, generator: g });
  const y = randn([3, 4], { ...f64, generator: g });
  const p = rand([3, 4], { ...f64, low: 0.1, high: 0.9, generator: g });
  const labels = tensor(
    [
      [1, 0, 1, 1],
      [0, 0, 1, 0],
      [1, 1, 0, 0],
    ],
    f64,
  );
  const w = rand([4], { ...f64, generator: g });
  const cases: [string, (a: import('../../index.js').Tensor) => import('../../index.js').Tensor][] = [
    ['mse', (a) => mseLoss(a, y, { weight: w })],
    ['l1', (a) => l1Loss(a, y, { reduction: 'sum' })],
    ['huber', (a) => huberLoss(a, y, { delta: 0.7 })],
    [
      'bceWithLogits',
      (a) => binaryCrossEntropyWithLogits(a, labels, { posWeight: tensor([1, 2, 3, 4], f64), weight: w }),
    ],
  ];
  for (const [name, f] of cases) {
    const r = gradcheck(f, [x]);
    assert.ok(r.passed, `${name}:\n${r.table()}`);
  }
  const r = gradcheck((a) => binaryCrossEntropy(a, labels, { reduction: 'sum' }), [p]);
  assert.ok(r.passed, r.table());
});

test('elementwise losses reject mismatched shapes and unknown reductions', () => {
  assert.throws(
    () => mseLoss(tensor([1, 2]), tensor([1, 2, 3])),
    (e: unknown) =>
      e instanceof ShapeError && /mseLoss: target shape \[3\] must equal input shape \[2\]/.test(e.message),
  );
  assert.throws(
    () => l1Loss(tensor([1]), tensor([1]), { reduction: 'avg' as 'mean' }),
    /l1Loss: reduction must be 'mean', 'sum' or 'none', got 'avg'/,
  );
  assert.throws(
    () => huberLoss(tensor([1]), tensor([1]), { delta: 0 }),
    /huberLoss: delta must be positive, got 0/,
  );
});

test('binaryCrossEntropyWithLogits has the gradient σ(x) − y at 0 and ±120, as PyTorch 1.13', () => {
  // torch.nn.functional.binary_cross_entropy_with_logits(x, y, reduction='sum'), float64.
  const f64 = { dtype: 'float64' } as const;
  const x = tensor([0, 0, 120, -120, 0.5, -2], f64).requiresGrad_();
  const y = tensor([1, 0, 0, 1, 0.3, 1], f64).requiresGrad_();
  const loss = binaryCrossEntropyWithLogits(x, y, { reduction: 'sum' });
  expectClose(loss, 244.33729935634295, { rtol: 1e-12 });
  loss.backward();
  expectClose(x.grad!, [-0.5, 0.5, 1, -1, 0.3224593312018546, -0.8807970779778824], { rtol: 1e-12 });
  expectClose(y.grad!, [0, 0, -120, 120, -0.5, 2], { rtol: 1e-12 });
  x.grad = null;
  y.grad = null;
  const weighted = binaryCrossEntropyWithLogits(x, y, { reduction: 'sum', posWeight: tensor([3], f64) });
  expectClose(weighted, 490.2618959300569, { rtol: 1e-12 });
  weighted.backward();
  expectClose(x.grad!, [-1.5, 0.5, 1, -3, 0.09593492992296737, -2.6423912339336475], { rtol: 1e-12 });
  expectClose(
    y.grad!,
    [1.3862943611198904, 1.3862943611198904, -120, 360, 0.4481539683602134, 6.253856022085946],
    {
      rtol: 1e-12,
    },
  );
});
