import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Generator, rand, tensor } from '../index.js';
import { expectClose } from '../testing/expect-close.js';
import { ContrastiveDivergence } from './contrastive-divergence.js';
import { RBM } from './rbm.js';

// A tiny RBM: 3 visible, 2 hidden units.
function tiny(visible: 'bernoulli' | 'gaussian' = 'bernoulli'): RBM {
  const rbm = new RBM(3, 2, { visible, generator: new Generator(0) });
  rbm.weight.data().set([0.1, -0.2, 0.3, 0.4, 0.0, -0.1]);
  rbm.visibleBias.data().set([0.1, -0.1, 0]);
  rbm.hiddenBias.data().set([0.2, -0.3]);
  return rbm;
}

const W = [
  [0.1, -0.2, 0.3],
  [0.4, 0.0, -0.1],
];
const b = [0.1, -0.1, 0];
const c = [0.2, -0.3];
// E(v, h) summed over the four hidden states h ∈ {0, 1}², by brute force.
function bruteFreeEnergy(v: number[], gaussian = false): number {
  let z = 0;
  for (const h of [
    [0, 0],
    [0, 1],
    [1, 0],
    [1, 1],
  ]) {
    const visible = gaussian
      ? -0.5 * v.reduce((s, vi, i) => s + (vi - b[i]!) ** 2, 0)
      : v.reduce((s, vi, i) => s + vi * b[i]!, 0);
    const hidden = h.reduce((s, hj, j) => s + hj * (c[j]! + W[j]!.reduce((t, w, i) => t + w * v[i]!, 0)), 0);
    z += Math.exp(visible + hidden);
  }
  return -Math.log(z);
}

test('freeEnergy equals −log Σₕ e^(−E(v, h)) summed by brute force (Bernoulli and Gaussian units)', () => {
  const vs = [
    [1, 0, 1],
    [0.5, 0.2, 0.9],
  ];
  expectClose(
    tiny().freeEnergy(tensor(vs)),
    vs.map((v) => bruteFreeEnergy(v)),
    { rtol: 1e-6 },
  );
  const real = [
    [1.5, -0.3, 0.2],
    [0, 2, -1],
  ];
  expectClose(
    tiny('gaussian').freeEnergy(tensor(real)),
    real.map((v) => bruteFreeEnergy(v, true)),
    { rtol: 1e-6 },
  );
});

test('one CD-1 update, then a second with momentum, equal the hand-computed steps', () => {
  // lr 0.5, momentum 0.5, weightDecay 0.01, v₀ = [1, 0, 1]. The generator's first uniforms are
  // 0.000477, 0.358635 (step 1) and 0.338378, 0.969606 (step 2).
  // Step 1: p₀ = σ(c + Wv₀) = σ([0.6, 0]) = [0.645656, 0.5]; h = [u < p₀] = [1, 1];
  //   v₁ = σ(b + hW) = [0.645656, 0.425557, 0.549834]; p₁ = σ(c + Wv₁) = [0.585260, 0.475839];
  //   ΔW = 0.5·(p₀ᵀv₀ − p₁ᵀv₁ − 0.01·W), W ← W + ΔW; Δb = 0.5·(v₀ − v₁); Δc = 0.5·(p₀ − p₁).
  // Step 2: h = [1, 0]; each Δ ← 0.5·Δ + 0.5·(gradient − decay).
  // (The arithmetic in float64 by numpy, from these formulas.)
  const rbm = tiny();
  rbm.generator.manualSeed(11);
  const cd = new ContrastiveDivergence(rbm, { lr: 0.5, momentum: 0.5, weightDecay: 0.01 });
  const v0 = tensor([[1, 0, 1]]);
  const err1 = cd.step(v0);
  expectClose(
    rbm.weight,
    [
      0.23338975150469576, -0.32353088414178044, 0.460430233274819, 0.4943858992488004, -0.10124834136609416,
      0.01968387655295953,
    ],
  );
  expectClose(rbm.visibleBias, [0.2771718468871023, -0.3127787415941705, 0.22508300134376102]);
  expectClose(rbm.hiddenBias, [0.2301981581971082, -0.2879193067115781]);
  const err2 = cd.step(v0);
  expectClose(
    rbm.weight,
    [
      0.4572355723319968, -0.4942208556186843, 0.6838750779081919, 0.6610923944455183, -0.23784722327299052,
      0.19140993141469734,
    ],
  );
  expectClose(rbm.visibleBias, [0.5532887118251794, -0.5922087270319045, 0.5051404613492091]);
  expectClose(rbm.hiddenBias, [0.2838162050151213, -0.2536163058412624]);
  // the mean-field reconstruction error σ(b + p₀W) vs v₀ before each update
  expectClose([err1, err2], [0.19320795464314092, 0.12131903097882708]);
});

test('pseudoLikelihood of a one-unit RBM is exactly log p(v) (the only unit is always the one flipped)', () => {
  const rbm = new RBM(1, 2);
  rbm.weight.data().set([0.7, -1.2]);
  rbm.visibleBias.data().set([0.3]);
  rbm.hiddenBias.data().set([0.1, 0.4]);
  // F(v) = −0.3v − log(1 + e^(0.1 + 0.7v)) − log(1 + e^(0.4 − 1.2v)); p(1) = e^(−F(1)) / (e^(−F(0)) + e^(−F(1)))
  const softplus = (x: number) => Math.log1p(Math.exp(x));
  const F = (v: number) => -0.3 * v - softplus(0.1 + 0.7 * v) - softplus(0.4 - 1.2 * v);
  const logP1 = -F(1) - Math.log(Math.exp(-F(0)) + Math.exp(-F(1)));
  expectClose([rbm.pseudoLikelihood(tensor([[1], [1]]))], [logP1], { rtol: 1e-6 });
  assert.throws(() => tiny('gaussian').pseudoLikelihood(tensor([[1, 0, 1]])), {
    message: "RBM.pseudoLikelihood: needs 'bernoulli' visible units",
  });
});

test('Gibbs sampling gives binary states of the batch shape; Gaussian units give real values', () => {
  const samples = tiny().gibbs(rand([5, 3]), 3);
  assert.deepEqual(samples.shape, [5, 3]);
  assert.ok([...samples.data()].every((x) => x === 0 || x === 1));
  const real = tiny('gaussian').gibbs(rand([5, 3]), 2);
  assert.ok([...real.data()].some((x) => x !== 0 && x !== 1));
});

test('persistent CD keeps its chain between updates; CD-k learns a repeated pattern', () => {
  const rbm = new RBM(6, 4, { generator: new Generator(3) });
  const data = tensor([
    [1, 1, 1, 0, 0, 0],
    [0, 0, 0, 1, 1, 1],
  ]);
  const pcd = new ContrastiveDivergence(rbm, { lr: 0.1, persistent: true });
  pcd.step(data);
  const chain = pcd.chain!;
  assert.deepEqual(chain.shape, [2, 6]);
  assert.ok(
    [...chain.data()].every((x) => x === 0 || x === 1),
    'the chain holds binary samples',
  );
  const cd = new ContrastiveDivergence(rbm, { lr: 0.1, k: 2, momentum: 0.9 });
  const before = rbm.reconstructionError(data);
  for (let i = 0; i < 300; i++) cd.step(data);
  const after = rbm.reconstructionError(data);
  assert.ok(after < before / 5, `reconstruction error ${before} → ${after}`);
});

test('bad arguments are ValueErrors naming RBM / ContrastiveDivergence', () => {
  assert.throws(() => new RBM(0, 2), {
    name: 'ValueError',
    message: 'RBM: nVisible must be a positive integer, got 0',
  });
  assert.throws(() => new RBM(2, 2, { visible: 'poisson' as 'gaussian' }), {
    message: `RBM: visible must be 'bernoulli' or 'gaussian', got "poisson"`,
  });
  assert.throws(() => tiny().freeEnergy(tensor([[1, 0]])), {
    message: 'RBM.freeEnergy: v must have shape [batch, 3], got [1, 2]',
  });
  assert.throws(() => new ContrastiveDivergence(tiny(), { k: 0 }), {
    message: 'ContrastiveDivergence: k (a positive integer) out of range, got 0',
  });
  assert.throws(() => new ContrastiveDivergence(tiny()).step(tensor([1, 0, 1])), {
    message: 'ContrastiveDivergence.step: v must have shape [batch, 3], got [3]',
  });
});
