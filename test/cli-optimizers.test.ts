import assert from 'node:assert/strict';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli as run } from './cli-capture.js';

const dir = mkdtempSync(join(tmpdir(), 'nabla-cli-optimizers-'));

test('train logreg races L-BFGS and Adam: a table of 11 time checkpoints, both losses fall, a PNG', async () => {
  const plot = join(dir, 'loss.png');
  const r = await run(
    'train',
    'logreg',
    '--optimizers',
    'lbfgs,adam',
    '--limit',
    '200',
    '--test-limit',
    '100',
    '--seconds',
    '0.3',
    '--out',
    plot,
  );
  assert.equal(r.code, 0, r.err);
  const lines = r.out.split('\n');
  const titles = lines.findIndex((l) => /^\s+L-BFGS\s+Adam$/.test(l));
  assert.ok(titles >= 0, r.out);
  assert.match(lines[titles + 1]!, /^ seconds\s+loss\s+test acc\s+loss\s+test acc$/);
  const rows = lines.slice(titles + 2, titles + 13).map((l) => l.trim().split(/\s+/));
  assert.deepEqual(
    rows.map((row) => row[0]),
    ['0.00', '0.03', '0.06', '0.09', '0.12', '0.15', '0.18', '0.21', '0.24', '0.27', '0.30'],
  );
  const [first, last] = [rows[0]!, rows[10]!];
  // Both start from the same weights: the same loss and accuracy at 0 s.
  assert.equal(first[1], first[3]);
  assert.ok(Number(last[1]) < Number(first[1]), `L-BFGS loss did not fall:\n${r.out}`);
  assert.ok(Number(last[3]) < Number(first[3]), `Adam loss did not fall:\n${r.out}`);
  assert.match(
    r.out,
    /^L-BFGS: training loss [\d.]+, test accuracy [\d.]+% after [\d.]+ s \(\d+ iterations, \d+ full-batch evaluations\)/m,
  );
  assert.match(
    r.out,
    /^Adam: training loss [\d.]+, test accuracy [\d.]+% after [\d.]+ s \(\d+ steps, [\d.]+ epochs\)$/m,
  );
  assert.ok(existsSync(plot));
});

test('train logreg rejects an unknown optimizer with one usage line', async () => {
  const r = await run('train', 'logreg', '--optimizers', 'lbfgs,sgd');
  assert.equal(r.code, 2);
  assert.match(
    r.err,
    /^nabla train logreg: unknown optimizer 'sgd' in --optimizers \(available: lbfgs, adam, adam-full\)$/,
  );
});
