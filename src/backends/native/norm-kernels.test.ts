import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fallbackKernels } from '../fallback/index.js';
import { referenceBackend } from '../reference/index.js';
import { loadAddon } from './addon.js';
import { loadNativeBackend } from './index.js';
import { normKernels } from './norm-kernels.js';

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
  const kernels = normKernels(addon, fallback);
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

  // Planes of 300 walk channels in groups of 3, the last one short; planes of 7 take all 9 channels
  // in one group (NOTE(channel-groups) in native/batch-norm.cc).
  for (const [batch, channels, plane] of [
    [6, 20, 300],
    [5, 9, 7],
  ] as const) {
    test(`native batch-norm statistics, affine map and backward agree with the fallback kernels, on 1 and 2 threads: [${batch}, ${channels}, ${plane}]`, () => {
      const n = batch * channels * plane;
      const x = Float32Array.from(
        { length: n },
        (_, i) => Math.sin(i * 0.29) * 2 + (Math.floor(i / plane) % channels) * 0.1,
      );
      const dy = Float32Array.from({ length: n }, (_, i) => Math.cos(i * 0.13));
      const w = Float32Array.from({ length: channels }, (_, c) => 1 + Math.sin(c));
      const shift = Float32Array.from({ length: channels }, (_, c) => Math.cos(c));
      const want = { mean: new Float32Array(channels), variance: new Float32Array(channels) };
      fallback.batchNormStats(x, batch, channels, plane, want.mean, want.variance);
      const rstd = want.variance.map((v) => 1 / Math.sqrt(v + 1e-5));
      const wantOut = new Float32Array(n);
      fallback.channelAffine(x, batch, channels, plane, w, shift, undefined, -Infinity, Infinity, wantOut);
      // The epilogue of a residual block: + residual, then ReLU6's clamp.
      const wantClamped = new Float32Array(n);
      fallback.channelAffine(x, batch, channels, plane, w, shift, dy, 0, 6, wantClamped);
      const wantGrad = {
        dx: new Float32Array(n),
        dw: new Float32Array(channels),
        db: new Float32Array(channels),
      };
      fallback.batchNormBackward(
        x,
        dy,
        want.mean,
        rstd,
        w,
        null,
        batch,
        channels,
        plane,
        wantGrad.dx,
        wantGrad.dw,
        wantGrad.db,
      );
      // The same backward with the gradient gated by that clamp (dy zeroed where its output is 0 or 6).
      const gatedWant = {
        dx: new Float32Array(n),
        gated: new Float32Array(n),
        dw: new Float32Array(channels),
      };
      const wantGate = { y: wantClamped, lo: 0, hi: 6, gated: gatedWant.gated };
      fallback.batchNormBackward(
        x,
        dy,
        want.mean,
        rstd,
        w,
        wantGate,
        batch,
        channels,
        plane,
        gatedWant.dx,
        gatedWant.dw,
        null,
      );
      assert.ok(
        gatedWant.gated.some((v) => v === 0) && gatedWant.gated.some((v) => v !== 0),
        'the gate stops some of dy',
      );
      const defaultThreads = native.numThreads();
      for (const threads of [1, 2]) {
        native.setNumThreads(threads);
        const [mean, variance] = [new Float32Array(channels), new Float32Array(channels)];
        kernels.batchNormStats(x, batch, channels, plane, mean, variance);
        close(mean, want.mean, `mean (${threads} threads)`, 1e-6);
        close(variance, want.variance, 'variance', 1e-5);
        const out = new Float32Array(n);
        kernels.channelAffine(x, batch, channels, plane, w, shift, undefined, -Infinity, Infinity, out);
        close(out, wantOut, 'affine', 1e-6);
        const clamped = new Float32Array(n);
        kernels.channelAffine(x, batch, channels, plane, w, shift, dy, 0, 6, clamped);
        close(clamped, wantClamped, 'affine + residual, clamped', 1e-6);
        const dx = new Float32Array(n);
        const [dw, db] = [new Float32Array(channels).fill(7), new Float32Array(channels).fill(7)];
        kernels.batchNormBackward(x, dy, want.mean, rstd, w, null, batch, channels, plane, dx, dw, db);
        close(dx, wantGrad.dx, 'dx', 1e-4);
        close(dw, wantGrad.dw, 'dWeight (overwritten)', 1e-4);
        close(db, wantGrad.db, 'dBias (overwritten)', 1e-4);
        for (const receive of [true, false]) {
          const [gdx, gated, gdw] = [
            new Float32Array(n),
            new Float32Array(n).fill(7),
            new Float32Array(channels),
          ];
          const gate = { y: clamped, lo: 0, hi: 6, gated: receive ? gated : null };
          kernels.batchNormBackward(x, dy, want.mean, rstd, w, gate, batch, channels, plane, gdx, gdw, null);
          close(gdx, gatedWant.dx, `gated dx (gated dy ${receive ? 'received' : 'not asked for'})`, 1e-4);
          close(gdw, gatedWant.dw, 'gated dWeight', 1e-4);
          if (receive) assert.deepEqual(gated, gatedWant.gated, 'the gated dy');
        }
        // Without weight or gate, native against the fallback.
        const plain = (k: typeof kernels): Float32Array => {
          const dx = new Float32Array(n);
          k.batchNormBackward(x, dy, want.mean, rstd, null, null, batch, channels, plane, dx, null, null);
          return dx;
        };
        close(plain(kernels), plain(fallback), 'dx without weight', 1e-4);
      }
      native.setNumThreads(defaultThreads);
    });
  }

  test('the native normalization entries refuse arrays shorter than their shapes', () => {
    const f = (n: number) => new Float32Array(n);
    assert.throws(
      () => addon.layerNorm(f(6), 2, 3, f(2), null, 1e-5, f(6), f(2), f(2)),
      /layerNorm weight shorter than its shape/,
    );
    assert.throws(
      () => addon.layerNormBackward(f(6), f(6), f(2), f(1), null, 2, 3, f(6), null, null),
      /layerNormBackward rstd shorter than its shape/,
    );
    assert.throws(
      () => addon.batchNormStats(f(10), 2, 3, 2, f(3), f(3)),
      /batchNormStats x shorter than its shape/,
    );
    assert.throws(
      () => addon.channelAffine(f(12), 2, 3, 2, f(3), f(2), null, 0, 6, f(12)),
      /channelAffine shift shorter than its shape/,
    );
    assert.throws(
      () => addon.channelAffine(f(12), 2, 3, 2, f(3), f(3), f(11), 0, 6, f(12)),
      /channelAffine residual shorter than its shape/,
    );
    assert.throws(
      () =>
        addon.batchNormBackward(
          f(12),
          f(12),
          f(3),
          f(3),
          null,
          f(11),
          0,
          6,
          2,
          3,
          2,
          f(12),
          null,
          null,
          null,
        ),
      /batchNormBackward y shorter than its shape/,
    );
  });
} else {
  test('without the addon the normalization kernels are the fallback ones', () => {
    assert.equal(native, undefined);
  });
}
