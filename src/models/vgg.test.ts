import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Vgg, vgg16 } from './vgg.js';
import { checkTrainStep } from './zoo-test-helpers.js';

// 1/8 width with a narrow classifier: 10 classes and the smallest input that fits.
test('VGG-16 trains a step on 32×32', () => {
  checkTrainStep(vgg16({ numClasses: 10, baseWidth: 8, hiddenFeatures: 64 }), [1, 3, 32, 32], 10);
});

test('baseWidth scales every conv, hiddenFeatures the classifier (counts as torchvision’s)', () => {
  // Convs 3→4→4, 4→8→8, 8→16×3, 16→32×3, 32→32×3 (3×3 + bias) = 57,828; classifier
  // 32·7·7→16→16→10 = 25,546. torchvision's VGG with the same widths counts 83,374 too.
  assert.equal(
    vgg16({ numClasses: 10, baseWidth: 4, hiddenFeatures: 16, init: false }).numParameters(),
    83374,
  );
  assert.equal(
    vgg16({ numClasses: 10, baseWidth: 8, hiddenFeatures: 64, init: false }).numParameters(),
    436146,
  );
  assert.throws(() => vgg16({ baseWidth: 0 }), /vgg: baseWidth must be a positive integer, got 0/);
  assert.throws(
    () => vgg16({ hiddenFeatures: 2.5 }),
    /vgg: hiddenFeatures must be a positive integer, got 2.5/,
  );
});

test('VGG-11 with batch norm: 8 convs, each followed by BatchNorm2d', () => {
  const net = new Vgg({ depth: 11, batchNorm: true, init: false });
  const names = net.features.layers.map((m) => m.constructor.name);
  assert.equal(names.filter((n) => n === 'Conv2d').length, 8);
  assert.equal(names.filter((n) => n === 'BatchNorm2d').length, 8);
  assert.throws(() => new Vgg({ depth: 12 as 16 }), /vgg: depth must be 11, 13, 16 or 19, got 12/);
});
