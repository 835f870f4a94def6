import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { readImage } from '../src/vision/image-io.js';
import { runCli as run } from './cli-capture.js';

const dir = mkdtempSync(join(tmpdir(), 'nabla-cli-inspect-'));

test('inspect writes a row of top patches per channel and digits above their saliency maps', async () => {
  const [patches, saliency] = [join(dir, 'patches.png'), join(dir, 'saliency.png')];
  const args = ['--model', join(dir, 'lenet.safetensors'), '--train-limit', '200', '--images', '100'];
  const r = await run(
    'inspect',
    ...args,
    '--channels',
    '3',
    '--k',
    '4',
    '--saliency-digits',
    '2',
    '--patches',
    patches,
    '--saliency',
    saliency,
  );
  assert.equal(r.code, 0, r.err);
  // LeNet-5's second conv sees 14×14 pixels: 5, then 6 after the pool, then 6 + 4·2.
  assert.match(
    r.out,
    /the 4 patches of 100 test digits that most activate channels 0–2 of layers.4 \(receptive field 14×14 pixels, stride 2\)/,
  );
  assert.equal(
    [...r.out.matchAll(/^channel \d: top activation [\d.]+; the patches come from digits( \d){4}$/gm)].length,
    3,
  );
  // 3 rows of 4 patches of 14 pixels with 2 between and around, ×3: [(3·16 + 2)·3, (4·16 + 2)·3].
  assert.deepEqual(readImage(patches, { channels: 1 }).shape, [1, 150, 198]);
  // 2 rows (digits, maps) of 2 images of 28 pixels: [(2·30 + 2)·3, (2·30 + 2)·3].
  assert.deepEqual(readImage(saliency, { channels: 1 }).shape, [1, 186, 186]);
  const bad = await run('inspect', ...args, '--layer', 'layers.8');
  assert.equal(bad.code, 1);
  assert.match(bad.err, /cannot trace through 'layers.6' \(Flatten\)/);
});
