import assert from 'node:assert/strict';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { readImage } from '../src/vision/image-io.js';
import { runCli as run } from './cli-capture.js';

const dir = mkdtempSync(join(tmpdir(), 'nabla-cli-dream-'));

test('dream trains a LeNet-5 when the model file is missing, raises the objective per octave, writes start | dream', async () => {
  const model = join(dir, 'lenet.safetensors');
  const out = join(dir, 'dream.png');
  const args = ['--model', model, '--train-limit', '200', '--size', '40', '--steps', '3', '--octaves', '2'];
  const r = await run('dream', ...args, '--out', out);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /trained LeNet-5 for one epoch on 200 digits/);
  const octaves = [...r.out.matchAll(/octave (\d): objective ([\d.]+) → ([\d.]+)/g)];
  assert.deepEqual(
    octaves.map((m) => m[1]),
    ['1', '2'],
  );
  for (const m of octaves) assert.ok(Number(m[3]) > Number(m[2]), r.out);
  // Two 40×40 images side by side with 2 pixels around and between: 3 × 44 … [1, 44, 86]
  assert.deepEqual(readImage(out, { channels: 1 }).shape, [1, 44, 86]);
  assert.ok(existsSync(model));
  // The second run loads the saved model and dreams from noise on one channel.
  const again = await run('dream', ...args, '--noise', '--channel', '3', '--out', join(dir, 'noise.png'));
  assert.equal(again.code, 0, again.err);
  assert.doesNotMatch(again.out, /trained LeNet-5/);
  assert.match(again.out, /dreaming on gray noise at 40×40: amplifying mean\(a²\) of layers.4 channel 3/);
});

test('dream names a missing layer in one error line', async () => {
  const model = join(dir, 'lenet.safetensors');
  const r = await run(
    'dream',
    '--model',
    model,
    '--train-limit',
    '200',
    '--layer',
    'layers.99',
    '--steps',
    '1',
  );
  assert.equal(r.code, 1);
  assert.match(r.err, /^nabla dream: deepDream: the model has no layer 'layers.99'/);
});
