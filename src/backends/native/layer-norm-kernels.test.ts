import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fallbackKernels } from '../fallback/index.js';
import { referenceBackend } from '../reference/index.js';
import { loadAddon } from './addon.js';
import { loadNativeBackend } from './index.js';
import { layerNormKernels } from './layer-norm-kernels.js';

const addon = loadAddon().addon;
const native = loadNativeBackend().backend;
const fallback = fallbackKernels(referenceBackend.kernels);

function close(got: Float32Array, want: Float32Array, what: string, tolerance: number): void {
  for (let i = 0; i < want.length; i++) {
    assert.ok(
      Math.abs(got[i]! - want[i]!) <= tolerance * (1 + Math.abs(want[i]!)),
      `${what}[${i}]: ${got[i]} vs ${want[i]}`,
    );
  }
}

if (addon && native) {
  const kernels = layerNormKernels(addon, fallback);
  test('native layer norm and its backward agree with the fallback kernels over many rows, on 1 and 2 threads', () => {
    const [rows, size] = [600, 96];
    const n = rows * size;
    const x = Float32Array.from({ length: n }, (_, i) => Math.sin(i * 0.37) * 3 + (i % size) * 0.01);
    const dy = Float32Array.from({ length: n }, (_, i) => Math.cos(i * 0.11));
    const w = Float32Array.from({ length: size }, (_, j) => 1 + Math.sin(j));
    const b = Float32Array.from({ length: size }, (_, j) => Math.cos(j));
    const want = { out: new Float32Array(n), mean: new Float32Array(rows), rstd: new Float32Array(rows) };
    fallback.layerNorm(x, rows, size, w, b, 1e-5, want.out, want.mean, want.rstd);
    const wantGrad = { dx: new Float32Array(n), dw: new Float32Array(size), db: new Float32Array(size) };
    fallback.layerNormBackward(
      x,
      dy,
      want.mean,
      want.rstd,
      w,
      rows,
      size,
      wantGrad.dx,
      wantGrad.dw,
      wantGrad.db,
    );
    const defaultThreads = native.numThreads();
    for (const threads of [1, 2]) {
      native.setNumThreads(threads);
      for (const [weight, bias] of [
        [w, b],
        [null, null],
      ] as const) {
        const out = new Float32Array(n);
        const [mean, rstd] = [new Float32Array(rows), new Float32Array(rows)];
        kernels.layerNorm(x, rows, size, weight, bias, 1e-5, out, mean, rstd);
        const expected = new Float32Array(n);
        fallback.layerNorm(
          x,
          rows,
          size,
          weight,
          bias,
          1e-5,
          expected,
          new Float32Array(rows),
          new Float32Array(rows),
        );
        close(out, expected, `out (${threads} threads, weight ${weight !== null})`, 1e-5);
        close(mean, want.mean, 'mean', 1e-6);
        close(rstd, want.rstd, 'rstd', 1e-6);
      }
      const dx = new Float32Array(n);
      const [dw, db] = [new Float32Array(size).fill(7), new Float32Array(size).fill(7)];
      kernels.layerNormBackward(x, dy, want.mean, want.rstd, w, rows, size, dx, dw, db);
      close(dx, wantGrad.dx, `dx (${threads} threads)`, 1e-4);
      close(dw, wantGrad.dw, 'dWeight (overwritten)', 1e-4);
      close(db, wantGrad.db, 'dBias (overwritten)', 1e-4);
    }
    native.setNumThreads(defaultThreads);
  });

  test('the native layer-norm entries refuse arrays shorter than their shapes', () => {
    const f = (n: number) => new Float32Array(n);
    assert.throws(
      () => addon.layerNorm(f(6), 2, 3, f(2), null, 1e-5, f(6), f(2), f(2)),
      /layerNorm weight shorter than its shape/,
    );
    assert.throws(
      () => addon.layerNormBackward(f(6), f(6), f(2), f(1), null, 2, 3, f(6), null, null),
      /layerNormBackward rstd shorter than its shape/,
    );
  });
} else {
  test('without the addon the layer-norm kernels are the fallback ones', () => {
    assert.equal(native, undefined);
  });
}
