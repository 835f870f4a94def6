import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, watch } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadSafetensors, saveSafetensors } from './safetensors.js';

const saver = fileURLToPath(new URL('./fixtures/save-forever.ts', import.meta.url));

/**
 * Starts the saver on `dir/model.safetensors`, and once it has said `saved 1`, SIGKILLs it at the
 * `nth` change the file system reports in `dir` (a file created, written or renamed): that is,
 * inside a save, at a different moment for each n, as a power cut or an OOM kill would.
 * Resolves with the last version the saver said it had saved.
 */
function killDuringSave(dir: string, nth: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', saver, join(dir, 'model.safetensors')], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    let changes = 0;
    const watcher = watch(dir, () => {
      if (out.includes('saved 1\n') && ++changes === nth) child.kill('SIGKILL');
    });
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk;
    });
    child.on('error', reject);
    child.on('close', (_code, signal) => {
      watcher.close();
      const last = Math.max(0, ...[...out.matchAll(/saved (\d+)\n/g)].map((m) => Number(m[1])));
      if (signal === 'SIGKILL') resolve(last);
      else reject(new Error(`the saver ended without being killed (${signal}): ${out}`));
    });
  });
}

test('a save killed at any moment leaves the previous or the new file whole, never a torn one', async () => {
  const root = mkdtempSync(join(tmpdir(), 'nabla-kill-save-'));
  const moments = [1, 2, 3, 4, 5, 6];
  const dirs = moments.map((n) => join(root, `kill-at-change-${n}`));
  for (const dir of dirs) mkdirSync(dir);
  const said = await Promise.all(moments.map((n, i) => killDuringSave(dirs[i]!, n)));
  for (const [i, dir] of dirs.entries()) {
    const { tensors, metadata } = loadSafetensors(join(dir, 'model.safetensors'));
    const version = Number(metadata.version);
    // The last save reported, or one that finished before the kill reached its print.
    assert.ok(
      version === said[i] || version === said[i]! + 1,
      `${dir}: version ${version} after 'saved ${said[i]}'`,
    );
    assert.ok(
      tensors.weights!.data.every((v) => v === version) && tensors.bias!.data.every((v) => v === version),
      `${dir}: a tensor holds another version than the header's ${version}`,
    );
  }
  // A killed save may leave its temporary file behind; the next save of the same target removes it.
  for (const dir of dirs) {
    saveSafetensors(join(dir, 'model.safetensors'), {
      b: { dtype: 'float32', shape: [1], data: new Float32Array([1]) },
    });
    assert.deepEqual(readdirSync(dir), ['model.safetensors']);
  }
});
