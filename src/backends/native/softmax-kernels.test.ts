import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fallbackKernels } from '../fallback/index.js';
import { referenceBackend } from '../reference/index.js';
import { loadAddon } from './addon.js';
import { loadNativeBackend } from './index.js';
import { softmaxKernels } from './softmax-kernels.js';

const addon = loadAddon().addon;
const native = loadNativeBackend().backend;
const fallback = fallbackKernels(referenceBackend.kernels);

if (addon && native) {
  const kernels = softmaxKernels(addon, fallback);
  test('native softmax and its backward agree with the fallback kernels over many rows, on 1 and 2 threads', () => {
    const [rows, size] = [700, 96]; // 67,200 elements: both threads get rows
    const x = Float32Array.from({ length: rows * size }, (_, i) => Math.sin(i * 0.37) * 6);
    x.set([Number.NaN], 5 * size + 3); // a NaN spreads over its own row only
    const dy = Float32Array.from({ length: rows * size }, (_, i) => Math.cos(i * 0.11));
    const want = new Float32Array(rows * size);
    const wantDx = new Float32Array(rows * size);
    fallback.softmax(x, rows, size, 1, want);
    fallback.softmaxBackward(want, dy, rows, size, 1, wantDx);
    const defaultThreads = native.numThreads();
    for (const threads of [1, 2]) {
      native.setNumThreads(threads);
      const y = new Float32Array(rows * size);
      const dx = new Float32Array(rows * size);
      kernels.softmax(x, rows, size, 1, y);
      kernels.softmaxBackward(want, dy, rows, size, 1, dx);
      for (let i = 0; i < y.length; i++) {
        const row = Math.floor(i / size);
        if (row === 5) {
          assert.ok(Number.isNaN(y[i]!), `row 5 is NaN at ${i}`);
          continue;
        }
        assert.ok(Math.abs(y[i]! - want[i]!) <= 1e-6 * want[i]! + 1e-12, `y[${i}] ${y[i]} vs ${want[i]}`);
        assert.ok(
          Math.abs(dx[i]! - wantDx[i]!) <= 1e-5 * Math.abs(wantDx[i]!) + 1e-7,
          `dx[${i}] ${dx[i]} vs ${wantDx[i]}`,
        );
      }
      assert.ok(
        Number.isFinite(y[4 * size]!) && Number.isFinite(y[6 * size]!),
        'neighbouring rows stay finite',
      );
    }
    native.setNumThreads(defaultThreads);
  });

  test('native causal softmax and its backward agree with the fallback kernels, on 1 and 2 threads', () => {
    // 24 matrices of 40 queries × 37 keys (rows past the keys see all of them), a NaN in row 3.
    const [batch, queries, keys] = [24, 40, 37];
    const n = batch * queries * keys;
    const x = Float32Array.from({ length: n }, (_, i) => Math.sin(i * 0.37) * 6);
    x[3 * keys + 2] = Number.NaN;
    const dy = Float32Array.from({ length: n }, (_, i) => Math.cos(i * 0.11));
    const want = new Float32Array(n);
    const wantDx = new Float32Array(n);
    fallback.causalSoftmax(x, batch, queries, keys, 0.3, want);
    fallback.causalSoftmaxBackward(want, dy, batch, queries, keys, 0.3, wantDx);
    const defaultThreads = native.numThreads();
    for (const threads of [1, 2]) {
      native.setNumThreads(threads);
      const y = new Float32Array(n).fill(7);
      const dx = new Float32Array(n).fill(7);
      kernels.causalSoftmax(x, batch, queries, keys, 0.3, y);
      kernels.causalSoftmaxBackward(want, dy, batch, queries, keys, 0.3, dx);
      for (let i = 0; i < n; i++) {
        if (Number.isNaN(want[i]!)) {
          assert.ok(Number.isNaN(y[i]!), `y[${i}] is NaN`);
          continue;
        }
        assert.ok(Math.abs(y[i]! - want[i]!) <= 1e-6 * want[i]! + 1e-12, `y[${i}] ${y[i]} vs ${want[i]}`);
        if (Number.isNaN(wantDx[i]!)) continue;
        assert.ok(
          Math.abs(dx[i]! - wantDx[i]!) <= 1e-5 * Math.abs(wantDx[i]!) + 1e-7,
          `dx[${i}] ${dx[i]} vs ${wantDx[i]}`,
        );
      }
      // Row 3 sees keys 0..3, the NaN among them; the keys after it are 0.
      assert.ok(Number.isNaN(y[3 * keys]!) && y[3 * keys + 4] === 0 && y[2 * keys + 1]! > 0);
    }
    native.setNumThreads(defaultThreads);
  });

  test('the native softmax entries refuse arrays shorter than rows × size', () => {
    assert.throws(
      () => addon.causalSoftmax(new Float32Array(11), 2, 2, 3, 1, new Float32Array(12)),
      /causalSoftmax x shorter than its shape/,
    );
    assert.throws(
      () =>
        addon.causalSoftmaxBackward(
          new Float32Array(12),
          new Float32Array(12),
          2,
          2,
          3,
          1,
          new Float32Array(6),
        ),
      /causalSoftmaxBackward dx shorter than its shape/,
    );
    assert.throws(
      () => addon.softmax(new Float32Array(5), 2, 3, new Float32Array(6)),
      /softmax x shorter than its shape/,
    );
    assert.throws(
      () => addon.softmaxBackward(new Float32Array(6), new Float32Array(6), 2, 3, new Float32Array(4)),
      /softmaxBackward dx shorter than its shape/,
    );
  });
} else {
  test('without the addon the softmax kernels are the fallback ones', () => {
    assert.equal(native, undefined);
  });
}
