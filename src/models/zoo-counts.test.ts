import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ValueError } from '../index.js';
import { alexnet } from './alexnet.js';
import { compoundScaling } from './compound-scaling.js';
import { efficientnet } from './efficientnet.js';
import { googlenet } from './googlenet.js';
import { lenet5 } from './lenet5.js';
import { makeDivisible } from './make-divisible.js';
import { mobilenetV1 } from './mobilenet-v1.js';
import { mobilenetV2 } from './mobilenet-v2.js';
import { resnet18, resnet34, resnet50 } from './resnet.js';
import { vgg16 } from './vgg.js';

// Parameter counts at 1000 classes, as torchvision reports them (models built with init: false,
// which allocates zeros and draws nothing, so even VGG-16 builds quickly).

test('LeNet-5 has 61,706 parameters (the benchmark CNN)', () => {
  // conv 1·6·25 + 6 = 156; conv 6·16·25 + 16 = 2416; 400·120 + 120 = 48120; 120·84 + 84 = 10164; 84·10 + 10 = 850
  assert.equal(lenet5().numParameters(), 156 + 2416 + 48120 + 10164 + 850);
  assert.equal(lenet5({ init: false }).numParameters(), 61706);
});

test('AlexNet 61,100,840 and VGG-16 138,357,544', () => {
  assert.equal(alexnet({ init: false }).numParameters(), 61_100_840);
  assert.equal(vgg16({ init: false }).numParameters(), 138_357_544);
});

test('ResNet-18 11,689,512, ResNet-34 21,797,672, ResNet-50 25,557,032', () => {
  assert.equal(resnet18({ init: false }).numParameters(), 11_689_512);
  assert.equal(resnet34({ init: false }).numParameters(), 21_797_672);
  assert.equal(resnet50({ init: false }).numParameters(), 25_557_032);
});

test('GoogLeNet 6,624,904 without aux heads, 13,004,888 with them', () => {
  assert.equal(googlenet({ init: false }).numParameters(), 6_624_904);
  assert.equal(googlenet({ init: false, auxLogits: true }).numParameters(), 13_004_888);
});

test('GoogLeNet at widthMultiplier 1/8: 91,410 parameters at 10 classes (torchvision, same widths)', () => {
  const narrow = { numClasses: 10, widthMultiplier: 0.125, init: false };
  assert.equal(googlenet(narrow).numParameters(), 91_410);
  // The aux heads narrow too: conv 1×1 to 16 + BN (64·16 + 32, 66·16 + 32), fc 256 → 128 (32,896),
  // fc 128 → 10 (1,290): 35,242 + 35,274 more.
  assert.equal(googlenet({ ...narrow, auxLogits: true }).numParameters(), 161_926);
  assert.throws(
    () => googlenet({ widthMultiplier: 0 }),
    /googlenet: widthMultiplier must be a positive number, got 0/,
  );
});

test('MobileNetV1 4,231,976, MobileNetV2 3,504,872', () => {
  assert.equal(mobilenetV1({ init: false }).numParameters(), 4_231_976);
  assert.equal(mobilenetV2({ init: false }).numParameters(), 3_504_872);
});

test('EfficientNet B0 5,288,548, B1 7,794,184, B7 66,347,960', () => {
  assert.equal(efficientnet(0, { init: false }).numParameters(), 5_288_548);
  assert.equal(efficientnet(1, { init: false }).numParameters(), 7_794_184);
  assert.equal(efficientnet(7, { init: false }).numParameters(), 66_347_960);
});

test('init: false leaves every parameter at zero', () => {
  const model = lenet5({ init: false });
  assert.ok(model.parameters().every((p) => p.data().every((v) => v === 0)));
});

test('compoundScaling raises α, β, γ to φ', () => {
  const s = compoundScaling(2);
  // 1.2² = 1.44, 1.1² = 1.21, 1.15² = 1.3225
  assert.ok(Math.abs(s.depth - 1.44) < 1e-12 && Math.abs(s.width - 1.21) < 1e-12);
  assert.ok(Math.abs(s.resolution - 1.3225) < 1e-12);
  assert.deepEqual(compoundScaling(0), { depth: 1, width: 1, resolution: 1 });
  assert.deepEqual(compoundScaling(1, { alpha: 2, beta: 1, gamma: 1 }), {
    depth: 2,
    width: 1,
    resolution: 1,
  });
  assert.throws(() => compoundScaling(Number.NaN), /compoundScaling: phi must be a finite number/);
  assert.throws(() => compoundScaling(1, { beta: 0.5 }), /compoundScaling: beta must be at least 1, got 0.5/);
});

test('makeDivisible rounds to multiples of 8, never more than 10% down', () => {
  assert.equal(makeDivisible(24), 24);
  assert.equal(makeDivisible(32 * 0.75), 24);
  assert.equal(makeDivisible(1280 * 1.1), 1408);
  assert.equal(makeDivisible(3), 8); // at least the divisor
  assert.equal(makeDivisible(36), 40); // 36 + 4 = 40 → 40
  assert.equal(makeDivisible(35.2), 32); // ⌊39.2/8⌋·8 = 32 ≥ 0.9·35.2 = 31.68, kept
  assert.equal(makeDivisible(11), 16); // ⌊15/8⌋·8 = 8 < 0.9·11 = 9.9, so one more step
});

test('zoo builders reject bad options', () => {
  assert.throws(
    () => resnet18({ numClasses: 0 }),
    (e: unknown) =>
      e instanceof ValueError && /resnet: numClasses must be a positive integer, got 0/.test(e.message),
  );
  assert.throws(() => lenet5({ inChannels: 1.5 }), /lenet5: inChannels must be a positive integer, got 1.5/);
});
