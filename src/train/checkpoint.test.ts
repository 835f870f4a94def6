import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { FileFormatError } from '../errors.js';
import { decodeSafetensors, saveSafetensors } from '../io/safetensors.js';
import '../ops/index.js';
import { randn, tensor } from '../tensor/creation.js';
import { Generator } from '../tensor/random.js';
import { loadCheckpoint, saveCheckpoint } from './checkpoint.js';
import { mse, TinyLinear, TinyMomentum } from './test-fixtures.js';
import { trainStep } from './train-step.js';
import { loadWeights, saveWeights } from './weights.js';

const dir = mkdtempSync(join(tmpdir(), 'nabla-checkpoint-'));

// y = 3x − 1 plus nothing: every step draws its batch from the generator, so resuming must
// restore the generator as well as the weights and the momentum buffers.
function steps(model: TinyLinear, opt: TinyMomentum, g: Generator, n: number): void {
  for (let i = 0; i < n; i++) {
    const x = randn([4, 1], { generator: g });
    trainStep(model, mse, opt, x, x.mul(3).sub(1));
  }
}

test('2 steps + checkpoint + fresh objects + 2 steps equals 4 steps, bit for bit', () => {
  const straight = new TinyLinear([[0.5]], [0.25]);
  steps(straight, new TinyMomentum(straight.parameters(), { lr: 0.1 }), new Generator(1), 4);

  const first = new TinyLinear([[0.5]], [0.25]);
  const firstOpt = new TinyMomentum(first.parameters(), { lr: 0.1 });
  const firstGen = new Generator(1);
  steps(first, firstOpt, firstGen, 2);
  const path = join(dir, 'resume.safetensors');
  saveCheckpoint(path, {
    model: first,
    optimizer: firstOpt,
    generator: firstGen,
    epoch: 1,
    step: 2,
    extra: { note: 'half' },
  });

  const model = new TinyLinear([[9]], [9]);
  const opt = new TinyMomentum(model.parameters(), { lr: 0.5 });
  const gen = new Generator(999);
  assert.deepEqual(loadCheckpoint(path, { model, optimizer: opt, generator: gen }), {
    epoch: 1,
    step: 2,
    extra: { note: 'half' },
  });
  steps(model, opt, gen, 2);
  assert.deepEqual([...model.weight.data()], [...straight.weight.data()]);
  assert.deepEqual([...model.bias.data()], [...straight.bias.data()]);
  assert.notDeepEqual([...model.weight.data()], [0.5]);
});

test('the file names its tensors model.<name> and optim.<index>.<buffer>', () => {
  const model = new TinyLinear([[1]], [0]);
  const opt = new TinyMomentum(model.parameters(), { lr: 0.1 });
  steps(model, opt, new Generator(0), 1);
  const path = join(dir, 'names.safetensors');
  saveCheckpoint(path, { model, optimizer: opt, epoch: 0, step: 1 });
  const { tensors, metadata } = decodeSafetensors(new Uint8Array(readFileSync(path)));
  assert.deepEqual(Object.keys(tensors).sort(), [
    'model.bias',
    'model.weight',
    'optim.0.velocity',
    'optim.1.velocity',
  ]);
  assert.deepEqual(JSON.parse(metadata.optimizer!).paramGroups, [{ lr: 0.1, momentum: 0.9 }]);
});

test('a checkpoint that does not fit the model fails with one FileFormatError naming the file', () => {
  const path = join(dir, 'other.safetensors');
  saveCheckpoint(path, { model: new TinyLinear([[1, 2]], [0, 0]), epoch: 0, step: 0 });
  const model = new TinyLinear([[1]], [0]);
  assert.throws(
    () => loadCheckpoint(path, { model }),
    new FileFormatError(
      path,
      'does not match the model: model.weight is float32 [1, 2], the model expects float32 [1, 1]; model.bias is float32 [2], the model expects float32 [1]',
    ),
  );
  assert.deepEqual([...model.weight.data()], [1], 'nothing is changed on failure');
  assert.throws(
    () =>
      loadCheckpoint(path, {
        model: new TinyLinear([[1, 2]], [0, 0]),
        optimizer: new TinyMomentum([], { lr: 1 }),
      }),
    new FileFormatError(path, 'holds no optimizer state'),
  );
  const plain = join(dir, 'plain.safetensors');
  saveSafetensors(plain, {});
  assert.throws(() => loadCheckpoint(plain, { model }), /is not a nabla checkpoint/);
  const broken = join(dir, 'broken.safetensors');
  writeFileSync(broken, new Uint8Array([1, 2, 3]));
  assert.throws(() => loadCheckpoint(broken, { model }), FileFormatError);
});

test('saveWeights / loadWeights round-trip and validate names', () => {
  const path = join(dir, 'weights.safetensors');
  saveWeights(path, new TinyLinear([[2.5]], [-1]));
  const model = new TinyLinear([[0]], [0]);
  loadWeights(path, model);
  assert.deepEqual([...model.weight.data(), ...model.bias.data()], [2.5, -1]);
  saveSafetensors(path, {
    weight: { dtype: 'float32', shape: [1, 1], data: new Float32Array([1]) },
    extra: { dtype: 'float32', shape: [], data: new Float32Array([1]) },
  });
  assert.throws(
    () => loadWeights(path, model),
    new FileFormatError(path, 'does not match the model: missing bias; unexpected extra'),
  );
  assert.ok(tensor([1]));
});
