import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Generator, grad, manualSeed, mseLoss, ones, optim, rand, tensor, zeros } from '../index.js';
import { expectClose } from '../testing/expect-close.js';
import { convAutoencoder, denseAutoencoder } from './autoencoder.js';
import { corrupt } from './corrupt.js';
import { nearestNeighbors } from './nearest-neighbors.js';
import { klSparsityPenalty } from './sparsity.js';
import { gaussianKl, VAE, vaeLoss } from './vae.js';

test('dense and convolutional autoencoders keep the input shape and expose codes', () => {
  manualSeed(0);
  const dense = denseAutoencoder([12, 6, 2]);
  assert.deepEqual(dense.encode(rand([3, 12])).shape, [3, 2]);
  const y = dense.forward(rand([3, 12]));
  assert.deepEqual(y.shape, [3, 12]);
  assert.ok(
    [...y.data()].every((v) => v > 0 && v < 1),
    'sigmoid output',
  );
  const conv = convAutoencoder(8);
  assert.deepEqual(conv.encode(zeros([2, 1, 28, 28])).shape, [2, 8]);
  assert.deepEqual(conv.forward(zeros([2, 1, 28, 28])).shape, [2, 1, 28, 28]);
  assert.throws(() => denseAutoencoder([12]), {
    message: 'denseAutoencoder: sizes must be at least 2 positive integers, got [12]',
  });
});

test('a few Adam steps of a denoising autoencoder lower the reconstruction loss of clean data', () => {
  manualSeed(1);
  const data = tensor([
    [1, 1, 1, 0, 0, 0, 1, 0],
    [0, 0, 0, 1, 1, 1, 0, 1],
    [1, 0, 1, 0, 1, 0, 1, 0],
  ]);
  const ae = denseAutoencoder([8, 6, 3]);
  const opt = new optim.Adam(ae.parameters(), { lr: 0.05 });
  const loss = () => mseLoss(ae.forward(data), data);
  const before = loss().item();
  const g = new Generator(2);
  for (let i = 0; i < 60; i++) {
    opt.zeroGrad();
    mseLoss(ae.forward(corrupt(data, 'masking', 0.2, { generator: g })), data).backward();
    opt.step();
  }
  const after = loss().item();
  assert.ok(after < before / 3, `loss ${before} → ${after}`);
});

test('corrupt: Gaussian adds N(0, σ²); masking zeroes a fraction; salt-and-pepper sets 0 or 1', () => {
  const g = new Generator(3);
  const x = ones([20000]).mul(0.5);
  const gauss = [...corrupt(x, 'gaussian', 0.1, { generator: g }).data()];
  const mean = gauss.reduce((a, b) => a + b, 0) / gauss.length;
  const sd = Math.sqrt(gauss.reduce((a, b) => a + (b - mean) ** 2, 0) / gauss.length);
  assert.ok(Math.abs(mean - 0.5) < 0.005 && Math.abs(sd - 0.1) < 0.005, `mean ${mean}, sd ${sd}`);
  const masked = [...corrupt(x, 'masking', 0.3, { generator: g }).data()];
  const zeroed = masked.filter((v) => v === 0).length / masked.length;
  assert.ok(Math.abs(zeroed - 0.3) < 0.015 && masked.every((v) => v === 0 || v === 0.5), `zeroed ${zeroed}`);
  const sp = [...corrupt(x, 'saltAndPepper', 0.4, { generator: g }).data()];
  const salt = sp.filter((v) => v === 1).length / sp.length;
  const pepper = sp.filter((v) => v === 0).length / sp.length;
  assert.ok(Math.abs(salt - 0.2) < 0.015 && Math.abs(pepper - 0.2) < 0.015, `salt ${salt}, pepper ${pepper}`);
  assert.throws(() => corrupt(x, 'masking', 1.5), {
    name: 'ValueError',
    message: 'corrupt: the masking level (a probability) must be in [0, 1], got 1.5',
  });
});

test('klSparsityPenalty = β·Σⱼ KL(ρ ‖ ρ̂ⱼ) on the batch means', () => {
  // ρ̂ = [0.2, 0.5], ρ = 0.1, β = 2: 2·(KL(0.1‖0.2) + KL(0.1‖0.5)) = 2·(0.036690 + 0.368064)
  const h = tensor([
    [0.1, 0.5],
    [0.3, 0.5],
  ]);
  expectClose(klSparsityPenalty(h, 0.1, 2), [0.8095084424064953]);
  expectClose(klSparsityPenalty(tensor([[0.1], [0.1]]), 0.1), [0], { atol: 1e-6 });
  // d/dρ̂ KL = −ρ/ρ̂ + (1 − ρ)/(1 − ρ̂); each of the 2 rows gets half: at ρ̂ = 0.2, (−0.5 + 1.125)/2 = 0.3125
  const g = grad((a) => klSparsityPenalty(a, 0.1))(tensor([[0.1], [0.3]], { dtype: 'float64' }));
  expectClose(g, [[0.3125], [0.3125]], { rtol: 1e-5 });
});

test('gaussianKl equals the closed form Σᵢ ½(σᵢ² + μᵢ² − 1 − ln σᵢ²)', () => {
  // μ = [0.5, −1], σ² = [1, 2]: ½(1 + 0.25 − 1 − 0) + ½(2 + 1 − 1 − ln 2) = 0.125 + 0.653426
  const mu = tensor([[0.5, -1]]);
  const logVar = tensor([[0, Math.log(2)]]);
  expectClose(gaussianKl(mu, logVar), [0.7784264097200273]);
  // batch mean: the prior itself adds 0
  expectClose(
    gaussianKl(
      tensor([
        [0.5, -1],
        [0, 0],
      ]),
      tensor([
        [0, Math.log(2)],
        [0, 0],
      ]),
    ),
    [0.7784264097200273 / 2],
  );
});

test('VAE: reparameterized codes carry gradients to μ and logVar; the loss is BCE + KL; samples are pixels', () => {
  manualSeed(4);
  const vae = new VAE(6, 5, 2, { generator: new Generator(5) });
  const x = tensor([[1, 0, 1, 0, 1, 1]]);
  const out = vae.reconstruct(x);
  assert.deepEqual(out.z.shape, [1, 2]);
  const loss = vaeLoss(out, x);
  const bce = Array.from(out.logits.data()).reduce(
    (s, l, i) => s + Math.max(l, 0) - l * x.data()[i]! + Math.log1p(Math.exp(-Math.abs(l))),
    0,
  );
  expectClose([loss.item()], [bce + gaussianKl(out.mu, out.logVar).item()], { rtol: 1e-5 });
  loss.backward();
  assert.ok(vae.logVarHead.weight.grad && vae.muHead.weight.grad, 'gradients reach both heads');
  const samples = vae.sample(3);
  assert.deepEqual(samples.shape, [3, 6]);
  assert.ok([...samples.data()].every((v) => v > 0 && v < 1));
  assert.throws(() => gaussianKl(tensor([[0, 0]]), tensor([[0]])), {
    message: 'gaussianKl: mu and logVar must both be [batch, latent], got [1, 2] and [1, 1]',
  });
});

test('nearestNeighbors by Euclidean and cosine distance', () => {
  const codes = tensor([
    [0, 0],
    [1, 0],
    [5, 5],
    [0, 3],
  ]);
  const e = nearestNeighbors(codes, tensor([0.9, 0.1]), 2);
  assert.deepEqual(e.indices, [[1, 0]]);
  expectClose(e.distances[0]!, [Math.hypot(0.1, 0.1), Math.hypot(0.9, 0.1)]);
  // cosine: [4, 4] points along [5, 5] (distance 0); [0, 3] is at 45°: 1 − cos 45° = 0.292893
  const c = nearestNeighbors(codes, tensor([[4, 4]]), 2, { metric: 'cosine' });
  assert.deepEqual(c.indices, [[2, 1]]);
  expectClose(c.distances[0]!, [0, 1 - Math.SQRT1_2], { atol: 1e-6 });
  assert.throws(() => nearestNeighbors(codes, tensor([1, 2, 3]), 1), {
    message: 'nearestNeighbors: query must be [m, 2] or [2], got [3]',
  });
  assert.throws(() => nearestNeighbors(codes, tensor([1, 2]), 5), {
    message: 'nearestNeighbors: k must be an integer in [1, 4], got 5',
  });
});
