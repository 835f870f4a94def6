import assert from 'node:assert/strict';
import { test } from 'node:test';
import { crossEntropy, Generator, manualSeed, nn, optim, randint, randn, ValueError } from '../index.js';
import { lenet5 } from './lenet5.js';
import { resnet18 } from './resnet.js';
import { freezeAllBut, paramGroupsForFineTuning, replaceHead } from './transfer.js';
import { unet } from './unet.js';

test('freezeAllBut keeps only the last k parameterized layers trainable', () => {
  const model = lenet5(); // conv1, conv2, fc1, fc2, fc3
  freezeAllBut(model, 2);
  const trainable = model
    .namedParameters()
    .filter(([, p]) => p.requiresGrad)
    .map(([n]) => n);
  assert.deepEqual(trainable, ['layers.9.weight', 'layers.9.bias', 'layers.11.weight', 'layers.11.bias']);
  freezeAllBut(model, 0);
  assert.equal(model.numParameters({ trainableOnly: true }), 0);
  freezeAllBut(model, 99);
  assert.equal(model.numParameters({ trainableOnly: true }), 61706);
  assert.throws(() => freezeAllBut(model, -1), /freezeAllBut: k must be a non-negative integer, got -1/);
});

test('replaceHead swaps the last Linear (or U-Net’s 1×1 conv) for a fresh one', () => {
  const net = resnet18({ numClasses: 1000, baseWidth: 8, init: false });
  const head = replaceHead(net, 7);
  assert.equal(net.fc, head);
  assert.deepEqual(net.fc.weight.shape, [7, 64]);
  assert.deepEqual(net.forward(randn([2, 3, 32, 32])).shape, [2, 7]);
  const seg = unet({ baseChannels: 4, depth: 1, numClasses: 2 });
  replaceHead(seg, 5);
  assert.deepEqual(seg.forward(randn([1, 1, 4, 4])).shape, [1, 5, 4, 4]);
  assert.throws(
    () => replaceHead(new nn.Sequential(new nn.ReLU()), 3),
    /replaceHead: the model has no Linear layer/,
  );
  assert.throws(
    () => replaceHead(net, 0),
    (e: unknown) => e instanceof ValueError && /numClasses must be a positive integer, got 0/.test(e.message),
  );
});

test('paramGroupsForFineTuning splits trainable body and head parameters', () => {
  const model = lenet5();
  const [body, head] = paramGroupsForFineTuning(model, { bodyLr: 1e-4, headLr: 1e-2 });
  assert.equal(body?.lr, 1e-4);
  assert.equal(body?.params.length, 8); // 4 layers × (weight, bias)
  assert.equal(head?.lr, 1e-2);
  assert.deepEqual(head?.params, model.layers[11]!.parameters());
  freezeAllBut(model, 1);
  const groups = paramGroupsForFineTuning(model, { bodyLr: 1e-4, headLr: 1e-2 });
  assert.deepEqual(
    groups.map((g) => [g.lr, g.params.length]),
    [[1e-2, 2]],
  ); // the empty body group is left out
  assert.throws(
    () => paramGroupsForFineTuning(model, { bodyLr: -1, headLr: 1 }),
    /bodyLr must be a non-negative number/,
  );
});

test('fine-tuning: a frozen LeNet body stays fixed while a new head learns', () => {
  manualSeed(11);
  const g = new Generator(5);
  const model = lenet5();
  freezeAllBut(model, 0);
  replaceHead(model, 3);
  const frozen = model.namedParameters().filter(([, p]) => !p.requiresGrad);
  const before = frozen.map(([, p]) => [...p.data()]);
  const x = randn([12, 1, 28, 28], { generator: g });
  const y = randint(0, 3, [12], { generator: g });
  const opt = new optim.Adam(paramGroupsForFineTuning(model, { bodyLr: 1e-4, headLr: 0.05 }));
  const losses: number[] = [];
  for (let step = 0; step < 30; step++) {
    opt.zeroGrad();
    const loss = crossEntropy(model.forward(x), y);
    loss.backward();
    opt.step();
    losses.push(loss.item());
  }
  assert.ok(losses.at(-1)! < 0.7 * losses[0]!, `loss ${losses[0]} → ${losses.at(-1)}`);
  frozen.forEach(([name, p], i) => {
    assert.deepEqual([...p.data()], before[i], `${name} changed`);
    assert.equal(p.grad, null, `${name} got a gradient`);
  });
});
