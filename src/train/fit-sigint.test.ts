import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadCheckpoint } from './checkpoint.js';
import { TinyLinear, TinyMomentum } from './test-fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'nabla-sigint-'));
const child = fileURLToPath(new URL('./test-sigint-child.ts', import.meta.url));

/**
 * Runs the child; when it prints `marker` it gets a SIGINT, and with `repeat` another every
 * 200 ms until it exits, as from a user pressing Ctrl-C again (two signals sent at once can
 * merge into one before the child sees them).
 */
function run(mode: string, path: string, marker: string, repeat = false) {
  return new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', child, mode, path], {
      env: { ...process.env, NABLA_NUM_THREADS: '1' },
    });
    let out = '';
    let timer: NodeJS.Timeout | undefined;
    let err = '';
    proc.stdout.on('data', (chunk: Buffer) => {
      out += chunk;
      if (timer || !out.includes(`${marker}\n`)) return;
      proc.kill('SIGINT');
      timer = setInterval(() => {
        if (repeat) proc.kill('SIGINT');
      }, 200);
    });
    proc.stderr.on('data', (chunk: Buffer) => {
      err += chunk;
    });
    proc.on('close', (code) => {
      clearInterval(timer);
      resolve({ code, out, err });
    });
  });
}

// Both children start now and run side by side (each takes a few seconds to load).
const once = run('once', join(dir, 'once.safetensors'), 'ready');
const stuck = run('stuck', join(dir, 'twice.safetensors'), 'stuck', true);

test('Ctrl-C: fitAsync finishes the step, writes the checkpoint, says where, and stops', async () => {
  const path = join(dir, 'once.safetensors');
  const { code, out, err } = await once;
  assert.equal(code, 130, err);
  const { interrupted, weights } = JSON.parse(out.split('\n').at(-2)!);
  assert.ok(interrupted.step >= 3, `stopped at step ${interrupted.step}`);
  assert.equal(interrupted.checkpoint, path);
  assert.match(
    err,
    new RegExp(
      `stopped by Ctrl-C at epoch \\d+/1000, batch \\d+ \\(step ${interrupted.step}\\): saved the run to ${path}`,
    ),
  );
  // The file holds the run as it stopped: the same step and the same weights.
  const model = new TinyLinear([[5]], [5]);
  const saved = loadCheckpoint(path, { model, optimizer: new TinyMomentum(model.parameters(), { lr: 1 }) });
  assert.equal(saved.step, interrupted.step);
  assert.deepEqual([...model.weight.data(), ...model.bias.data()], weights);
});

test('a second Ctrl-C exits at once, without waiting for the step', async () => {
  const path = join(dir, 'twice.safetensors');
  // The child waits 20 s for its fifth batch; a second Ctrl-C while it waits ends it with 130.
  const { code, out } = await stuck;
  assert.equal(code, 130);
  assert.equal(existsSync(path), false, 'no checkpoint: it left before the step ended');
  assert.doesNotMatch(out, /interrupted/);
});
