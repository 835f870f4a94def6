import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { FileFormatError, saveSafetensors, tensor } from '../index.js';
import { mlp } from './mlp.js';
import { loadModel, saveModel } from './model-file.js';

const dir = mkdtempSync(join(tmpdir(), 'nabla-model-file-'));

test('a saved MLP loads back with the same architecture and weights', () => {
  const path = join(dir, 'm.safetensors');
  const model = mlp({ inFeatures: 4, hidden: [3], numClasses: 2 });
  saveModel(path, 'mlp', { inFeatures: 4, hidden: [3], numClasses: 2 }, model);
  const loaded = loadModel(path);
  assert.equal(loaded.architecture, 'mlp');
  const x = tensor([[1, 2, 3, 4]]);
  assert.deepEqual(loaded.model.forward(x).toArray(), model.forward(x).toArray());
});

test('a model file is data: an unknown architecture or a bad config is a FileFormatError naming the file', () => {
  const unknown = join(dir, 'unknown.safetensors');
  saveSafetensors(unknown, {}, { format: 'nabla-model', architecture: 'constructor', config: '{}' });
  assert.throws(
    () => loadModel(unknown),
    (e: unknown) =>
      e instanceof FileFormatError &&
      /unknown\.safetensors: names an unknown architecture 'constructor'/.test(e.message),
  );
  const badConfig = join(dir, 'bad.safetensors');
  saveSafetensors(badConfig, {}, { format: 'nabla-model', architecture: 'mlp', config: '{"hidden": [-1]}' });
  assert.throws(
    () => loadModel(badConfig),
    (e: unknown) =>
      e instanceof FileFormatError &&
      /bad\.safetensors: has a config that does not build a mlp: mlp: hidden\[0\] must be a positive integer/.test(
        e.message,
      ),
  );
  const plain = join(dir, 'plain.safetensors');
  saveSafetensors(plain, {});
  assert.throws(
    () => loadModel(plain),
    (e: unknown) =>
      e instanceof FileFormatError && /plain\.safetensors: is not a nabla model file/.test(e.message),
  );
});

test('weights that do not fit the architecture are rejected', () => {
  const path = join(dir, 'mismatch.safetensors');
  saveModel(
    path,
    'mlp',
    { inFeatures: 4, hidden: [3], numClasses: 2 },
    mlp({ inFeatures: 4, hidden: [5], numClasses: 2 }),
  );
  assert.throws(
    () => loadModel(path),
    (e: unknown) => e instanceof FileFormatError && /mismatch\.safetensors/.test(e.message),
  );
});

test('a tiny model file whose config asks for a huge network is refused before anything is built', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nabla-bomb-'));
  const file = join(dir, 'bomb.safetensors');
  // 160-odd bytes: one small tensor, and a config for a 100,000 × 100,000 hidden layer.
  saveSafetensors(
    file,
    { 'x.weight': { dtype: 'float32', shape: [1], data: Float32Array.of(0) } },
    {
      format: 'nabla-model',
      architecture: 'mlp',
      config: JSON.stringify({ inFeatures: 100_000, hidden: [100_000, 100_000], numClasses: 10 }),
    },
  );
  const before = process.memoryUsage().rss;
  const started = performance.now();
  assert.throws(
    () => loadModel(file),
    (e: unknown) =>
      e instanceof FileFormatError &&
      /has a config that does not build a mlp: it needs 20001200010 numbers, the file stores 1$/.test(
        e.message,
      ),
  );
  assert.ok(performance.now() - started < 1000, 'refused within a second');
  assert.ok(process.memoryUsage().rss - before < 50e6, 'without allocating the network');
  // A lenet config is checked the same way (its class count sizes the head).
  saveSafetensors(
    file,
    { w: { dtype: 'float32', shape: [1], data: Float32Array.of(0) } },
    {
      format: 'nabla-model',
      architecture: 'lenet',
      config: JSON.stringify({ numClasses: 1e9 }),
    },
  );
  assert.throws(() => loadModel(file), /does not build a lenet: it needs \d+ numbers, the file stores 1$/);
});
