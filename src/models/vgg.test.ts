import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Vgg, vgg16 } from './vgg.js';
import { checkTrainStep } from './zoo-test-helpers.js';

// Full width (VGG has no width multiplier): 10 classes and the smallest input that fits.
test('VGG-16 trains a step on 32×32', () => {
  checkTrainStep(vgg16({ numClasses: 10 }), [1, 3, 32, 32], 10);
});

test('VGG-11 with batch norm: 8 convs, each followed by BatchNorm2d', () => {
  const net = new Vgg({ depth: 11, batchNorm: true, init: false });
  const names = net.features.layers.map((m) => m.constructor.name);
  assert.equal(names.filter((n) => n === 'Conv2d').length, 8);
  assert.equal(names.filter((n) => n === 'BatchNorm2d').length, 8);
  assert.throws(() => new Vgg({ depth: 12 as 16 }), /vgg: depth must be 11, 13, 16 or 19, got 12/);
});
