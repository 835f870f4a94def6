import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { modelToRaw, rand, saveSafetensors } from '../src/index.js';
import { vgg16 } from '../src/models/vgg.js';
import { readImage, writeImage } from '../src/vision/image-io.js';
import { runCli as run } from './cli-capture.js';

const dir = mkdtempSync(join(tmpdir(), 'nabla-cli-style-'));
const content = join(dir, 'content.png');
const style = join(dir, 'style.png');
writeImage(content, rand([3, 12, 20]));
writeImage(style, rand([3, 16, 16]));

test('style-transfer on random features prints the cost curve and writes the result at the content size', async () => {
  const out = join(dir, 'result.png');
  const r = await run('style-transfer', content, style, '--size', '20', '--steps', '2', '--out', out);
  assert.equal(r.code, 0, r.err);
  assert.match(
    r.out,
    /with random multi-scale features \(seed 0\): content layers.8, style layers.0, layers.2, layers.5, layers.8, layers.11/,
  );
  const costs = [
    ...r.out.matchAll(/step (\d): content cost ([\d.e-]+), style cost ([\d.e-]+), total ([\d.e-]+)/g),
  ];
  assert.deepEqual(
    costs.map((m) => m[1]),
    ['1', '2'],
  );
  // The content image is 20×12 (longest side 20 already).
  assert.deepEqual(readImage(out).shape, [3, 12, 20]);
});

test('style-transfer reads VGG-16 weights in torchvision names with --weights', async () => {
  const vgg = vgg16({ init: false });
  const weights = join(dir, 'vgg16.safetensors');
  // torchvision's names: features.0.weight, … (nabla's Sequential says features.layers.0.weight).
  const raw = modelToRaw(vgg.features);
  saveSafetensors(
    weights,
    Object.fromEntries(Object.entries(raw).map(([k, v]) => [k.replace('layers.', 'features.'), v])),
  );
  const r = await run(
    'style-transfer',
    content,
    style,
    '--size',
    '32',
    '--steps',
    '1',
    '--weights',
    weights,
    '--out',
    join(dir, 'vgg.png'),
  );
  assert.equal(r.code, 0, r.err);
  assert.match(
    r.out,
    /with VGG-16 from .*vgg16.safetensors: content features.layers.22, style features.layers.1, features.layers.6, features.layers.11, features.layers.18, features.layers.25/,
  );
});

test('style-transfer names what is wrong in one line', async () => {
  const one = await run('style-transfer', content);
  assert.equal(one.code, 2);
  assert.match(one.err, /give a content and a style image, or neither; got 1/);
  const missing = await run('style-transfer', content, join(dir, 'nope.png'));
  assert.match(missing.err, /no file at '.*nope.png'/);
  const weights = await run('style-transfer', content, style, '--weights', join(dir, 'none.safetensors'));
  assert.match(weights.err, /--weights: no file at/);
});
