import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ShapeError, ValueError } from '../errors.js';
import { tensor } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { ReLU } from './layers/activation/relu.js';
import { Sequential } from './layers/container/sequential.js';
import { Linear } from './layers/linear/linear.js';
import { BatchNorm2d } from './layers/normalization/batch-norm2d.js';
import { Module } from './module.js';
import { describeKey, pytorchName, resolveAliases } from './state-dict-aliases.js';

/** A Linear that also answers to PyTorch-style names of another framework. */
class Aliased extends Module {
  fc = new Linear(2, 1);
  norm = new BatchNorm2d(1);
  override stateDictAliases(): Map<string, string> {
    return new Map([
      ['dense.kernel', 'fc.weight'],
      ['dense.bias', 'fc.bias'],
      ['bn.running_mean', 'norm.runningMean'],
    ]);
  }
  forward(x: Tensor): Tensor {
    return this.fc.forward(x);
  }
}

test('resolveAliases renames aliases, keeps own and unknown names, and reports conflicts', () => {
  const own = { 'fc.weight': 0, 'fc.bias': 0 };
  const aliases = new Map([
    ['dense.kernel', 'fc.weight'],
    ['kernel', 'fc.weight'],
    ['fc.bias', 'fc.weight'], // an own name is never renamed, even when it is an alias too
  ]);
  const { dict, aliasOf, conflicts } = resolveAliases(
    { 'dense.kernel': 1, 'fc.bias': 2, other: 3, kernel: 4 },
    own,
    aliases,
  );
  assert.deepEqual(dict, { 'fc.weight': 1, 'fc.bias': 2, other: 3 });
  assert.deepEqual([...aliasOf], [['fc.weight', 'dense.kernel']]);
  assert.deepEqual(conflicts, ["'dense.kernel' and 'kernel' both give 'fc.weight'"]);
  assert.equal(describeKey('fc.weight', aliasOf), "'dense.kernel' (own name 'fc.weight')");
  assert.equal(describeKey('fc.bias', aliasOf), "'fc.bias'");
});

test('loadStateDict accepts a module’s aliases, mixed with its own names', () => {
  const model = new Aliased();
  const source = new Aliased();
  const { 'fc.weight': w, 'fc.bias': b, ...rest } = source.stateDict();
  model.loadStateDict({ 'dense.kernel': w!, 'dense.bias': b!, ...rest });
  assert.deepEqual(model.fc.weight.toArray(), source.fc.weight.toArray());
  assert.deepEqual(model.fc.bias?.toArray(), source.fc.bias?.toArray());
});

test('loadStateDict names the alias in its errors and changes nothing when one fails', () => {
  const model = new Aliased();
  const before = model.fc.bias?.toArray();
  const dict = { ...model.stateDict() };
  delete dict['fc.weight'];
  delete dict['fc.bias'];
  assert.throws(
    () => model.loadStateDict({ ...dict, 'dense.bias': tensor([7]), 'dense.kernel': tensor([1, 2, 3]) }),
    (e: unknown) =>
      e instanceof ShapeError &&
      e.message ===
        "loadStateDict: 'dense.kernel' (own name 'fc.weight'): expected a tensor of shape [1, 2], got [3]",
  );
  assert.deepEqual(model.fc.bias?.toArray(), before);
  assert.throws(
    () => model.loadStateDict({ ...model.stateDict(), 'dense.bias': tensor([7]) }),
    (e: unknown) =>
      e instanceof ValueError && /'fc\.bias' and 'dense\.bias' both give 'fc\.bias'/.test(e.message),
  );
});

test('an absent numBatchesTracked is set to 0 when its layer is given, as PyTorch does', () => {
  const bn = new BatchNorm2d(2);
  assert.equal(bn.numBatchesTracked?.optional, true);
  bn.numBatchesTracked?.data().fill(5);
  const { numBatchesTracked: _, ...rest } = new BatchNorm2d(2).stateDict();
  bn.loadStateDict(rest);
  assert.equal(bn.numBatchesTracked?.item(), 0);
  // Other buffers stay required.
  const { runningMean: __, ...noMean } = new BatchNorm2d(2).stateDict();
  assert.throws(() => bn.loadStateDict(noMean), /missing keys \[runningMean\]/);
});

test('with strict false, a layer the dict leaves out keeps its numBatchesTracked', () => {
  const model = new Aliased();
  model.norm.numBatchesTracked?.data().fill(4);
  model.loadStateDict({ 'fc.bias': tensor([1]) }, { strict: false });
  assert.equal(model.norm.numBatchesTracked?.item(), 4);
  model.loadStateDict({ 'bn.running_mean': tensor([0.5]) }, { strict: false });
  assert.equal(model.norm.numBatchesTracked?.item(), 0);
  assert.deepEqual(model.norm.runningMean?.toArray(), [0.5]);
});

test("pytorchName drops Sequential's layers segment and snake-cases BatchNorm's buffers", () => {
  assert.equal(pytorchName('layers.0.weight'), '0.weight');
  assert.equal(
    pytorchName('features.layers.3.body.layers.1.bn.runningVar'),
    'features.3.body.1.bn.running_var',
  );
  assert.equal(pytorchName('bn.numBatchesTracked'), 'bn.num_batches_tracked');
  // Only a `layers` segment followed by an index is a Sequential's.
  assert.equal(pytorchName('layers.weight'), 'layers.weight');
  assert.equal(pytorchName('mylayers.0.bias'), 'mylayers.0.bias');
});

test("by default a module loads PyTorch's names of the same structure (an nn.Sequential's 0, 2)", () => {
  const source = new Sequential(new Linear(2, 3), new ReLU(), new Linear(3, 1));
  const model = new Sequential(new Linear(2, 3), new ReLU(), new Linear(3, 1));
  const own = source.stateDict();
  // What torch.nn.Sequential(Linear, ReLU, Linear).state_dict() names them.
  model.loadStateDict({
    '0.weight': own['layers.0.weight']!,
    '0.bias': own['layers.0.bias']!,
    '2.weight': own['layers.2.weight']!,
    '2.bias': own['layers.2.bias']!,
  });
  assert.deepEqual(model.layers[2]!.stateDict().weight?.toArray(), own['layers.2.weight']!.toArray());
});
