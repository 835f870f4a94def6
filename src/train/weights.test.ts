import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { FileFormatError } from '../errors.js';
import { nn } from '../index.js';
import { saveSafetensors } from '../io/safetensors.js';
import { loadWeights, modelToRaw } from './weights.js';

test('a weights file with a tensor named like an Object.prototype member is refused, and loads nothing', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nabla-weights-'));
  const model = new nn.Linear(2, 1);
  const before = model.weight.toArray();
  for (const name of ['toString', 'constructor', '__proto__', 'hasOwnProperty', 'valueOf']) {
    const file = join(dir, `${name}.safetensors`);
    const tensors = { ...modelToRaw(new nn.Linear(2, 1)) };
    Object.defineProperty(tensors, name, {
      value: { dtype: 'float32', shape: [1], data: Float32Array.of(1) },
      enumerable: true,
    });
    saveSafetensors(file, tensors);
    assert.throws(
      () => loadWeights(file, model),
      (e: unknown) => e instanceof FileFormatError && e.message.includes(`unexpected ${name}`),
      name,
    );
    assert.deepEqual(model.weight.toArray(), before, `${name}: the model is unchanged`);
  }
});
