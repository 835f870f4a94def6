import assert from 'node:assert/strict';
import { test } from 'node:test';
import { crossEntropy, Generator, manualSeed, nn, noGrad, randn, tensor, zeros } from '../index.js';
import { expectClose } from '../testing/expect-close.js';
import { DCGANDiscriminator, DCGANGenerator } from './dcgan.js';
import { classifierScores, frechetDistance, symmetricEigen } from './gan-metrics.js';
import { GANTrainer } from './gan-trainer.js';

test('DCGAN shapes: noise → [batch, 1, 28, 28] in [−1, 1] → one logit; conditional variants take labels', () => {
  manualSeed(0);
  const g = new DCGANGenerator({ latent: 8, width: 8 });
  const images = g.forward(randn([3, 8]));
  assert.deepEqual(images.shape, [3, 1, 28, 28]);
  assert.ok([...images.data()].every((v) => v >= -1 && v <= 1));
  assert.deepEqual(new DCGANDiscriminator({ width: 8 }).forward(images).shape, [3, 1]);
  const labels = tensor([0, 2, 1], { dtype: 'int32' });
  const cg = new DCGANGenerator({ latent: 8, width: 8, numClasses: 3 });
  const cd = new DCGANDiscriminator({ width: 8, numClasses: 3 });
  assert.deepEqual(cd.forward(cg.forward(randn([3, 8]), labels), labels).shape, [3, 1]);
  assert.throws(() => cg.forward(randn([3, 8])), {
    message: 'DCGANGenerator: a conditional model needs int32 labels of shape [3]',
  });
  assert.throws(() => g.forward(randn([3, 5])), {
    message: 'DCGANGenerator: z must be [batch, 8], got [3, 5]',
  });
  assert.throws(() => new DCGANGenerator({ width: 7 }), {
    message: 'DCGANGenerator: width must be even, got 7',
  });
});

test('DCGANDiscriminator: three 4×4 stride-2 convolutions, 28 → 14 → 7 → 3, then one logit', () => {
  const d = new DCGANDiscriminator({ width: 64 });
  // conv 1→32 (512 + 32 bias) + conv 32→64 (32,768) + BN 64 (128) + conv 64→128 (131,072) + BN 128 (256)
  // + linear 128·3·3 → 1 (1,152 + 1) = 165,921
  assert.equal(d.numParameters(), 165_921);
  // the one-hot label adds 10 input planes to the first convolution: 10·32·16 = 5,120 more
  assert.equal(new DCGANDiscriminator({ width: 64, numClasses: 10 }).numParameters(), 171_041);
  const features = d.net.layers.slice(0, 8).reduce((x, layer) => layer.forward(x), zeros([2, 1, 28, 28]));
  assert.deepEqual(features.shape, [2, 128, 3, 3]);
});

test('GANTrainer: a few steps move both networks, and D learns to tell a constant image from fakes', () => {
  manualSeed(1);
  const g = new DCGANGenerator({ latent: 4, width: 4 });
  const d = new DCGANDiscriminator({ width: 4 });
  const trainer = new GANTrainer(g, d, { lr: 0.01, generator: new Generator(2) });
  const real = zeros([8, 1, 28, 28]).add(0.5);
  const before = g.net.parameters()[0]!.data().slice();
  const losses = Array.from({ length: 5 }, () => trainer.step(real));
  assert.ok(losses.every(({ dLoss, gLoss }) => Number.isFinite(dLoss) && Number.isFinite(gLoss)));
  assert.ok(losses[4]!.dLoss < losses[0]!.dLoss, `D loss ${losses[0]!.dLoss} → ${losses[4]!.dLoss}`);
  assert.notDeepEqual([...g.net.parameters()[0]!.data()], [...before]);
  assert.throws(() => new GANTrainer(g, d, { realLabel: 0.3 }), {
    message: 'GANTrainer: realLabel must be in (0.5, 1], got 0.3',
  });
});

test('DCGANGenerator with refine: a 3×3 convolution at 7×7 (width → width maps, batch norm)', () => {
  const plain = new DCGANGenerator({ width: 64 });
  const refined = new DCGANGenerator({ width: 64, refine: true });
  // 64·64·9 weights (no bias) + 2·64 batch-norm scales and shifts = 36,992 more
  assert.equal(plain.numParameters(), 234_177);
  assert.equal(refined.numParameters(), 271_169);
  assert.deepEqual(refined.forward(randn([2, 64])).shape, [2, 1, 28, 28]);
  assert.ok(refined.net.layers[4] instanceof nn.Conv2d);
});

test('InfoGAN: the discriminator adds one logit per code category; checks on the pairing', () => {
  const d = new DCGANDiscriminator({ width: 64, codes: 10 });
  // the final linear layer gains 10 outputs: 165,921 + 1,152·10 weights + 10 biases
  assert.equal(d.numParameters(), 177_451);
  assert.deepEqual(d.forward(zeros([2, 1, 28, 28])).shape, [2, 11]);
  assert.throws(() => new DCGANGenerator({ codes: 10 }), {
    message:
      "DCGANGenerator: codes is the discriminator's option; an InfoGAN generator takes its code as numClasses, got codes 10",
  });
  assert.throws(
    () => new GANTrainer(new DCGANGenerator({ width: 4 }), new DCGANDiscriminator({ width: 4, codes: 3 })),
    {
      message:
        'GANTrainer: an InfoGAN needs an unconditional discriminator with codes and a generator with as many numClasses; got codes 3, numClasses 0 (generator) and 0 (discriminator)',
    },
  );
  const g = new DCGANGenerator({ width: 4, numClasses: 3 });
  assert.throws(() => new GANTrainer(g, new DCGANDiscriminator({ width: 4, codes: 3 }), { infoWeight: -1 }), {
    message: 'GANTrainer: infoWeight must be ≥ 0, got -1',
  });
});

test('InfoGAN step: D loss = BCE(real, 0.9) + BCE(fake, 0) + λ·CE(code logits, code), from the same draws', () => {
  manualSeed(4);
  const g = new DCGANGenerator({ latent: 4, width: 4, numClasses: 3 });
  const d = new DCGANDiscriminator({ width: 4, codes: 3 });
  const real = randn([4, 1, 28, 28], { generator: new Generator(5) }).tanh();
  // The loss by hand, before the step, from the noise and codes the trainer will draw (seed 6).
  const { z, labels } = new GANTrainer(g, d, { generator: new Generator(6) }).noise(4);
  g.train();
  d.train();
  const fakeOut = noGrad(() => d.forward(g.forward(z, labels))).toArray() as number[][];
  const realOut = noGrad(() => d.forward(real)).toArray() as number[][];
  // BCE with logit x and target t: log(1 + eˣ) − t·x
  const bce = (x: number, t: number): number => Math.log1p(Math.exp(x)) - t * x;
  const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
  // CE of logits [l₁, l₂, l₃] for code c: log Σ eˡ − l_c
  const ce = (row: number[], c: number): number =>
    Math.log(row.slice(1).reduce((a, l) => a + Math.exp(l), 0)) - row[1 + c]!;
  const codes = [...labels!.data()];
  const expected =
    mean(realOut.map((r) => bce(r[0]!, 0.9))) +
    mean(fakeOut.map((r) => bce(r[0]!, 0))) +
    2 * mean(fakeOut.map((r, i) => ce(r, codes[i]!)));
  const trainer = new GANTrainer(g, d, { infoWeight: 2, generator: new Generator(6) });
  const { dLoss, gLoss } = trainer.step(real);
  expectClose([dLoss], [expected], { rtol: 1e-5 });
  assert.ok(Number.isFinite(gLoss));
});

test('InfoGAN: a few steps teach the discriminator to read the code from the fakes', () => {
  manualSeed(7);
  const g = new DCGANGenerator({ latent: 4, width: 4, numClasses: 2 });
  const d = new DCGANDiscriminator({ width: 4, codes: 2 });
  const trainer = new GANTrainer(g, d, { lr: 0.01, generator: new Generator(8) });
  const real = zeros([16, 1, 28, 28]).add(0.5);
  const codeLoss = (): number => {
    const { z, labels } = trainer.noise(64);
    g.train();
    d.train();
    return noGrad(() => crossEntropy(d.forward(g.forward(z, labels)).narrow(1, 1, 2), labels!).item());
  };
  const before = codeLoss();
  for (let i = 0; i < 20; i++) trainer.step(real);
  const after = codeLoss();
  // ln 2 ≈ 0.693 is chance; the generator makes the code visible and D learns to read it
  assert.ok(after < 0.5 * before, `code cross-entropy ${before} → ${after}`);
});

test('symmetricEigen finds eigenvalues and orthonormal eigenvectors', () => {
  // [[2, 1, 0], [1, 2, 0], [0, 0, 5]]: eigenvalues 1, 3, 5
  const { values, vectors } = symmetricEigen(Float64Array.from([2, 1, 0, 1, 2, 0, 0, 0, 5]), 3);
  expectClose(
    [...values].sort((a, b) => a - b),
    [1, 3, 5],
    { atol: 1e-12 },
  );
  // A·v = λ·v for each column
  const a = [
    [2, 1, 0],
    [1, 2, 0],
    [0, 0, 5],
  ];
  for (let k = 0; k < 3; k++) {
    const v = [0, 1, 2].map((i) => vectors[i * 3 + k]!);
    expectClose(
      a.map((row) => row.reduce((s, x, j) => s + x * v[j]!, 0)),
      v.map((x) => x * values[k]!),
      { atol: 1e-12 },
    );
  }
});

test('frechetDistance: 0 for the same set; the 1-D closed form (μ₁ − μ₂)² + (σ₁ − σ₂)²; a 2-D case', () => {
  const x = randn([200, 3], { generator: new Generator(3), dtype: 'float64' });
  expectClose([frechetDistance(x, x)], [0], { atol: 1e-9 });
  // samples {0, 2} (μ 1, sample variance 2) and {1, 5} (μ 3, variance 8): 4 + (√2 − √8)² = 4 + 2 = 6
  expectClose([frechetDistance(tensor([[0], [2]]), tensor([[1], [5]]))], [6], { rtol: 1e-6 });
  // diagonal covariances: Σ₁ = diag(2, 8), Σ₂ = diag(8, 2), equal means: Tr = 20 − 2·(4 + 4) = 4
  const a = tensor([
    [1, 2],
    [-1, -2],
  ]);
  const b = tensor([
    [2, 1],
    [-2, -1],
  ]);
  expectClose([frechetDistance(a, b)], [4], { rtol: 1e-6 });
  assert.throws(() => frechetDistance(tensor([[1, 2]]), tensor([[1, 2]])), {
    message: 'frechetDistance: features must be [n ≥ 2, d], got [1, 2]',
  });
});

test('classifierScores: coverage, mean top-class confidence and counts', () => {
  const p = tensor([
    [0.9, 0.1, 0],
    [0.2, 0.7, 0.1],
    [0.6, 0.3, 0.1],
  ]);
  const s = classifierScores(p);
  assert.equal(s.coverage, 2);
  assert.deepEqual(s.counts, [2, 1, 0]);
  expectClose([s.meanConfidence], [(0.9 + 0.7 + 0.6) / 3]);
});
