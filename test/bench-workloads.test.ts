import assert from 'node:assert/strict';
import { test } from 'node:test';
import { INFER_WORKLOADS } from '../bench/infer-workloads.js';
import { stepMemory } from '../bench/memory.js';
import type { NablaApi } from '../bench/nabla-api.js';
import { inferResult, isInference, WORKLOADS } from '../bench/timing.js';
import { expectParameters, TRAIN_WORKLOADS } from '../bench/train-workloads.js';
import * as nabla from '../src/index.js';
import * as models from '../src/models/index.js';

const nb = { ...nabla, models } as unknown as NablaApi;

// First in the file: later tests leave garbage whose collection during the step would hide its growth.
test('stepMemory sees the 64 MB a step touches in its peak RSS', () => {
  assert.equal(process.platform, 'linux'); // the bench machine; /proc/self/clear_refs is Linux's
  const m = stepMemory(() => new Uint8Array(64e6).fill(1));
  assert.ok(m !== undefined);
  assert.ok(m.peakRssMb - m.rssBeforeMb >= 60, `peak ${m.peakRssMb} MB, before ${m.rssBeforeMb} MB`);
});

test('the suite lists the eight workloads of workloads.md; two are inference', () => {
  assert.deepEqual(WORKLOADS, [
    'mlp',
    'cnn',
    'lstm',
    'sgemm',
    'resnet20',
    'transformer',
    'infer-resnet18',
    'infer-mobilenetv2',
  ]);
  assert.deepEqual(WORKLOADS.filter(isInference), ['infer-resnet18', 'infer-mobilenetv2']);
});

test('an inference result reports the latency and images/s = 1000 / median ms', () => {
  const t = { medianMs: 200, p25Ms: 190, p75Ms: 210, steps: 15, warmupSteps: 5 };
  assert.deepEqual(inferResult('nabla', 'infer-resnet18', 1, t), {
    peer: 'nabla',
    workload: 'infer-resnet18',
    threads: 1,
    samples_per_s: 5,
    median_ms: 200,
    p25_ms: 190,
    p75_ms: 210,
    steps: 15,
  });
});

test('a model whose parameter count differs from workloads.md is refused, naming both counts', () => {
  assert.doesNotThrow(() => expectParameters('resnet20', 272_474, 272_474));
  assert.throws(
    () => expectParameters('resnet20', 272_000, 272_474),
    /resnet20: workloads.md defines 272,474 parameters, the model has 272,000/,
  );
});

test('the new workloads build with the parameter counts of workloads.md', () => {
  // Each builder checks its count (272,474; 421,697; 11,689,512; 3,504,872) and throws when it differs.
  nabla.manualSeed(0);
  assert.equal(typeof TRAIN_WORKLOADS.resnet20(nb), 'function');
  assert.equal(typeof TRAIN_WORKLOADS.transformer(nb), 'function');
  assert.equal(typeof INFER_WORKLOADS['infer-resnet18'](nb), 'function');
  assert.equal(typeof INFER_WORKLOADS['infer-mobilenetv2'](nb), 'function');
});
