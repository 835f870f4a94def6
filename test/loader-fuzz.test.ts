// A seeded fuzz of the file loaders: thousands of mutated safetensors, model and checkpoint files.
// Every outcome must be a clean load or one typed FileFormatError naming the file, and a refused
// checkpoint must leave the model and optimizer as they were.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import {
  decodeSafetensors,
  FileFormatError,
  loadCheckpoint,
  manualSeed,
  nn,
  optim,
  saveCheckpoint,
} from '../src/index.js';
import { mlp } from '../src/models/mlp.js';
import { loadModel, saveModel } from '../src/models/model-file.js';

const dir = mkdtempSync(join(tmpdir(), 'nabla-fuzz-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** A small seeded generator (xorshift32), independent of nabla's own. */
function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 2 ** 32;
  };
}

/** One random mutation of `bytes`: flipped bytes, a cut, an insertion, or a rewritten length. */
function mutate(bytes: Uint8Array, random: () => number): Uint8Array {
  const at = (n: number) => Math.floor(random() * n);
  const out = Uint8Array.from(bytes);
  switch (at(5)) {
    case 0:
      for (let k = 1 + at(4); k > 0; k--) out[at(out.length)] = at(256);
      return out;
    case 1:
      return out.subarray(0, at(out.length));
    case 2: {
      const i = at(out.length);
      const junk = Uint8Array.from({ length: 1 + at(16) }, () => at(256));
      return Uint8Array.from([...out.subarray(0, i), ...junk, ...out.subarray(i)]);
    }
    case 3:
      new DataView(out.buffer).setUint32(at(2) * 4, at(2 ** 32), true);
      return out;
    default: {
      // Edit the JSON header's text: a digit, quote or bracket replaced by another.
      const length = Number(new DataView(out.buffer).getBigUint64(0, true));
      const i = 8 + at(Math.min(length, out.length - 8));
      out[i] = '0123456789"{}[],:-e '.charCodeAt(at(20));
      return out;
    }
  }
}

function classify(run: () => void): 'loaded' | 'refused' {
  try {
    run();
    return 'loaded';
  } catch (error) {
    assert.ok(
      error instanceof FileFormatError,
      `a FileFormatError, got ${(error as Error)?.stack ?? String(error)}`,
    );
    return 'refused';
  }
}

test('3,000 mutated safetensors byte strings: a load or a FileFormatError, never anything else', () => {
  manualSeed(1);
  const good = readFileSync(
    (() => {
      const path = join(dir, 'good-model.safetensors');
      saveModel(
        path,
        'mlp',
        { inFeatures: 6, hidden: [5], numClasses: 3 },
        mlp({ inFeatures: 6, hidden: [5], numClasses: 3 }),
      );
      return path;
    })(),
  );
  const random = rng(42);
  const counts = { loaded: 0, refused: 0 };
  for (let i = 0; i < 3000; i++)
    counts[classify(() => decodeSafetensors(mutate(good, random), 'fuzz.safetensors'))]++;
  assert.equal(counts.loaded + counts.refused, 3000);
  assert.ok(counts.refused > 2000, `most mutations are refused: ${JSON.stringify(counts)}`);
});

test('1,000 mutated model files through loadModel: a model or a FileFormatError', () => {
  const path = join(dir, 'model.safetensors');
  saveModel(
    path,
    'mlp',
    { inFeatures: 6, hidden: [5], numClasses: 3 },
    mlp({ inFeatures: 6, hidden: [5], numClasses: 3 }),
  );
  const good = readFileSync(path);
  const random = rng(7);
  const target = join(dir, 'fuzzed-model.safetensors');
  const counts = { loaded: 0, refused: 0 };
  for (let i = 0; i < 1000; i++) {
    writeFileSync(target, mutate(good, random));
    counts[classify(() => loadModel(target))]++;
  }
  assert.ok(counts.refused > 0 && counts.loaded + counts.refused === 1000, JSON.stringify(counts));
});

test('1,000 mutated checkpoints: refused ones change neither the model nor the optimizer', () => {
  const model = new nn.Linear(4, 3);
  const optimizer = new optim.Adam(model.parameters(), { lr: 0.01 });
  const path = join(dir, 'checkpoint.safetensors');
  saveCheckpoint(path, { model, optimizer, epoch: 2, step: 7 });
  const good = readFileSync(path);
  const random = rng(99);
  const target = join(dir, 'fuzzed-checkpoint.safetensors');
  const counts = { loaded: 0, refused: 0 };
  for (let i = 0; i < 1000; i++) {
    writeFileSync(target, mutate(good, random));
    const fresh = new nn.Linear(4, 3);
    const freshOptimizer = new optim.Adam(fresh.parameters(), { lr: 0.5 });
    const weights = JSON.stringify(fresh.weight.toArray());
    const outcome = classify(() => loadCheckpoint(target, { model: fresh, optimizer: freshOptimizer }));
    counts[outcome]++;
    if (outcome === 'refused') {
      assert.equal(JSON.stringify(fresh.weight.toArray()), weights, `mutation ${i} changed the model`);
      assert.equal(freshOptimizer.paramGroups[0]!.lr, 0.5, `mutation ${i} changed the optimizer`);
    }
  }
  assert.ok(counts.refused > 0, JSON.stringify(counts));
});
