import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { main } from '../src/cli/main.js';
import { cliProcessArgs } from './cli-capture.js';

const dir = mkdtempSync(join(tmpdir(), 'nabla-cli-interrupt-'));
const args = ['train', 'mlp', '--limit', '300', '--batch-size', '16', '--hidden', '8'];

test('Ctrl-C during `nabla train`: the step ends, the run is saved, the command to resume is printed, exit 130', async () => {
  const out = join(dir, 'mlp.safetensors');
  const checkpoint = join(dir, 'mlp.checkpoint.safetensors');
  const child = spawn(process.execPath, cliProcessArgs(...args, '--epochs', '1000', '--out', out), {
    env: { ...process.env, NABLA_NUM_THREADS: '1' },
  });
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk;
    // The first epoch's line is out: training is under way.
    if (stdout.includes('Epoch 2/1000') && !child.killed) child.kill('SIGINT');
  });
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  assert.equal(code, 130, stdout);
  assert.match(stdout, /stopped by Ctrl-C at epoch \d+\/1000, batch \d+ \(step \d+\)/);
  assert.ok(stdout.includes(`saved the run to ${checkpoint}\n`), stdout);
  const command = `nabla train mlp --limit 300 --batch-size 16 --hidden 8 --epochs 1000 --out ${out} --resume ${checkpoint}`;
  assert.ok(stdout.includes(`to resume: ${command}\n`), stdout);
  assert.equal(existsSync(out), false, 'no model: training did not finish');
  assert.ok(existsSync(checkpoint));

  // Resuming (with fewer epochs, to finish now) continues from the checkpoint and saves the model.
  const log = console.log;
  const write = process.stdout.write;
  const lines: string[] = [];
  console.log = (...xs: unknown[]) => void lines.push(xs.join(' '));
  process.stdout.write = ((chunk: string) => lines.push(String(chunk)) > 0) as typeof process.stdout.write;
  let resumed: number;
  try {
    resumed = await main([...args, '--epochs', '4', '--out', out, '--resume', checkpoint]);
  } finally {
    console.log = log;
    process.stdout.write = write;
  }
  const text = lines.join('\n');
  assert.equal(resumed, 0, text);
  assert.ok(text.includes(`resuming the run saved in ${checkpoint}`));
  assert.doesNotMatch(text, /Epoch 1\/4/, 'the finished epochs are not run again');
  assert.match(text, /test accuracy \d+\.\d+%/);
  assert.ok(existsSync(out));
  assert.equal(await main([...args, '--resume', join(dir, 'missing.safetensors')]), 2);
});
