import assert from 'node:assert/strict';
import { test } from 'node:test';
import { manualSeed, nn, noGrad, randn, ShapeError, ValueError } from '../../index.js';
import { expectClose } from '../../testing/expect-close.js';
import { toFullyConvolutional } from './to-fully-convolutional.js';

/** A small LeNet-like classifier of 1×20×20 windows: 20 → conv 3 → 18 → pool 2 → 9 → conv 3 → 7 → pool 2 → 3. */
function classifier(): nn.Sequential {
  return new nn.Sequential(
    new nn.Sequential(
      new nn.Conv2d(1, 4, 3),
      new nn.BatchNorm2d(4),
      new nn.ReLU(),
      new nn.MaxPool2d(2),
      new nn.Conv2d(4, 6, 3),
      new nn.ReLU(),
      new nn.MaxPool2d(2),
    ),
    new nn.Flatten(),
    new nn.Sequential(new nn.Linear(6 * 3 * 3, 12), new nn.ReLU(), new nn.Dropout(0.5), new nn.Linear(12, 5)),
    new nn.LogSoftmax(-1),
  );
}

test('over a larger image the fully convolutional net gives the classifier of every window, stride 2·2', () => {
  manualSeed(3);
  const model = classifier().eval();
  const fcn = toFullyConvolutional(model, [1, 20, 20]);
  // 28×32: (28 − 20)/4 + 1 = 3 rows and (32 − 20)/4 + 1 = 4 columns of windows.
  const image = randn([2, 1, 28, 32]);
  const map = noGrad(() => fcn.forward(image));
  assert.deepEqual(map.shape, [2, 5, 3, 4]);
  for (let i = 0; i < 3; i++)
    for (let j = 0; j < 4; j++) {
      const window = image.narrow(2, 4 * i, 20).narrow(3, 4 * j, 20);
      const expected = noGrad(() => model.forward(window));
      const got = map.narrow(2, i, 1).narrow(3, j, 1).reshape([2, 5]);
      expectClose(got, expected, { rtol: 1e-5, atol: 1e-5 });
    }
});

test('on the training size it is the classifier, [N, classes, 1, 1]; the trunk is shared, the head copied', () => {
  const model = classifier().eval();
  const fcn = toFullyConvolutional(model, [1, 20, 20]);
  const x = randn([3, 1, 20, 20]);
  expectClose(
    noGrad(() => fcn.forward(x)).reshape([3, 5]),
    noGrad(() => model.forward(x)),
    {
      rtol: 1e-5,
      atol: 1e-5,
    },
  );
  const trunk = (model.layers[0] as nn.Sequential).layers;
  assert.equal(fcn.layers[0], trunk[0]);
  const head = fcn.layers[7] as nn.Conv2d;
  assert.ok(head instanceof nn.Conv2d);
  assert.deepEqual(head.weight.shape, [12, 6, 3, 3]);
  assert.deepEqual((fcn.layers[10] as nn.Conv2d).weight.shape, [5, 12, 1, 1]);
  assert.equal((fcn.layers[11] as nn.LogSoftmax).axis, 1);
});

test('finding the feature shape leaves BatchNorm statistics and training modes as they were', () => {
  const model = classifier();
  const bn = (model.layers[0] as nn.Sequential).layers[1] as nn.BatchNorm2d;
  const before = [...bn.runningMean!.data()];
  toFullyConvolutional(model, [1, 20, 20]);
  assert.deepEqual([...bn.runningMean!.data()], before);
  assert.ok(model.modules().every((m) => m.training));
});

test('toFullyConvolutional rejects what it cannot convert', () => {
  assert.throws(
    () => toFullyConvolutional(new nn.Sequential(new nn.Linear(4, 2)), [1, 2, 2]),
    new ValueError('toFullyConvolutional: the model has no Flatten between its trunk and its head'),
  );
  assert.throws(
    () => toFullyConvolutional(classifier(), [1, 24, 24]),
    new ShapeError('toFullyConvolutional: layer 8 (Linear) takes 54 features, but [6, 4, 4] = 96 reach it'),
  );
  const norm = new nn.Sequential(new nn.Conv2d(1, 2, 3), new nn.Flatten(), new nn.BatchNorm1d(2));
  assert.throws(
    () => toFullyConvolutional(norm, [1, 3, 3]),
    /toFullyConvolutional: cannot convert layer 2 \(BatchNorm1d\) after the Flatten/,
  );
  assert.throws(
    () => toFullyConvolutional(classifier(), [20, 20]),
    /inputShape must be \[channels, height, width\]/,
  );
});
