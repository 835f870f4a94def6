// Checkpoints and optimizer state from a file are data: checked in full before anything changes.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { FileFormatError, ValueError } from '../errors.js';
import { nn, optim } from '../index.js';
import { decodeSafetensors, saveSafetensors } from '../io/safetensors.js';
import { loadCheckpoint, saveCheckpoint } from './checkpoint.js';

const dir = mkdtempSync(join(tmpdir(), 'nabla-hostile-'));

/** A checkpoint of a fresh model whose optimizer metadata `edit` rewrites. */
function tampered(name: string, edit: (state: { paramGroups: Record<string, unknown>[] }) => void): string {
  const model = new nn.Linear(2, 1);
  const path = join(dir, name);
  saveCheckpoint(path, {
    model,
    optimizer: new optim.SGD(model.parameters(), { lr: 0.01 }),
    epoch: 1,
    step: 5,
  });
  const { tensors, metadata } = decodeSafetensors(readFileSync(path));
  const state = JSON.parse(metadata.optimizer!);
  edit(state);
  saveSafetensors(path, tensors, { ...metadata, optimizer: JSON.stringify(state) });
  return path;
}

test('a checkpoint whose optimizer state is refused leaves the model and the optimizer unchanged', () => {
  const path = tampered('bad-lr.safetensors', (s) => {
    s.paramGroups[0]!.lr = -1;
  });
  const model = new nn.Linear(2, 1);
  const optimizer = new optim.SGD(model.parameters(), { lr: 0.5 });
  const weights = model.weight.toArray();
  assert.throws(() => loadCheckpoint(path, { model, optimizer }), FileFormatError);
  assert.deepEqual(model.weight.toArray(), weights, 'the weights were overwritten before the error');
  assert.equal(optimizer.paramGroups[0]!.lr, 0.5);
});

test("optimizer state takes only the optimizer's own hyperparameters: no unknown key, no __proto__", () => {
  const model = new nn.Linear(2, 1);
  const make = () => new optim.SGD(model.parameters(), { lr: 0.01 });
  const saved = make().stateDict();
  const withKey = (key: string, value: unknown) => {
    const text = JSON.stringify(saved).replace(
      '"lr":',
      `${JSON.stringify(key)}:${JSON.stringify(value)},"lr":`,
    );
    return JSON.parse(text);
  };
  const opt = make();
  assert.throws(
    () => opt.loadStateDict(withKey('__proto__', { lr: 1000 })),
    /unknown hyperparameter '__proto__'/,
  );
  assert.throws(() => opt.loadStateDict(withKey('foo', 1)), /unknown hyperparameter 'foo'/);
  assert.throws(
    () => opt.loadStateDict(withKey('initialLr', -1)),
    /initialLr must be a finite number ≥ 0, got -1/,
  );
  assert.throws(() => opt.loadStateDict(withKey('initialLr', '1000')), ValueError);
  assert.equal(Object.getPrototypeOf(opt.paramGroups[0]), Object.prototype);
  assert.equal(opt.paramGroups[0]!.lr, 0.01);
  // A schedule's initialLr that is a number still loads.
  opt.loadStateDict(withKey('initialLr', 0.1));
  assert.equal(opt.paramGroups[0]!.initialLr, 0.1);
});
