import assert from 'node:assert/strict';
import { test } from 'node:test';
import { referenceBackend } from '../reference/index.js';
import type { ConvShape, WindowGeometry } from '../types.js';
import { nativeTestSetup } from './native-test-setup.js';

// The complete reference table: its core kernels and the fallbacks for the optional ones.
const referenceKernels = referenceBackend.kernels;

const setup = nativeTestSetup();

// The whole-batch convolution kernels and the max-pooling fast paths of the native backend,
// against the reference kernels: every ISA the CPU has (avx2 takes the direct path where the
// shape allows it, portable always the im2col + GEMM path) on one and two threads.

function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 31 - 1; // uniform in [-1, 1)
  };
}

function filled(length: number, seed: number): Float32Array {
  const next = random(seed);
  return Float32Array.from({ length }, next);
}

const size = (xs: readonly number[]): number => xs.reduce((a, b) => a * b, 1);

/** A window with the same padding on both sides: out = ⌊(in + 2p − d(k−1) − 1)/s⌋ + 1. */
function win(
  inSize: number[],
  k: number[],
  stride?: number[],
  padding?: number[],
  dilation?: number[],
): WindowGeometry {
  const s = stride ?? inSize.map(() => 1);
  const p = padding ?? inSize.map(() => 0);
  const d = dilation ?? inSize.map(() => 1);
  const outSize = inSize.map((n, i) => Math.floor((n + 2 * p[i]! - d[i]! * (k[i]! - 1) - 1) / s[i]!) + 1);
  return { inSize, kernelSize: k, outSize, stride: s, padding: p, dilation: d };
}

interface Case {
  name: string;
  s: ConvShape;
}

const conv = (
  name: string,
  batch: number,
  inChannels: number,
  outChannels: number,
  window: WindowGeometry,
  groups = 1,
): Case => ({ name, s: { batch, inChannels, outChannels, groups, window } });

const cases: Case[] = [
  conv('LeNet conv1 (direct)', 4, 1, 6, win([28, 28], [5, 5], [1, 1], [2, 2])),
  conv('LeNet conv2 (direct)', 3, 6, 16, win([14, 14], [5, 5])),
  conv('odd sizes, 7 output channels, 3×2 kernel (direct)', 2, 3, 7, win([9, 11], [3, 2], [1, 1], [1, 0])),
  conv('padding ≥ kernel: the input gradient falls back', 2, 2, 3, win([5, 4], [2, 2], [1, 1], [3, 2])),
  conv('windows wider than the input', 2, 2, 5, win([4, 5], [5, 5], [1, 1], [2, 2])),
  conv(
    'stride 2 (direct: phases, rows padded to whole vectors)',
    2,
    3,
    4,
    win([9, 8], [3, 3], [2, 2], [1, 1]),
  ),
  conv('stride 2, 16 wide out (direct, compact rows)', 3, 5, 7, win([32, 32], [3, 3], [2, 2], [1, 1])),
  conv('7×7 stride 2 pad 3 (a ResNet stem)', 2, 3, 6, win([21, 18], [7, 7], [2, 2], [3, 3])),
  conv('4×4 stride 2 pad 1 (a DCGAN discriminator)', 2, 4, 5, win([14, 12], [4, 4], [2, 2], [1, 1])),
  conv('stride 2 down, 1 across', 2, 3, 5, win([11, 16], [3, 3], [2, 1], [1, 1])),
  conv('stride 1 down, 2 across, even kernel', 2, 3, 5, win([7, 19], [2, 4], [1, 2], [0, 1])),
  conv('stride 2, 1-d', 2, 3, 4, win([37], [5], [2], [2])),
  conv('stride 3 (im2col path)', 2, 3, 4, win([9, 8], [3, 3], [3, 3], [1, 1])),
  conv('dilation 2 (im2col path)', 2, 2, 3, win([9, 9], [3, 3], [1, 1], [2, 2], [2, 2])),
  conv('groups 2 (im2col path)', 2, 4, 6, win([7, 6], [3, 3], [1, 1], [1, 1]), 2),
  conv('depthwise, groups = channels', 2, 3, 3, win([6, 6], [3, 3], [1, 1], [1, 1]), 3),
  conv('depthwise stride 2 (MobileNet)', 2, 4, 4, win([9, 8], [3, 3], [2, 2], [1, 1]), 4),
  conv('depthwise, channel multiplier 2', 2, 3, 6, win([7, 5], [3, 3], [1, 1], [1, 1]), 3),
  conv('depthwise 5×5 dilation 2, stride 3', 1, 2, 2, win([13, 12], [5, 5], [3, 3], [4, 3], [2, 2]), 2),
  conv('depthwise, windows wider than the input', 2, 2, 2, win([3, 4], [5, 5], [1, 1], [2, 2]), 2),
  conv('depthwise 1-d', 2, 3, 3, win([11], [3], [2], [1]), 3),
  conv(
    'depthwise on a plane past the L1 grid (the direct kernels)',
    1,
    2,
    4,
    win([66, 67], [3, 3], [1, 1], [1, 1]),
    2,
  ),
  conv('depthwise batch 0', 0, 3, 3, win([5, 5], [3, 3], [1, 1], [1, 1]), 3),
  conv('pointwise 1×1', 3, 5, 4, win([4, 6], [1, 1])),
  conv('pointwise 1×1, 700 channels: GEMM on the image in place', 2, 700, 3, win([3, 5], [1, 1])),
  conv('1×1 with padding 1 (direct, zero rows computed)', 2, 3, 4, win([5, 6], [1, 1], [1, 1], [1, 1])),
  conv('1-d (direct)', 3, 2, 5, win([17], [4], [1], [2])),
  conv('3-d (im2col path)', 2, 2, 3, win([4, 5, 3], [2, 3, 2], [1, 1, 1], [1, 1, 0])),
  conv(
    '30·25 terms on a 6×6 plane: direct forward and input gradient, GEMM weight gradient',
    2,
    30,
    4,
    win([6, 6], [5, 5], [1, 1], [2, 2]),
  ),
  conv(
    '72·9 terms on 9×9: direct forward and input gradient, im2col + GEMM weight gradient',
    2,
    72,
    4,
    win([9, 9], [3, 3], [1, 1], [1, 1]),
  ),
  conv(
    '1×1 on whole 16-lane vectors (the wide grid is the plane), 11 output channels',
    2,
    5,
    11,
    win([8, 6], [1, 1]),
  ),
  conv(
    '28·25 terms on 6×7: direct forward, GEMM weight gradient',
    2,
    28,
    3,
    win([6, 7], [5, 5], [1, 1], [2, 2]),
  ),
  conv(
    '30 output channels on 9×9: direct forward, GEMM input gradient',
    2,
    2,
    30,
    win([9, 9], [5, 5], [1, 1], [2, 2]),
  ),
  conv('batch 1', 1, 2, 3, win([6, 7], [3, 3], [1, 1], [1, 1])),
  // Output widths that are multiples of 8 run on the row grid (conv-direct.h): an odd number of
  // vectors (the one-vector tail), two vectors to a row, more samples than one group of the
  // weight kernel, and a 1-d line.
  conv('row grid: 3 rows of one vector', 2, 3, 7, win([3, 8], [3, 3], [1, 1], [1, 1])),
  conv('row grid: 16 wide, 5×3 kernel, padding 2 × 1', 3, 4, 9, win([5, 16], [5, 3], [1, 1], [2, 1])),
  conv(
    'row grid: 20 samples, two groups of the weight kernel',
    20,
    5,
    6,
    win([8, 8], [3, 3], [1, 1], [1, 1]),
  ),
  conv('row grid: 1-d', 2, 3, 4, win([26], [3], [1], [0])),
  conv('batch 0', 0, 2, 3, win([6, 7], [3, 3], [1, 1], [1, 1])),
  ...lanesCases(),
  ...insideCases(),
  ...winogradCases(),
];

/**
 * Weight gradients with the output channels in the lanes (native/conv-lanes.h, at least a vector
 * of output channels): part-filled vectors, blocks of 4, 3, 2 and 1 vectors with a tail of pairs,
 * samples summed a group at a time (small planes) or rows a block at a time (large ones), images
 * read in place (no padding), stride, dilation and 1-d.
 */
function lanesCases(): Case[] {
  return [
    conv('lanes: 20 output channels, stride 2, no padding', 3, 5, 20, win([9, 11], [3, 3], [2, 2], [0, 0])),
    conv(
      'lanes: 64 output channels, 27 pairs, one group of 5 samples',
      5,
      3,
      64,
      win([6, 6], [3, 3], [1, 1], [1, 1]),
    ),
    conv('lanes: 48 output channels, dilation 2', 2, 4, 48, win([10, 10], [3, 3], [1, 1], [2, 2], [2, 2])),
    conv('lanes: rows in blocks on a 30 × 20 plane', 2, 2, 16, win([30, 20], [3, 3], [1, 1], [1, 1])),
    conv('lanes: 1×1 stride 2', 4, 16, 32, win([8, 8], [1, 1], [2, 2])),
    conv('lanes: 1-d', 3, 4, 17, win([40], [5], [1], [2])),
    // The forward product and stride-1 input gradient in lanes (AVX-512: NOTE(forward-lanes)),
    // which take calls of ≥ 512 output positions: passes of 256 pairs, a part-filled vector of
    // channels, stride 2 with dilation and no padding.
    conv('lanes forward: 32→64, two passes of pairs', 32, 32, 64, win([4, 4], [3, 3], [1, 1], [1, 1])),
    conv(
      'lanes input gradient: 70→16, 70 channels of output',
      32,
      70,
      16,
      win([4, 4], [3, 3], [1, 1], [1, 1]),
    ),
    conv(
      'lanes forward: 16→24, stride 2, dilation 2, no padding',
      26,
      16,
      24,
      win([13, 12], [3, 3], [2, 2], [0, 0], [2, 2]),
    ),
  ];
}

/**
 * Too few samples to go round two threads, each worth a fork: each sample's own work is split
 * (NOTE(inside-samples) in native/conv.cc), on every path.
 */
function insideCases(): Case[] {
  return [
    // The direct path splits a sample's output positions where its image outweighs its weights,
    // else its output channels (NOTE(sample-split) in native/conv-wide.cc).
    conv('one sample split inside (direct, by positions)', 1, 16, 16, win([24, 24], [3, 3], [1, 1], [1, 1])),
    conv(
      'one sample split by positions, 13 channels on 19×23 (direct, ranges past the last vector)',
      1,
      5,
      13,
      win([19, 23], [3, 3], [1, 1], [1, 1]),
    ),
    conv(
      'one sample 7×7 stride 2 split by positions (direct, phases)',
      1,
      3,
      8,
      win([30, 30], [7, 7], [2, 2], [3, 3]),
    ),
    conv(
      'one sample split inside (direct by channels, 576 terms)',
      1,
      64,
      64,
      win([8, 8], [3, 3], [1, 1], [1, 1]),
    ),
    conv(
      'three samples split inside (im2col, stride 2, groups 2)',
      3,
      32,
      24,
      win([40, 40], [3, 3], [2, 2], [1, 1]),
      2,
    ),
    conv('one sample split inside (pointwise 1×1)', 1, 64, 64, win([24, 24], [1, 1])),
    conv('one sample, a pointwise expansion (direct on 16 lanes too)', 1, 16, 64, win([24, 24], [1, 1])),
    conv(
      'one sample split inside (lanes forward and input gradient)',
      1,
      64,
      64,
      win([24, 24], [3, 3], [1, 1], [1, 1]),
    ),
  ];
}

/**
 * 3×3 stride-1 convolutions with at least 32 channels each way and enough 2×2 tiles: forward and
 * input gradient through Winograd's F(2×2, 3×3) on AVX2 (native/conv-winograd.h): odd output
 * sizes (partial tiles), channel counts off the vector width, padding 0 and 2 (the input
 * gradient's flipped convolution then pads 2 and 0), one sample split over its blocks or inside
 * its blocks, and a row of tiles wider than a block.
 */
function winogradCases(): Case[] {
  return [
    conv('winograd: 32→40 on 12×12, pad 1', 3, 32, 40, win([12, 12], [3, 3], [1, 1], [1, 1])),
    conv(
      'winograd: 33→35, 13×11 out (partial tiles), pad 0',
      2,
      33,
      35,
      win([15, 13], [3, 3], [1, 1], [0, 0]),
    ),
    conv('winograd: 32→32 on 9×9, pad 2', 2, 32, 32, win([9, 9], [3, 3], [1, 1], [2, 2])),
    conv('winograd: one sample, its block steps split', 1, 40, 36, win([20, 20], [3, 3], [1, 1], [1, 1])),
    conv('winograd: one sample, its blocks split', 1, 32, 32, win([40, 36], [3, 3], [1, 1], [1, 1])),
    conv('winograd: 75 tiles to a row', 1, 32, 34, win([6, 150], [3, 3], [1, 1], [1, 1])),
    // Taken on AVX-512 too (≥ 64 channels, ≥ 128 tiles a call, a block's tiles filling its 32-column
    // panels): 64 tiles in a block; 49 (a panel and 17 columns) in each of three images.
    conv('winograd: 64→72 on 16×16, blocks of 64 tiles', 2, 64, 72, win([16, 16], [3, 3], [1, 1], [1, 1])),
    conv('winograd: 66→64 on 14×14, 49 tiles', 3, 66, 64, win([14, 14], [3, 3], [1, 1], [1, 1])),
    // 16 tiles an image, half an AVX-512 panel: two images a block, the last of nine alone.
    conv('winograd: 64→64 on 8×8, images sharing blocks', 9, 64, 64, win([8, 8], [3, 3], [1, 1], [1, 1])),
    // One sample on AVX-512's two threads: 13 rows of 33 tiles go round as blocks of 4 rows (132 tiles,
    // past 4 panels), not 3 (NOTE(winograd-rows)).
    conv('winograd: one sample, blocks of rows balanced', 1, 64, 64, win([26, 66], [3, 3], [1, 1], [1, 1])),
  ];
}

const f64 = (x: Float32Array): Float64Array => Float64Array.from(x);
const abs = (x: Float32Array): Float64Array => Float64Array.from(x, Math.abs);

/** Each element within float32 rounding of the float64 result: ~k·2⁻²⁴ of Σ|terms| (`mag`). */
function assertNear(
  got: Float32Array,
  exact: Float64Array,
  mag: Float64Array,
  taps: number,
  what: string,
): void {
  assert.equal(got.length, exact.length, `${what}: length`);
  for (let i = 0; i < got.length; i++) {
    const tolerance = 4 * (taps + 2) * 2 ** -24 * mag[i]! + 1e-30;
    if (!(Math.abs(got[i]! - exact[i]!) <= tolerance))
      assert.fail(`${what}: [${i}] = ${got[i]}, expected ${exact[i]} (±${tolerance})`);
  }
}

function dims(s: ConvShape) {
  const g = s.window;
  return {
    x: s.batch * s.inChannels * size(g.inSize),
    w: s.outChannels * (s.inChannels / s.groups) * size(g.kernelSize),
    y: s.batch * s.outChannels * size(g.outSize),
    /** Terms per output of the widest sum (the weight gradient sums over the batch too). */
    taps: Math.max(1, s.batch) * (s.inChannels / s.groups) * size(g.kernelSize) * size(g.outSize),
  };
}

/** Runs the three native kernels on one case and checks them against the reference in float64. */
function checkConv({ name, s }: Case, seed: number): void {
  const n = dims(s);
  const x = filled(n.x, seed);
  const w = filled(n.w, seed + 1);
  const bias = filled(s.outChannels, seed + 2);
  const dy = filled(n.y, seed + 3);
  const k = setup!.backend.kernels;
  const ref = referenceKernels;

  const y = new Float32Array(n.y).fill(Number.NaN); // must be overwritten
  k.convForward(x, w, bias, s, y);
  const yExact = new Float64Array(n.y);
  const yMag = new Float64Array(n.y);
  ref.convForward(f64(x), f64(w), f64(bias), s, yExact);
  ref.convForward(abs(x), abs(w), abs(bias), s, yMag);
  assertNear(y, yExact, yMag, n.taps, `${name}: forward`);
  const yNoBias = new Float32Array(n.y).fill(Number.NaN);
  k.convForward(x, w, undefined, s, yNoBias);
  ref.convForward(f64(x), f64(w), undefined, s, yExact);
  assertNear(yNoBias, yExact, yMag, n.taps, `${name}: forward without bias`);

  const dx = new Float32Array(n.x).fill(Number.NaN);
  k.convInputGrad(dy, w, s, dx);
  const dxExact = new Float64Array(n.x);
  const dxMag = new Float64Array(n.x);
  ref.convInputGrad(f64(dy), f64(w), s, dxExact);
  ref.convInputGrad(abs(dy), abs(w), s, dxMag);
  assertNear(dx, dxExact, dxMag, n.taps, `${name}: input gradient`);

  const dw = new Float32Array(n.w).fill(Number.NaN);
  k.convWeightGrad(x, dy, s, dw);
  const dwExact = new Float64Array(n.w);
  const dwMag = new Float64Array(n.w);
  ref.convWeightGrad(f64(x), f64(dy), s, dwExact);
  ref.convWeightGrad(abs(x), abs(dy), s, dwMag);
  assertNear(dw, dwExact, dwMag, n.taps, `${name}: weight gradient`);
}

if (setup !== undefined) {
  const { backend, isas, defaultIsa, using } = setup;
  for (const isa of isas) {
    for (const threads of [1, 2]) {
      test(`conv kernels agree with the reference (${isa}, ${threads} thread${threads > 1 ? 's' : ''})`, () => {
        using(isa, threads, () => {
          for (const [i, c] of cases.entries()) checkConv(c, 100 + 10 * i);
        });
      });
    }
  }

  test('Winograd F(2×2, 3×3) is within a few float ulp of each sum, and its epilogue is the separate map', () => {
    // Forward and input gradient on AVX2 and AVX-512 (where the path runs) against float64, with a tolerance
    // from one output's own sum (cIn·9 terms forward, cOut·9 back), not checkConv's looser bound;
    // then convForwardAffine against convForward and the map written out in float32.
    const cases = winogradCases();
    const isas = setup.isas.filter((isa) => isa === 'avx2' || isa === 'avx512');
    for (const isa of isas) {
      for (const threads of [1, 2]) {
        using(isa, threads, () => {
          for (const [i, { name, s }] of cases.entries()) {
            const n = dims(s);
            const x = filled(n.x, 500 + i);
            const w = filled(n.w, 600 + i);
            const dy = filled(n.y, 700 + i);
            const k = backend.kernels;
            const y = new Float32Array(n.y);
            k.convForward(x, w, undefined, s, y);
            const exact = new Float64Array(n.y);
            const mag = new Float64Array(n.y);
            referenceKernels.convForward(f64(x), f64(w), undefined, s, exact);
            referenceKernels.convForward(abs(x), abs(w), undefined, s, mag);
            assertNear(y, exact, mag, 4 * s.inChannels * 9, `${name} (${isa}, ${threads}): forward`);
            const dx = new Float32Array(n.x);
            k.convInputGrad(dy, w, s, dx);
            const dxExact = new Float64Array(n.x);
            const dxMag = new Float64Array(n.x);
            referenceKernels.convInputGrad(f64(dy), f64(w), s, dxExact);
            referenceKernels.convInputGrad(abs(dy), abs(w), s, dxMag);
            assertNear(
              dx,
              dxExact,
              dxMag,
              4 * s.outChannels * 9,
              `${name} (${isa}, ${threads}): input gradient`,
            );

            const scale = filled(s.outChannels, 800 + i);
            const shift = filled(s.outChannels, 900 + i);
            const residual = filled(n.y, 1000 + i);
            const fused = new Float32Array(n.y);
            k.convForwardAffine(x, w, s, scale, shift, residual, 0, 6, fused);
            const plane = n.y / (s.batch * s.outChannels);
            const separate = y.map((v, j) => {
              const c = Math.floor(j / plane) % s.outChannels;
              const mapped = Math.fround(Math.fround(v * scale[c]!) + shift[c]!);
              return Math.min(Math.max(Math.fround(mapped + residual[j]!), 0), 6);
            });
            assert.deepEqual(fused, separate, `${name} (${isa}, ${threads}): epilogue`);
          }
        });
      }
    }
  });

  const splitCases = [
    conv('split over samples', 16, 3, 8, win([20, 20], [5, 5], [1, 1], [2, 2])),
    conv('lanes: 8 chunks over the threads', 24, 4, 16, win([12, 12], [3, 3], [1, 1], [1, 1])),
    conv('lanes: one chunk, its pairs over the threads', 3, 8, 32, win([7, 7], [3, 3], [1, 1], [1, 1])),
    ...insideCases(),
    ...winogradCases(),
  ];
  for (const { name, s } of splitCases) {
    test(`a large conv gives the same bits on one and two threads: ${name}`, () => {
      const n = dims(s);
      const x = filled(n.x, 7);
      const w = filled(n.w, 8);
      const dy = filled(n.y, 9);
      const run = (threads: number) => {
        const out = { y: new Float32Array(n.y), dx: new Float32Array(n.x), dw: new Float32Array(n.w) };
        using(defaultIsa, threads, () => {
          backend.kernels.convForward(x, w, undefined, s, out.y);
          backend.kernels.convInputGrad(dy, w, s, out.dx);
          backend.kernels.convWeightGrad(x, dy, s, out.dw);
        });
        return out;
      };
      const one = run(1);
      const two = run(2);
      assert.deepEqual(two.y, one.y);
      assert.deepEqual(two.dx, one.dx);
      assert.deepEqual(two.dw, one.dw);
    });
  }

  test('the conv kernels reject short arrays and bad groups instead of overrunning them', () => {
    const { s } = conv('short', 2, 2, 3, win([5, 5], [3, 3]));
    const n = dims(s);
    const x = new Float32Array(n.x);
    const w = new Float32Array(n.w);
    const y = new Float32Array(n.y);
    const k = backend.kernels;
    assert.throws(
      () => k.convForward(x.subarray(1), w, undefined, s, y),
      /convForward x shorter than its shape/,
    );
    assert.throws(() => k.convForward(x, w, new Float32Array(2), s, y), /bias shorter than cOut/);
    assert.throws(() => k.convForward(x, w, undefined, s, y.subarray(1)), /convForward y shorter/);
    assert.throws(() => k.convInputGrad(y, w.subarray(1), s, x), /x or w shorter than its shape/);
    assert.throws(() => k.convWeightGrad(x, y, s, w.subarray(1)), /output shorter than its shape/);
    assert.throws(() => k.convForward(x, w, undefined, { ...s, groups: 2 }, y), /divisible by groups/);
  });

  test('the conv kernels fall back to the reference for float64', () => {
    // x = [1, 2, 3], w = [1, 10]: y = [1·1 + 2·10, 2·1 + 3·10] + bias 0.5
    const s: ConvShape = { batch: 1, inChannels: 1, outChannels: 1, groups: 1, window: win([3], [2]) };
    const y = new Float64Array(2);
    backend.kernels.convForward(Float64Array.of(1, 2, 3), Float64Array.of(1, 10), Float64Array.of(0.5), s, y);
    assert.deepEqual(Array.from(y), [21.5, 32.5]);
  });

  /** Max pooling on `planes` random planes with NaN, −∞ and ties sprinkled in. */
  function checkPool(g: WindowGeometry, planes: number, seed: number): void {
    const next = random(seed);
    const x = Float32Array.from({ length: planes * size(g.inSize) }, (_, j) => {
      if (j % 17 === 5) return Number.NaN;
      if (j % 13 === 3) return Number.NEGATIVE_INFINITY;
      if (j % 7 === 2) return 0.25; // ties with each other
      return next();
    });
    const out = new Float32Array(planes * size(g.outSize));
    const at = new Int32Array(out.length);
    const expected = new Float32Array(out.length);
    const expectedAt = new Int32Array(out.length);
    backend.kernels.maxPoolForward(x, planes, g, out, at);
    referenceKernels.maxPoolForward(x, planes, g, expected, expectedAt);
    assert.deepEqual(at, expectedAt, `indices ${JSON.stringify(g)}`);
    assert.deepEqual(out, expected, `values ${JSON.stringify(g)}`);
  }

  test('max pooling fast paths agree exactly with the reference (NaN, −∞, ties, tails)', () => {
    for (const threads of [1, 2]) {
      using(defaultIsa, threads, () => {
        checkPool(win([8, 10], [2, 2], [2, 2]), 3, 1); // 2×2: four windows at a time plus a tail of one
        checkPool(win([28, 28], [2, 2], [2, 2]), 400, 2); // LeNet's, enough work for two threads
        checkPool(win([9, 11], [2, 2], [2, 2]), 2, 3); // odd input: the last row and column unused
        checkPool(win([9, 9], [3, 3], [2, 2]), 2, 4); // windows inside the input, not 2×2
        checkPool(win([6, 7], [2, 2], [2, 2], [1, 1]), 2, 5); // padding: the general path
        const ceil = { ...win([7, 7], [2, 2], [2, 2]), outSize: [4, 4] }; // ceil mode: partial windows
        checkPool(ceil, 2, 6);
        // Padded 2-D windows, four inside windows at a time: ResNet's 3×3 stride 2 pad 1 on even
        // and odd inputs, stride 1 (contiguous loads), stride 3, dilation, a 1-D window.
        checkPool(win([16, 16], [3, 3], [2, 2], [1, 1]), 3, 7);
        checkPool(win([15, 21], [3, 3], [2, 2], [1, 1]), 64, 8);
        checkPool(win([9, 14], [3, 3], [1, 1], [1, 1]), 2, 9);
        checkPool(win([13, 29], [3, 5], [3, 3], [1, 2]), 2, 10);
        checkPool(win([12, 23], [3, 3], [1, 2], [2, 1], [2, 2]), 2, 11);
        checkPool(win([40], [3], [2], [1]), 3, 12);
        checkPool({ ...win([8, 13], [3, 3], [2, 2], [1, 1]), outSize: [5, 7] }, 2, 13); // ceil mode, padded
        checkPool(win([2, 2], [3, 3], [2, 2], [1, 1]), 2, 14); // no window inside across (it once looped forever)
        checkPool({ ...win([3, 3], [3, 3], [2, 2], [1, 1]), outSize: [2, 2] }, 2, 15);
      });
    }
  });
}
