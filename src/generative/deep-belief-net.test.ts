import assert from 'node:assert/strict';
import { test } from 'node:test';
import { crossEntropy, Generator, manualSeed, noGrad, optim, tensor } from '../index.js';
import { expectClose } from '../testing/expect-close.js';
import { pretrainDBN, pretrainDenoisingStack, rbmToLinear } from './deep-belief-net.js';
import { forEachBatch, sigmoidClassifier, unrolledClassifier } from './layerwise.js';
import { RBM } from './rbm.js';

// Two binary patterns and their noisy copies; the class is the pattern.
function patterns(n: number, g: Generator): { x: ReturnType<typeof tensor>; y: ReturnType<typeof tensor> } {
  const base = [
    [1, 1, 1, 1, 0, 0, 0, 0],
    [0, 0, 0, 0, 1, 1, 1, 1],
  ];
  const rows: number[][] = [];
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = i % 2;
    rows.push(base[c]!.map((v) => (g.uniform() < 0.1 ? 1 - v : v)));
    labels.push(c);
  }
  return { x: tensor(rows), y: tensor(labels, { dtype: 'int32' }) };
}

test('rbmToLinear: σ(linear(v)) equals the RBM hidden probabilities', () => {
  const rbm = new RBM(4, 3, { initStd: 0.5, generator: new Generator(1) });
  rbm.hiddenBias.data().set([0.1, -0.2, 0.3]);
  const v = tensor([
    [1, 0, 1, 1],
    [0, 1, 0, 0],
  ]);
  expectClose(
    noGrad(() => rbmToLinear(rbm).forward(v).sigmoid()),
    rbm.hiddenProbs(v),
  );
});

test('pretrainDBN trains one RBM per layer on the previous layer’s codes, reporting each epoch', () => {
  const g = new Generator(2);
  const { x } = patterns(40, g);
  const seen: [number, number, number][] = [];
  const rbms = pretrainDBN(x, [6, 3], {
    epochs: 8,
    batchSize: 10,
    lr: 0.1,
    generator: g,
    onEpoch: (l, e, err) => seen.push([l, e, err]),
  });
  assert.deepEqual(
    rbms.map((r) => [r.nVisible, r.nHidden]),
    [
      [8, 6],
      [6, 3],
    ],
  );
  assert.equal(seen.length, 16);
  const first = seen.filter(([l]) => l === 0).map(([, , err]) => err);
  assert.ok(first[7]! < first[0]!, `layer 0 reconstruction error ${first[0]} → ${first[7]}`);
});

test('unrolled pretrained layers and the random baseline have the same shapes; fine-tuning learns the classes', () => {
  manualSeed(3);
  const g = new Generator(3);
  const { x, y } = patterns(40, g);
  const encoders = pretrainDenoisingStack(x, [6], { epochs: 5, batchSize: 10, lr: 0.01, generator: g });
  const net = unrolledClassifier(encoders, 2);
  assert.equal(net.forward(x).shape.join(), '40,2');
  assert.deepEqual(
    net.parameters().map((p) => p.shape),
    sigmoidClassifier([8, 6], 2)
      .parameters()
      .map((p) => p.shape),
  );
  const opt = new optim.Adam(net.parameters(), { lr: 0.05 });
  for (let i = 0; i < 60; i++) {
    opt.zeroGrad();
    crossEntropy(net.forward(x), y).backward();
    opt.step();
  }
  const predicted = [...net.forward(x).argmax(1).data()];
  const accuracy = predicted.filter((p, i) => p === y.data()[i]).length / 40;
  assert.ok(accuracy > 0.9, `training accuracy ${accuracy}`);
});

test('forEachBatch visits every row once per pass, in shuffled batches', () => {
  const seen: number[] = [];
  forEachBatch(tensor([[0], [1], [2], [3], [4]]), 2, new Generator(4), (b) => seen.push(...b.data()));
  assert.deepEqual([...seen].sort(), [0, 1, 2, 3, 4]);
  assert.throws(() => forEachBatch(tensor([[0]]), 0, new Generator(0), () => {}), {
    message: 'forEachBatch: batchSize must be a positive integer, got 0',
  });
});

test('bad sizes are ValueErrors', () => {
  assert.throws(() => pretrainDBN(tensor([[1, 0]]), [0]), {
    name: 'ValueError',
    message: 'greedyLayerwise: hidden must list positive integers, got [0]',
  });
  assert.throws(() => unrolledClassifier([], 10), {
    message: 'unrolledClassifier: needs at least one layer',
  });
  assert.throws(() => pretrainDBN(tensor([[1, 0]]), [2], { epochs: 0 }), {
    message: 'pretrainDBN: epochs must be a positive integer, got 0',
  });
});
