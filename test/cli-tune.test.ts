import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { main } from '../src/cli/main.js';

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const log = console.log;
  const error = console.error;
  console.log = (...xs: unknown[]) => out.push(xs.join(' '));
  console.error = (...xs: unknown[]) => err.push(xs.join(' '));
  try {
    return { code: await main(argv), out: out.join('\n'), err: err.join('\n') };
  } finally {
    console.log = log;
    console.error = error;
  }
}

test('tune mlp: trials in two worker processes, a table sorted by dev accuracy, the best config; a rerun resumes', async () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'nabla-tune-')), 'search');
  const args = [
    'tune',
    'mlp',
    '--trials',
    '3',
    '--epochs',
    '1',
    '--limit',
    '600',
    '--parallel',
    '2',
    '--dir',
    dir,
  ];
  const first = await run(...args);
  assert.equal(first.code, 0, first.err);
  assert.match(
    first.out,
    /random search over the MNIST MLP, 3 trials of 1 epochs on 600 digits \(dev set 50\), 2 at a time/,
  );
  assert.match(first.out, /^rank {2}trial {2}status {2}valAccuracy +lr {2}batchSize {2}hidden/m);
  // Trial 0 is the default config: lr 1e-3, batch 128, hidden 512.
  assert.match(first.out, /^ +\d +0 +done +[\d.]+ +1\.00e-3 +128 +512 /m);
  const best = JSON.parse(first.out.trim().split('\n').at(-1)!) as Record<string, number>;
  assert.deepEqual(Object.keys(best), [
    'lr',
    'batchSize',
    'hidden',
    'l2',
    'dropout',
    'beta1',
    'epochs',
    'limit',
  ]);
  assert.deepEqual(JSON.parse(readFileSync(join(dir, 'best.json'), 'utf8')), best);
  for (const id of [0, 1, 2]) assert.ok(existsSync(join(dir, 'trials', `${id}.json`)));
  const saved = JSON.parse(readFileSync(join(dir, 'trials', '0.json'), 'utf8'));
  assert.equal(saved.history.length, 1);
  assert.ok(saved.metrics.valAccuracy > 0.3, `default config dev accuracy ${saved.metrics.valAccuracy}`);

  // Everything is saved, so a rerun trains nothing and prints the same best.
  const again = await run(...args);
  assert.equal(again.code, 0, again.err);
  assert.match(again.out, /resuming the search in .* \(3 trials saved\)/);
  assert.doesNotMatch(again.out, /^trial \d/m);
  assert.equal(again.out.trim().split('\n').at(-1), first.out.trim().split('\n').at(-1));

  const bad = await run('tune', 'mlp', '--strategy', 'grid');
  assert.equal(bad.code, 2);
  assert.match(bad.err, /--strategy must be random or coarse-to-fine, got 'grid'/);
});
