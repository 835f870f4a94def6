import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CpuMemory } from './cpu/memory.js';
import { defineBackend } from './define-backend.js';
import { referenceBackend, referenceKernels } from './reference/index.js';
import type { OptionalKernels } from './types.js';

const optionalNames: (keyof OptionalKernels)[] = [
  'packMatmulB',
  'matmulPacked',
  'convForward',
  'convInputGrad',
  'convWeightGrad',
  'lstmCellForward',
  'lstmCellBackward',
  'softmaxCrossEntropy',
  'softmaxCrossEntropyBackward',
  'sgdUpdate',
  'adamUpdate',
];

test('the reference backend is the core contract alone; defineBackend fills every optional kernel', () => {
  for (const name of optionalNames) {
    assert.equal(name in referenceKernels, false, `${name} is not a core kernel`);
    assert.equal(typeof referenceBackend.kernels[name], 'function', `${name} is filled in`);
  }
});

test("a backend's own optional kernels win over the fallbacks", () => {
  const calls: string[] = [];
  const backend = defineBackend({
    name: 'partial',
    memory: new CpuMemory(),
    kernels: {
      ...referenceKernels,
      sgdUpdate: () => {
        calls.push('own sgdUpdate');
      },
    },
    numThreads: () => 1,
    setNumThreads: () => {},
  });
  const p = new Float32Array([1]);
  const options = {
    lr: 0.1,
    momentum: 0,
    dampening: 0,
    nesterov: false,
    weightDecay: 0,
    ema: false,
    first: true,
  };
  backend.kernels.sgdUpdate(p, new Float32Array([1]), null, options);
  assert.deepEqual(calls, ['own sgdUpdate']);
  assert.equal(p[0], 1);
  // The fallback adam runs and updates in place: p − lr·m̂/(√v̂ + ε) = 1 − 0.1 for the first step.
  const m = new Float32Array(1);
  const v = new Float32Array(1);
  const adam = { lr: 0.1, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0, decoupled: false, step: 1 };
  backend.kernels.adamUpdate(p, new Float32Array([2]), m, v, null, adam);
  assert.ok(Math.abs(p[0]! - 0.9) < 1e-6, `p ${p[0]}`);
});

test('the convolution fallback is built on the backend’s own im2col and matmul', () => {
  const used: string[] = [];
  const backend = defineBackend({
    name: 'counting',
    memory: new CpuMemory(),
    kernels: {
      ...referenceKernels,
      im2col: (...args) => {
        used.push('im2col');
        referenceKernels.im2col(...args);
      },
      matmul: (...args) => {
        used.push('matmul');
        referenceKernels.matmul(...args);
      },
    },
    numThreads: () => 1,
    setNumThreads: () => {},
  });
  const window = { inSize: [3], kernelSize: [2], outSize: [2], stride: [1], padding: [0], dilation: [1] };
  const y = new Float32Array(2);
  // y[o] = w₀·x[o] + w₁·x[o+1] with x = [1, 2, 3], w = [1, 10]: [21, 32]
  backend.kernels.convForward(
    Float32Array.of(1, 2, 3),
    Float32Array.of(1, 10),
    undefined,
    { batch: 1, inChannels: 1, outChannels: 1, groups: 1, window },
    y,
  );
  assert.deepEqual([...y], [21, 32]);
  assert.deepEqual(used, ['im2col', 'matmul']);
});
