import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadWeights } from '../src/index.js';
import { RecursiveNet } from '../src/models/recursive-net.js';
import { runCli as run } from './cli-capture.js';

const dir = mkdtempSync(join(tmpdir(), 'nabla-cli-recursive-'));
const out = join(dir, 'parity.safetensors');

test('train recursive reports the training loss and held-out accuracy per epoch', async () => {
  const r = await run(
    'train',
    'recursive',
    '--trees',
    '300',
    '--epochs',
    '2',
    '--hidden',
    '8',
    '--leaves',
    '2,4',
    '--out',
    out,
  );
  assert.equal(r.code, 0, r.err);
  assert.match(
    r.out,
    /hidden 8, 234 parameters\) on the parity of the digit sum of 300 balanced trees of 2–4 digits; held out: \d+ trees not in training/,
  );
  const epochs = [...r.out.matchAll(/^epoch (\d): training loss ([\d.]+), held-out accuracy ([\d.]+)%/gm)];
  assert.deepEqual(
    epochs.map((m) => m[1]),
    ['1', '2'],
  );
  for (const m of epochs) assert.ok(Number(m[3]) >= 0 && Number(m[3]) <= 100);
  // The trained weights are saved where --out says, and load into the same network.
  assert.match(r.out, new RegExp(`saved the weights to ${out}`));
  loadWeights(out, new RecursiveNet({ vocabSize: 10, hidden: 8, numClasses: 2 }));
});

test('train recursive rejects bad --leaves with one usage line', async () => {
  const r = await run('train', 'recursive', '--leaves', '5,2');
  assert.equal(r.code, 2);
  assert.match(r.err, /^nabla train recursive: --leaves must be min,max with 1 ≤ min ≤ max, got '5,2'$/);
});
