import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadMnistRaw } from '../src/data/mnist.js';
import { encodeGrayPng } from '../src/io/image.js';
import { runCli as run } from './cli-capture.js';

const dir = mkdtempSync(join(tmpdir(), 'nabla-cli-'));

test('train mlp on a slice of MNIST learns, saves a model that eval and predict load', async () => {
  const model = join(dir, 'mlp.safetensors');
  const trained = await run(
    'train',
    'mlp',
    '--epochs',
    '2',
    '--limit',
    '1200',
    '--hidden',
    '64',
    '--out',
    model,
    '--seed',
    '3',
  );
  assert.equal(trained.code, 0, trained.err);
  assert.match(trained.out, /training an MLP 784-64-10 \(50,890 parameters\) on 1,100 MNIST digits/);
  const accuracy = Number(/test accuracy ([\d.]+)%/.exec(trained.out)![1]);
  // 2 epochs on 1,100 digits reach ~70%: far above the 10% of guessing.
  assert.ok(accuracy > 50, `test accuracy ${accuracy}%`);
  assert.ok(existsSync(model));

  const evaluated = await run('eval', model, '--limit', '200');
  assert.equal(evaluated.code, 0, evaluated.err);
  assert.match(evaluated.out, /^mlp: test accuracy [\d.]+% \(loss [\d.]+\) on 200 digits$/);

  const raw = loadMnistRaw('test');
  const image = join(dir, 'digit.png');
  writeFileSync(image, encodeGrayPng({ width: 28, height: 28, data: raw.images.subarray(0, 784) }));
  const predicted = await run('predict', model, image);
  assert.equal(predicted.code, 0, predicted.err);
  assert.match(predicted.out, /digit\.png: \d \([\d.]+%\)/);
});

test('train lenet trains the CNN on images and its model file evaluates', async () => {
  const model = join(dir, 'lenet.safetensors');
  const trained = await run('train', 'lenet', '--epochs', '1', '--limit', '600', '--out', model);
  assert.equal(trained.code, 0, trained.err);
  assert.match(trained.out, /training LeNet-5 \(61,706 parameters\) on 550 MNIST digits/);
  const evaluated = await run('eval', model, '--limit', '100');
  assert.equal(evaluated.code, 0, evaluated.err);
  assert.match(evaluated.out, /^lenet: test accuracy/);
});

test('usage errors print one line and exit 2', async () => {
  const cases: [string[], RegExp][] = [
    [['train'], /^nabla train: name the model to train/],
    [
      ['train', 'resnet'],
      /^nabla train: unknown model 'resnet'(; did you mean \w+\?)? \(available: mlp, lenet, char-lstm, char-transformer, seq2seq, .+\)$/,
    ],
    [['train', 'lenet', '--hidden', '10'], /^nabla train: --hidden and --dropout apply to mlp only$/],
    [['train', 'mlp', '--epochs', '0'], /^nabla train: --epochs must be a positive integer, got '0'$/],
    [['train', 'mlp', '--optimizer', 'lion'], /^nabla train: unknown optimizer 'lion'/],
    [
      ['train', 'mlp', '--bogus', '1'],
      /^nabla train: unknown option '--bogus' \(--help lists the options\)$/,
    ],
    [['eval'], /^nabla eval: expected one model file, got 0/],
    [['frobnicate'], /^nabla: unknown command 'frobnicate'/],
  ];
  for (const [argv, message] of cases) {
    const r = await run(...argv);
    assert.equal(r.code, 2, argv.join(' '));
    assert.match(r.err, message);
    assert.equal(r.err.split('\n').length, 1);
  }
});

test('a corrupt or foreign model file fails with one line naming the file, exit 1', async () => {
  const corrupt = join(dir, 'corrupt.safetensors');
  writeFileSync(corrupt, Buffer.from([1, 2, 3]));
  const r = await run('eval', corrupt);
  assert.equal(r.code, 1);
  assert.match(r.err, /corrupt\.safetensors/);
  assert.equal(r.err.split('\n').length, 1);
});

test('gradcheck prints the per-parameter table and passes', async () => {
  const r = await run('gradcheck');
  assert.equal(r.code, 0);
  assert.match(r.out, /layers\.0\.weight\s+20\s+[\d.e-]+\s+[\d.e-]+\s+fine/);
  assert.match(r.out, /relative error [\d.e-]+: fine/);
});

test('info names the version and the active backend', async () => {
  const r = await run('info');
  assert.equal(r.code, 0);
  assert.match(r.out, /^nabla \d+\.\d+\.\d+/);
  assert.match(r.out, /backend (reference|wasm|native) \(available: reference/);
});
