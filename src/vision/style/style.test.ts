import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  gradcheck,
  nn,
  rand,
  randn,
  ShapeError,
  type Tensor,
  tensor,
  ValueError,
  zeros,
} from '../../index.js';
import { expectClose } from '../../testing/expect-close.js';
import { contentCost } from './content-cost.js';
import { featureExtractor } from './feature-extractor.js';
import { gramMatrix } from './gram-matrix.js';
import { styleCost, styleLayerCost } from './style-cost.js';
import { styleTransfer } from './style-transfer.js';
import { totalVariation } from './total-variation.js';

const f64 = { dtype: 'float64' } as const;

test('contentCost = Σ(aC − aG)² / (4·nH·nW·nC)', () => {
  // nC 1, nH 2, nW 2: (1 + 4 + 9 + 16) / 16
  expectClose(
    contentCost(
      tensor([
        [
          [
            [1, 2],
            [3, 4],
          ],
        ],
      ]),
      zeros([1, 1, 2, 2]),
    ),
    [30 / 16],
  );
  // without the batch axis, nC 2, nH 1, nW 3: (6·0.25) / 24
  expectClose(contentCost(zeros([2, 1, 3]), zeros([2, 1, 3]).add(0.5)), [1.5 / 24]);
  assert.throws(
    () => contentCost(zeros([1, 2, 2, 2]), zeros([1, 2, 2, 3])),
    /contentCost: aC \[2, 2, 2\] and aG \[2, 2, 3\] must have one shape/,
  );
  assert.throws(() => contentCost(zeros([2, 2, 2, 2]), zeros([2, 2, 2, 2])), ShapeError);
});

test('gramMatrix is A·Aᵀ of the unrolled channels, batched too', () => {
  const a = tensor([[[1, 2]], [[3, 4]]]);
  expectClose(gramMatrix(a), [
    [5, 11],
    [11, 25],
  ]);
  // a batch of the same image and its double (Gram scales by 4)
  const batch = tensor([
    [[[1, 2]], [[3, 4]]],
    [[[2, 4]], [[6, 8]]],
  ]);
  expectClose(gramMatrix(batch), [
    [
      [5, 11],
      [11, 25],
    ],
    [
      [20, 44],
      [44, 100],
    ],
  ]);
  assert.throws(
    () => gramMatrix(zeros([3, 4])),
    /gramMatrix: features must be \[nC, nH, nW\] or \[N, nC, nH, nW\], got \[3, 4\]/,
  );
});

test('styleCost = Σλ · Σ(GS − GG)² / (4·nC²·(nH·nW)²)', () => {
  const aS = tensor([[[[1, 2]], [[3, 4]]]]); // nC 2, nH 1, nW 2
  const aG = zeros([1, 2, 1, 2]);
  // GS = [[5, 11], [11, 25]], GG = 0: (25 + 121 + 121 + 625) / (4·4·4)
  expectClose(styleLayerCost(aS, aG), [892 / 64]);
  const one = tensor([[[[1, 1]]]]); // nC 1, nH 1, nW 2: GS = [[2]] → 4 / (4·1·4) = 0.25
  expectClose(styleCost([aS, one], [aG, zeros([1, 1, 1, 2])], [0.2, 2]), [0.2 * (892 / 64) + 2 * 0.25]);
  // default weights are equal, 1/L each
  expectClose(styleCost([aS, one], [aG, zeros([1, 1, 1, 2])]), [0.5 * (892 / 64) + 0.5 * 0.25]);
  // a style image of another size: each Gram per position; here GS/2 − GG/4 with GG = 2·GS → 0
  expectClose(styleLayerCost(aS, tensor([[[[1, 2, 1, 2]], [[3, 4, 3, 4]]]])), [0]);
  assert.throws(
    () => styleLayerCost(aS, zeros([1, 3, 1, 2])),
    /styleCost: aS has 2 channels and aG 3; they must match/,
  );
  assert.throws(() => styleCost([aS], [aG, aG]), /styleCost: aS and aG must list the same layers/);
  assert.throws(
    () => styleCost([aS], [aG], [1, 2]),
    /styleCost: weights must hold one finite number per layer \(1\)/,
  );
});

test('totalVariation sums the absolute vertical and horizontal differences', () => {
  expectClose(
    totalVariation(
      tensor([
        [
          [0, 1],
          [2, 4],
        ],
      ]),
    ),
    [8],
  );
  // two channels and a batch: each image adds its own; a constant image adds nothing
  const x = tensor([
    [[[0, 3]], [[1, 1]]],
    [[[5, 5]], [[2, 0]]],
  ]);
  expectClose(totalVariation(x), [3 + 0 + 0 + 2]);
  assert.throws(() => totalVariation(tensor([1, 2])), ShapeError);
});

test('the style-transfer costs gradcheck in float64', () => {
  const a = randn([1, 2, 3, 3], f64);
  const b = randn([1, 2, 3, 3], f64);
  for (const f of [contentCost, styleLayerCost, (p: Tensor, q: Tensor) => totalVariation(p.sub(q))]) {
    const r = gradcheck(f, [a, b]);
    assert.ok(r.passed, r.table());
  }
});

class Tripwire extends nn.Module {
  forward(): Tensor {
    throw new Error('the layer after the deepest wanted one must not run');
  }
}

test('featureExtractor returns named activations and stops after the deepest', () => {
  const model = new nn.Sequential(
    new nn.Linear(3, 4),
    new nn.ReLU(),
    new nn.Sequential(new nn.Linear(4, 2)),
    new Tripwire(),
  );
  const x = randn([5, 3]);
  const features = featureExtractor(model, ['layers.2.layers.0', 'layers.0'])(x);
  assert.deepEqual(Object.keys(features), ['layers.2.layers.0', 'layers.0']);
  const h = model.layers[0]!.forward(x);
  expectClose(features['layers.0']!, h);
  expectClose(features['layers.2.layers.0']!, model.layers[2]!.forward(model.layers[1]!.forward(h)));
  // the wrapped forwards are gone afterwards: the tripwire fires on a full pass
  assert.throws(() => model.forward(x), /must not run/);
  assert.throws(
    () => featureExtractor(model, ['layers.9']),
    (e: unknown) =>
      e instanceof ValueError && /no layer 'layers.9' \(layers: layers.0, layers.1/.test(e.message),
  );
});

test('styleTransfer lowers the total cost, keeps pixels in [0, 1], and is seeded', () => {
  const model = new nn.Sequential(
    new nn.Conv2d(3, 4, 3),
    new nn.ReLU(),
    new nn.Conv2d(4, 4, 3),
    new nn.ReLU(),
  );
  const extractor = featureExtractor(model, ['layers.1', 'layers.3']);
  const content = rand([1, 3, 8, 8]);
  const style = rand([1, 3, 10, 10]);
  const options = {
    extractor,
    contentLayer: 'layers.3',
    styleLayers: ['layers.1', 'layers.3'],
    steps: 25,
    lr: 0.05,
    tvWeight: 0.001,
  };
  const { image, history } = styleTransfer(content, style, options);
  assert.deepEqual(image.shape, [1, 3, 8, 8]);
  assert.equal(history.length, 25);
  assert.ok(history[24]!.total < history[0]!.total, `total ${history[0]!.total} → ${history[24]!.total}`);
  assert.ok([...image.data()].every((v) => v >= 0 && v <= 1));
  assert.deepEqual(
    styleTransfer(content, style, { ...options, steps: 2 }).image.toArray(),
    styleTransfer(content, style, { ...options, steps: 2 }).image.toArray(),
  );
  assert.throws(
    () => styleTransfer(content, style, { ...options, contentLayer: 'layers.0' }),
    /the extractor must return 'layers.0'/,
  );
  assert.throws(
    () => styleTransfer(content, style, { ...options, optimizer: 'sgd' as never }),
    (e: unknown) =>
      e instanceof ValueError &&
      /styleTransfer: optimizer must be 'adam' or 'lbfgs', got 'sgd'/.test(e.message),
  );
  assert.throws(
    () => styleTransfer(content.select(0, 0), style, options),
    /content must be one image \[1, C, H, W\], got \[3, 8, 8\]/,
  );
});

test('styleTransfer with L-BFGS lowers the total cost faster than Adam per step, pixels in [0, 1]', () => {
  const model = new nn.Sequential(
    new nn.Conv2d(3, 4, 3),
    new nn.ReLU(),
    new nn.Conv2d(4, 4, 3),
    new nn.ReLU(),
  );
  const extractor = featureExtractor(model, ['layers.1', 'layers.3']);
  const content = rand([1, 3, 8, 8]);
  const style = rand([1, 3, 10, 10]);
  const options = { extractor, contentLayer: 'layers.3', styleLayers: ['layers.1', 'layers.3'], steps: 10 };
  const steps: number[] = [];
  const lbfgs = styleTransfer(content, style, {
    ...options,
    optimizer: 'lbfgs',
    onStep: (c) => steps.push(c.step),
  });
  assert.deepEqual(steps, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  const h = lbfgs.history;
  // every step starts from the image the line search accepted, so the cost never rises
  for (let i = 1; i < h.length; i++) assert.ok(h[i]!.total <= h[i - 1]!.total + 1e-6, `step ${i + 1}`);
  assert.ok(h[9]!.total < 0.5 * h[0]!.total, `total ${h[0]!.total} → ${h[9]!.total}`);
  const adam = styleTransfer(content, style, { ...options, optimizer: 'adam' }).history;
  assert.equal(adam[0]!.total, h[0]!.total, 'both start from the same seeded image');
  assert.ok(h[9]!.total < adam[9]!.total, `L-BFGS ${h[9]!.total} vs Adam ${adam[9]!.total} after 10 steps`);
  assert.ok([...lbfgs.image.data()].every((v) => v >= 0 && v <= 1));
});
