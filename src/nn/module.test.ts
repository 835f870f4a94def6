import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DTypeError, ShapeError, ValueError } from '../errors.js';
import { manualSeed, noGrad, ones, type Tensor, tensor, zeros } from '../index.js';
import { expectClose } from '../testing/expect-close.js';
import {
  BatchNorm1d,
  Buffer,
  Dropout,
  Linear,
  Module,
  Parameter,
  ReLU,
  Sequential,
  Sigmoid,
} from './index.js';

class Net extends Module {
  body = new Sequential(new Linear(3, 4), new ReLU(), new Linear(4, 2));
  norm = new BatchNorm1d(2);
  scale = Parameter.from(tensor([2]));
  heads = new Map<string, Module>([['out', new Linear(2, 1)]]);
  forward(x: Tensor): Tensor {
    return this.heads.get('out')!.forward(this.norm.forward(this.body.forward(x)).mul(this.scale));
  }
}

test('namedParameters walks fields, arrays and Maps with dotted names', () => {
  const names = new Net().namedParameters().map(([n]) => n);
  assert.deepEqual(names, [
    'body.layers.0.weight',
    'body.layers.0.bias',
    'body.layers.2.weight',
    'body.layers.2.bias',
    'norm.weight',
    'norm.bias',
    'scale',
    'heads.out.weight',
    'heads.out.bias',
  ]);
  assert.equal(new Net().parameters().length, 9);
});

test('buffers, children and modules', () => {
  const net = new Net();
  assert.deepEqual(
    net.namedBuffers().map(([n]) => n),
    ['norm.runningMean', 'norm.runningVar', 'norm.numBatchesTracked'],
  );
  assert.ok(net.buffers().every((b) => b instanceof Buffer && !b.requiresGrad));
  assert.deepEqual(
    net.namedChildren().map(([n]) => n),
    ['body', 'norm', 'heads.out'],
  );
  // Net, body, Linear, ReLU, Linear, BatchNorm1d, head Linear.
  assert.equal(net.modules().length, 7);
  assert.equal(net.children()[0], net.body);
});

test('a shared parameter is listed once', () => {
  const fc = new Linear(2, 2);
  const tied = new Sequential(fc, fc);
  assert.equal(tied.parameters().length, 2);
  assert.equal(tied.numParameters(), 6); // 2·2 weights + 2 biases
});

test('train() and eval() set the flag on every submodule', () => {
  const net = new Net();
  net.eval();
  assert.ok(net.modules().every((m) => !m.training));
  net.train();
  assert.ok(net.modules().every((m) => m.training));
  net.train(false);
  assert.equal(net.norm.training, false);
});

test('apply visits children before the parent', () => {
  const seen: string[] = [];
  new Sequential(new Linear(1, 1), new Sigmoid()).apply((m) => {
    seen.push(m.constructor.name);
  });
  assert.deepEqual(seen, ['Linear', 'Sigmoid', 'Sequential']);
});

test('numParameters counts elements, trainableOnly skips frozen ones', () => {
  const net = new Sequential(new Linear(3, 4), new Linear(4, 2));
  // (3·4 + 4) + (4·2 + 2) = 26
  assert.equal(net.numParameters(), 26);
  net.layers[0]!.requiresGrad_(false);
  assert.equal(net.numParameters({ trainableOnly: true }), 10);
});

test('freezing excludes parameters from gradients; zeroGrad clears them', () => {
  const net = new Sequential(new Linear(3, 4), new ReLU(), new Linear(4, 1));
  const [first, , last] = net.layers as [Linear, ReLU, Linear];
  first.requiresGrad_(false);
  net
    .forward(ones([2, 3]))
    .sum()
    .backward();
  assert.equal(first.weight.grad, null);
  assert.equal(first.bias!.grad, null);
  assert.ok(last.weight.grad !== null);
  net.zeroGrad();
  assert.equal(last.weight.grad, null);
});

test('stateDict / loadStateDict round-trip copies into the existing storage', () => {
  manualSeed(1);
  const a = new Net();
  const b = new Net();
  const weight = b.body.layers[0] as Linear;
  const storage = weight.weight.storage;
  a.norm.runningMean!.copy_(tensor([5, 6]));
  b.loadStateDict(a.stateDict());
  assert.equal(weight.weight.storage, storage, 'the same storage, so optimizers keep their references');
  for (const [k, t] of Object.entries(a.stateDict())) expectClose(b.stateDict()[k]!, t);
  expectClose(b.norm.runningMean!, [5, 6]);
  const x = tensor([[1, 2, 3]]);
  a.eval();
  b.eval();
  expectClose(b.forward(x), a.forward(x));
});

test('loadStateDict: strict lists missing and unexpected keys; non-strict loads the rest', () => {
  const net = new Linear(2, 1);
  assert.throws(
    () => net.loadStateDict({ weight: zeros([1, 2]), extra: zeros([1]) }),
    (e: unknown) =>
      e instanceof ValueError && /missing keys \[bias\], unexpected keys \[extra\]/.test(e.message),
  );
  net.loadStateDict({ weight: tensor([[3, 4]]), extra: zeros([1]) }, { strict: false });
  expectClose(net.weight, [[3, 4]]);
});

test('loadStateDict rejects a shape or dtype mismatch before writing anything', () => {
  const net = new Linear(2, 1);
  const before = [...net.weight.data()];
  assert.throws(
    () => net.loadStateDict({ weight: ones([1, 2]), bias: zeros([2]) }),
    (e: unknown) =>
      e instanceof ShapeError && /'bias': expected a tensor of shape \[1\], got \[2\]/.test(e.message),
  );
  expectClose(net.weight, before);
  assert.throws(
    () => net.loadStateDict({ weight: ones([1, 2], { dtype: 'int32' }), bias: zeros([1]) }),
    (e: unknown) =>
      e instanceof DTypeError && /'weight': expected a float32 tensor, got int32/.test(e.message),
  );
});

test('loadStateDict casts float64 values into a float32 module', () => {
  const net = new Linear(1, 1);
  net.loadStateDict({
    weight: tensor([[0.5]], { dtype: 'float64' }),
    bias: tensor([1], { dtype: 'float64' }),
  });
  expectClose(net.forward(tensor([[2]])), [[2]]); // 0.5·2 + 1
});

test('Parameter factories and Buffer.copy_', () => {
  const p = Parameter.zeros([2, 2], { dtype: 'float64' });
  assert.equal(p.dtype, 'float64');
  assert.ok(p.requiresGrad && p.isLeaf);
  const u = Parameter.uniform([1000], -0.5, 0.5);
  assert.ok([...u.data()].every((v) => v >= -0.5 && v < 0.5));
  const src = tensor([1, 2], { requiresGrad: true });
  const q = Parameter.from(src.mul(2));
  assert.ok(q.isLeaf && q.requiresGrad);
  expectClose(q, [2, 4]);
  assert.throws(() => Parameter.from(tensor([1], { dtype: 'int32' })), DTypeError);
  const b = Buffer.zeros([2]);
  noGrad(() => b.copy_(tensor([7, 8])));
  expectClose(b, [7, 8]);
  assert.throws(() => b.copy_(zeros([3])), /Buffer.copy_: expected a tensor of shape \[2\], got \[3\]/);
});

test('summary prints each layer, its output shape and parameters, with totals', () => {
  const net = new Sequential(new Linear(4, 8), new ReLU(), new Dropout(0.5), new Linear(8, 2));
  net.layers[3]!.requiresGrad_(false);
  const expected = [
    'Layer (type)         Output Shape   Param #',
    '===========================================',
    'layers.0 (Linear)    [1, 8]         40',
    'layers.1 (ReLU)      [1, 8]         0',
    'layers.2 (Dropout)   [1, 8]         0',
    'layers.3 (Linear)    [1, 2]         18',
    '===========================================',
    'Total params: 58',
    'Trainable params: 40',
    'Non-trainable params: 18',
  ].join('\n');
  assert.equal(net.summary([1, 4]), expected);
  // The hooks are gone afterwards: forward is the class's method again.
  assert.ok(!Object.hasOwn(net.layers[0]!, 'forward'));
});

test('summary runs in eval mode: BatchNorm statistics stay and a batch of 1 works', () => {
  const net = new Sequential(new Linear(2, 3), new BatchNorm1d(3));
  const summary = net.summary([1, 2]);
  assert.match(summary, /layers\.1 \(BatchNorm1d\)\s+\[1, 3\]\s+6/);
  assert.ok(net.training, 'training mode is restored');
  expectClose((net.layers[1] as BatchNorm1d).runningMean!, [0, 0, 0]);
});

test("strict loadStateDict refuses keys that only Object.prototype has ('toString', '__proto__', ...)", () => {
  const model = new Linear(2, 1);
  for (const key of ['toString', 'constructor', '__proto__', 'hasOwnProperty', 'valueOf']) {
    const dict: Record<string, Tensor> = { ...model.stateDict() };
    Object.defineProperty(dict, key, { value: tensor([1]), enumerable: true });
    assert.throws(() => model.loadStateDict(dict), new RegExp(`unexpected keys \\[${key}\\]`), key);
  }
  // A dict missing a key is caught even when Object.prototype has a property of that name.
  const named = new Linear(2, 1);
  const partial = Object.create(null) as Record<string, Tensor>;
  partial.weight = named.weight;
  assert.throws(() => named.loadStateDict(partial), /missing keys \[bias\]/);
});

test('String(model) and console.log print the module tree as PyTorch does, never the weights', () => {
  const model = new Sequential(new Linear(784, 10), new ReLU());
  assert.equal(
    String(model),
    ['Sequential(', '  (layers.0): Linear(inFeatures=784, outFeatures=10)', '  (layers.1): ReLU()', ')'].join(
      '\n',
    ),
  );
  const { inspect } = process.getBuiltinModule('node:util') as typeof import('node:util');
  assert.equal(inspect(model), String(model));
  class Head extends Module {
    readonly classes = 3;
    fc = new Linear(2, 3);
    forward(x: Tensor): Tensor {
      return this.fc.forward(x);
    }
  }
  assert.equal(String(new Head()), 'Head(\n  classes=3\n  (fc): Linear(inFeatures=2, outFeatures=3)\n)');
});
