import assert from 'node:assert/strict';
import { test } from 'node:test';
import { main } from '../src/cli/main.js';

/** Runs the CLI in this process and returns its exit code and what it printed. */
async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const [log, error] = [console.log, console.error];
  console.log = (...xs: unknown[]) => out.push(xs.join(' '));
  console.error = (...xs: unknown[]) => err.push(xs.join(' '));
  try {
    const code = await main(argv);
    return { code, out: out.join('\n'), err: err.join('\n') };
  } finally {
    console.log = log;
    console.error = error;
  }
}

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
});

test('train recursive rejects bad --leaves with one usage line', async () => {
  const r = await run('train', 'recursive', '--leaves', '5,2');
  assert.equal(r.code, 2);
  assert.match(r.err, /^nabla train recursive: --leaves must be min,max with 1 ≤ min ≤ max, got '5,2'$/);
});
