import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Generator, type Tensor, tensor, zeros } from '../index.js';
import { expectClose } from '../testing/expect-close.js';
import { downPass, sampleDBN, upPass } from './dbn-sampler.js';
import { trainRBM } from './deep-belief-net.js';
import { LabeledRBM } from './labeled-rbm.js';
import { RBM } from './rbm.js';

// A tiny top-level RBM: 2 feature units x, 2 label units y, 2 hidden units; visible v = [x, y].
const W = [
  [0.5, -0.3, 0.8, -0.4],
  [0.2, 0.6, -0.7, 0.1],
];
const b = [0.1, -0.2, 0.3, -0.1];
const c = [0.05, -0.15];
function tiny(seed = 0): LabeledRBM {
  const rbm = new LabeledRBM(2, 2, 2, { generator: new Generator(seed) });
  rbm.weight.data().set(W.flat());
  rbm.visibleBias.data().set(b);
  rbm.hiddenBias.data().set(c);
  return rbm;
}
const int = (xs: number[]): Tensor => tensor(xs, { dtype: 'int32' });

// e^(−E(x, y, h)) = e^(bᵀv + cᵀh + hᵀWv), v = [x, one-hot(y)]
function boltzmann(x: number[], y: number, h: number[]): number {
  const v = [...x, y === 0 ? 1 : 0, y === 1 ? 1 : 0];
  let e = v.reduce((s, vi, i) => s + vi * b[i]!, 0);
  h.forEach((hj, j) => {
    e += hj * (c[j]! + W[j]!.reduce((s, w, i) => s + w * v[i]!, 0));
  });
  return Math.exp(e);
}
const hiddenStates = [
  [0, 0],
  [0, 1],
  [1, 0],
  [1, 1],
];
// F(x, y) = −log Σₕ e^(−E(x, y, h)), by brute force over the four hidden states
const bruteF = (x: number[], y: number): number =>
  -Math.log(hiddenStates.reduce((s, h) => s + boltzmann(x, y, h), 0));

test('LabeledRBM.visibleMean: sigmoid feature units, a softmax over the label group', () => {
  // h = [1, 0]: b + Wᵀh = [0.6, −0.5 | 1.1, −0.5] → σ(0.6), σ(−0.5) | softmax(1.1, −0.5) = 1/(1 + e^−1.6), …
  // h = [1, 1]: [0.8, 0.1 | 0.4, −0.4] → σ(0.8), σ(0.1) | 1/(1 + e^−0.8), 1/(1 + e^0.8)
  expectClose(
    tiny().visibleMean(
      tensor([
        [1, 0],
        [1, 1],
      ]),
    ),
    [
      [0.6456563062257954, 0.3775406687981454, 0.8320183851339245, 0.1679816148660755],
      [0.6899744811276125, 0.5249791874789399, 0.6899744811276124, 0.31002551887238755],
    ],
    { rtol: 1e-6 },
  );
});

test('LabeledRBM.sampleVisible turns on exactly one label unit, label k with probability softmax(d + Uᵀh)ₖ', () => {
  const n = 4000;
  const h = tensor(Array.from({ length: n }, () => [1, 0]));
  const v = [...tiny(7).sampleVisible(h).data()];
  let label0 = 0;
  let feature0 = 0;
  for (let r = 0; r < n; r++) {
    const [x0, x1, y0, y1] = v.slice(4 * r, 4 * r + 4) as [number, number, number, number];
    assert.equal(y0 + y1, 1, `row ${r}: labels ${y0} ${y1}`);
    assert.ok((x0 === 0 || x0 === 1) && (x1 === 0 || x1 === 1));
    label0 += y0;
    feature0 += x0;
  }
  // p(y = 0 | h) = 0.83202 and p(x₀ = 1 | h) = 0.64566; 4,000 draws: standard errors 0.006 and 0.008
  assert.ok(Math.abs(label0 / n - 0.8320183851339245) < 0.025, `label 0 in ${label0 / n}`);
  assert.ok(Math.abs(feature0 / n - 0.6456563062257954) < 0.03, `feature 0 on in ${feature0 / n}`);
});

test('the joint free energy F(x, y) equals −log Σₕ e^(−E(x, y, h)) by brute force', () => {
  const rbm = tiny();
  const xs = [
    [1, 0],
    [0.3, 0.9],
    [0, 1],
  ];
  const ys = [0, 1, 1];
  expectClose(
    rbm.freeEnergy(rbm.joint(tensor(xs), int(ys))),
    xs.map((x, i) => bruteF(x, ys[i]!)),
    { rtol: 1e-6 },
  );
});

test('labelProbs is p(y | x) = Σₕ e^(−E(x, y, h)) / Σ_y′ₕ e^(−E(x, y′, h))', () => {
  const xs = [
    [1, 0],
    [0, 1],
  ];
  const expected = xs.map((x) => {
    const [p0, p1] = [Math.exp(-bruteF(x, 0)), Math.exp(-bruteF(x, 1))];
    return [p0 / (p0 + p1), p1 / (p0 + p1)];
  });
  expectClose(tiny().labelProbs(tensor(xs)), expected, { rtol: 1e-5 });
});

test('pseudoLikelihood flips feature units only: with one feature unit it is log p(x | y) exactly', () => {
  const rbm = new LabeledRBM(1, 2, 2);
  rbm.weight.data().set([0.7, 0.4, -0.2, -1.2, 0.3, 0.5]); // [hidden, (x, y₀, y₁)]
  rbm.visibleBias.data().set([0.3, 0.1, -0.1]);
  rbm.hiddenBias.data().set([0.1, 0.4]);
  // F(x, y = 1) = −0.3x + 0.1 − log(1 + e^(0.1 + 0.7x − 0.2)) − log(1 + e^(0.4 − 1.2x + 0.5))
  const softplus = (t: number) => Math.log1p(Math.exp(t));
  const F = (x: number) => -0.3 * x + 0.1 - softplus(-0.1 + 0.7 * x) - softplus(0.9 - 1.2 * x);
  const logP1 = -F(1) - Math.log(Math.exp(-F(0)) + Math.exp(-F(1)));
  const v = rbm.joint(tensor([[1], [1]]), int([1, 1]));
  expectClose([rbm.pseudoLikelihood(v)], [logP1], { rtol: 1e-6 });
});

test('a LabeledRBM trained on two labelled patterns dreams each pattern when its label is clamped, and classifies them', () => {
  const patterns = [
    [1, 1, 1, 0, 0, 0],
    [0, 0, 0, 1, 1, 1],
  ];
  const x = tensor(Array.from({ length: 100 }, (_, i) => patterns[i % 2]!));
  const labels = int(Array.from({ length: 100 }, (_, i) => i % 2));
  const generator = new Generator(1);
  const rbm = new LabeledRBM(6, 2, 8, { initStd: 0.1, generator });
  trainRBM(rbm, rbm.joint(x, labels), { epochs: 30, batchSize: 10, lr: 0.1, generator });
  const dreams = rbm.gibbsClamped(int(Array.from({ length: 40 }, (_, i) => i % 2)), 50);
  assert.deepEqual(dreams.shape, [40, 6]);
  const rows = dreams.data();
  for (let r = 0; r < 40; r++) {
    const want = patterns[r % 2]!;
    want.forEach((p, i) => {
      const got = rows[r * 6 + i]!;
      assert.ok(Math.abs(got - p) < 0.3, `dream ${r}, unit ${i}: ${got}, want ${p}`);
    });
  }
  const probs = rbm.labelProbs(tensor(patterns)).data();
  assert.ok(probs[0]! > 0.9 && probs[3]! > 0.9, `p(y | x): ${[...probs]}`);
});

test('sampleDBN: Gibbs in the top RBM, then the down-pass to pixels; upPass and downPass chain the RBMs', () => {
  const lower = [new RBM(5, 3, { initStd: 0.5 }), new RBM(3, 2, { initStd: 0.5 })];
  const top = new LabeledRBM(2, 3, 4);
  const images = sampleDBN(top, lower, int([0, 2]), { steps: 5 });
  assert.deepEqual(images.shape, [2, 5]);
  assert.ok([...images.data()].every((p) => p > 0 && p < 1));
  const x = tensor([[1, 0, 1, 1, 0]]);
  expectClose(upPass(lower, x), lower[1]!.hiddenProbs(lower[0]!.hiddenProbs(x)));
  const h = tensor([[1, 0]]);
  expectClose(downPass(lower, h), lower[0]!.visibleMean(lower[1]!.visibleMean(h)));
});

test('bad arguments are ValueErrors naming LabeledRBM, sampleDBN, upPass', () => {
  assert.throws(() => new LabeledRBM(2, 0, 3), {
    name: 'ValueError',
    message: 'LabeledRBM: numClasses must be a positive integer, got 0',
  });
  const rbm = tiny();
  assert.throws(() => rbm.joint(tensor([[1, 0, 1]]), int([0])), {
    message: 'LabeledRBM.joint: x must have shape [batch, 2], got [1, 3]',
  });
  assert.throws(() => rbm.joint(tensor([[1, 0]]), tensor([0])), {
    message: 'LabeledRBM.joint: labels must be int32 of shape [1], got float32 [1]',
  });
  assert.throws(() => rbm.joint(tensor([[1, 0]]), int([2])), {
    message: 'LabeledRBM.joint: label 2 is out of range for 2 classes',
  });
  assert.throws(() => rbm.gibbsClamped(int([0]), 0), {
    message: 'LabeledRBM.gibbsClamped: steps must be a positive integer, got 0',
  });
  assert.throws(() => sampleDBN(rbm, [new RBM(5, 3)], int([0])), {
    message: 'sampleDBN: the top RBM has 2 feature units, the last lower RBM 3 hidden ones',
  });
  assert.throws(() => upPass([new RBM(5, 3), new RBM(4, 2)], zeros([1, 5])), {
    message: 'upPass: RBM 1 has 4 visible units, RBM 0 3 hidden ones',
  });
  assert.throws(() => downPass([], zeros([1, 5])), { message: 'downPass: needs at least one RBM' });
});
