import assert from 'node:assert/strict';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli as run } from './cli-capture.js';

const dir = mkdtempSync(join(tmpdir(), 'nabla-cli-generative-'));

test('train autoencoder (vae, 2-D codes) reports held-out reconstruction error and writes both PNGs', async () => {
  const out = join(dir, 'vae.png');
  const r = await run(
    'train',
    'autoencoder',
    '--kind',
    'vae',
    '--limit',
    '300',
    '--epochs',
    '1',
    '--out',
    out,
  );
  assert.equal(r.code, 0, r.err);
  assert.match(
    r.out,
    /test reconstruction error on 100 held-out digits: mean squared error [\d.]+ per pixel/,
  );
  assert.match(r.out, /retrieval on the 2-d codes: [\d.]+% of the 10 nearest/);
  assert.ok(existsSync(out) && existsSync(join(dir, 'vae-codes.png')));
});

test('train dbn compares pretrained and random initialisations, dreams digits per label and scores them', async () => {
  const out = join(dir, 'dbn.png');
  const r = await run(
    'train',
    'dbn',
    '--limit',
    '300',
    '--labels',
    '100',
    '--hidden',
    '32',
    '--pretrain-epochs',
    '1',
    '--finetune-epochs',
    '1',
    '--no-sda',
    '--top-hidden',
    '24',
    '--top-epochs',
    '2',
    '--gibbs',
    '5',
    '--classifier',
    join(dir, 'lenet-dbn.safetensors'),
    '--out',
    out,
  );
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /test accuracy with random initialisation: [\d.]+% on 100 digits \(100 labels\)/);
  assert.match(r.out, /test accuracy with DBN \(stacked RBMs\) pretraining: [\d.]+%/);
  assert.match(r.out, /top-level RBM \(32 features \+ 10 label units, 24 hidden\)/);
  assert.match(r.out, /epoch 2\/2: [\d.]+\n/);
  assert.match(r.out, /the top RBM as a classifier, .*: test accuracy [\d.]+%/);
  assert.match(r.out, /trained the scoring LeNet-5/);
  assert.match(r.out, /dreaming 1,000 digits \(100 per label\)/);
  assert.match(
    r.out,
    /after 5 steps: LeNet-5 reads the clamped digit in [\d.]+% \(per digit 0–9: (\d+% ){9}\d+%\); class coverage \d+\/10, mean confidence [\d.]+, LeNet-FID [\d.]+/,
  );
  assert.doesNotMatch(r.out, /after 10 steps/);
  assert.match(r.out, /wrote 10 dreams of each digit after 5 steps/);
  assert.ok(existsSync(out));
});

test('train gan writes a sample grid per epoch and LeNet scores', async () => {
  const prefix = join(dir, 'gan');
  const r = await run(
    'train',
    'gan',
    '--limit',
    '128',
    '--epochs',
    '1',
    '--width',
    '8',
    '--truncation',
    '1.5',
    '--no-refine',
    '--classifier',
    join(dir, 'lenet.safetensors'),
    '--out',
    prefix,
  );
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /trained the scoring LeNet-5/);
  // without the refining convolution: linear 64·392 = 25,088, batch norms 16 + 8, transposed
  // convolutions 8·4·16 = 512 and 4·16 + 1 = 65
  assert.match(r.out, /generator 25,689, discriminator 2,821 parameters/);
  assert.match(r.out, /Adam lr 0.0004 β₁ 0.5, batch 64, 1 epochs/);
  assert.match(r.out, /generator weights averaged with decay 0.999/);
  assert.match(r.out, /averaged generator, noise truncated at 1.5: class coverage \d+\/10/);
  assert.match(
    r.out,
    /[\d.]+ between the two halves of the real test set; mean confidence on the real test digits [\d.]+\)/,
  );
  assert.match(r.out, /averaged generator, full noise: class coverage \d+\/10 .*LeNet-FID [\d.]+/);
  assert.match(r.out, /last iterate \(running statistics, full noise\): class coverage \d+\/10/);
  assert.match(r.out, /noise truncated at 1.5, a second set \(other noise\): class coverage \d+\/10/);
  assert.ok(existsSync(`${prefix}-epoch-1.png`));
});

test('train gan with an InfoGAN code and another learning rate (the refining convolution is on by default)', async () => {
  const prefix = join(dir, 'infogan');
  const r = await run(
    'train',
    'gan',
    '--limit',
    '128',
    '--epochs',
    '1',
    '--width',
    '8',
    '--codes',
    '3',
    '--lr',
    '1e-3',
    '--classifier',
    join(dir, 'lenet.safetensors'),
    '--out',
    prefix,
  );
  assert.equal(r.code, 0, r.err);
  // generator: linear 67·392 = 26,264, the refining convolution 8·8·9 + 2·8 = 592, batch norms 16 + 8,
  // transposed convolutions 8·4·16 = 512 and 4·16 + 1 = 65: 27,457; the discriminator's code head adds 3·144 + 3 = 435 to 2,821
  assert.match(r.out, /generator 27,457, discriminator 3,256 parameters/);
  assert.match(r.out, /Adam lr 0.001 β₁ 0.5/);
  assert.match(r.out, /an InfoGAN code of 3 categories \(λ 1, no labels\)/);
  assert.match(r.out, /the best 1,000 of 2,000 by the discriminator: class coverage \d+\/10/);
  assert.doesNotMatch(r.out, /reads the requested digit/);
  assert.ok(existsSync(`${prefix}-epoch-1.png`));
});

test('the generative commands reject bad options with one usage line', async () => {
  const r = await run('train', 'autoencoder', '--kind', 'gan');
  assert.equal(r.code, 2);
  assert.match(
    r.err,
    /^nabla train autoencoder: --kind must be one of dense, conv, denoising, sparse, vae, got 'gan'$/,
  );
  const g = await run('train', 'gan', '--width', '7');
  assert.equal(g.code, 2);
  assert.match(g.err, /--width must be even/);
  const e = await run('train', 'gan', '--ema', '1');
  assert.equal(e.code, 2);
  assert.match(e.err, /^nabla train gan: --ema must be below 1, got 1$/);
  const t = await run('train', 'gan', '--truncation', '0.05');
  assert.equal(t.code, 2);
  assert.match(t.err, /^nabla train gan: --truncation must be ≥ 0.1, got 0.05$/);
  const c = await run('train', 'gan', '--codes', '1');
  assert.equal(c.code, 2);
  assert.match(c.err, /^nabla train gan: --codes must be 0 \(none\) or ≥ 2, got 1$/);
  const lr = await run('train', 'gan', '--lr', '0');
  assert.equal(lr.code, 2);
  assert.match(lr.err, /^nabla train gan: --lr must be a positive number, got '0'$/);
  const cc = await run('train', 'gan', '--codes', '10', '--conditional');
  assert.equal(cc.code, 2);
  assert.match(cc.err, /^nabla train gan: --codes is for the unconditional model; drop it or --conditional$/);
});
