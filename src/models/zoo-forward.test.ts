import assert from 'node:assert/strict';
import { test } from 'node:test';
import { randn, ShapeError } from '../index.js';
import { efficientnet } from './efficientnet.js';
import { googlenet } from './googlenet.js';
import { inceptionModule } from './inception-module.js';
import { lenet5 } from './lenet5.js';
import { mobilenetV1 } from './mobilenet-v1.js';
import { mobilenetV2 } from './mobilenet-v2.js';
import { resnet18, resnet34, resnet50 } from './resnet.js';
import { unet } from './unet.js';
import { checkTrainStep } from './zoo-test-helpers.js';

test('LeNet-5 trains a step on 28×28 and on unpadded 32×32 input', () => {
  checkTrainStep(lenet5(), [2, 1, 28, 28], 10);
  checkTrainStep(lenet5({ inputSize: 32, activation: 'tanh', pool: 'avg' }), [2, 1, 32, 32], 10);
});

test('ResNet-18, -34 and -50 (base width 8) train a step on 32×32', () => {
  checkTrainStep(resnet18({ numClasses: 10, baseWidth: 8 }), [2, 3, 32, 32], 10);
  checkTrainStep(resnet34({ numClasses: 10, baseWidth: 8 }), [2, 3, 32, 32], 10);
  checkTrainStep(resnet50({ numClasses: 10, baseWidth: 8 }), [2, 3, 32, 32], 10);
});

test('the inception module concatenates its four branches', () => {
  const m = inceptionModule(8, { c1x1: 2, c3x3Reduce: 3, c3x3: 4, c5x5Reduce: 2, c5x5: 3, poolProj: 1 });
  assert.equal(m.outChannels, 10);
  assert.deepEqual(m.forward(randn([2, 8, 5, 5])).shape, [2, 10, 5, 5]);
  const paper = inceptionModule(
    8,
    { c1x1: 2, c3x3Reduce: 3, c3x3: 4, c5x5Reduce: 2, c5x5: 3, poolProj: 1 },
    { wideKernel: 5 },
  );
  assert.deepEqual(paper.branch3.layers[1]!.parameters()[0]!.shape, [3, 2, 5, 5]);
});

test('GoogLeNet trains a step on 64×64; the aux heads give logits in training only', () => {
  checkTrainStep(googlenet({ numClasses: 5 }), [2, 3, 64, 64], 5);
  const net = googlenet({ numClasses: 5, auxLogits: true });
  const { aux1, aux2 } = net.forwardWithAux(randn([2, 3, 64, 64]));
  assert.deepEqual(aux1?.shape, [2, 5]);
  assert.deepEqual(aux2?.shape, [2, 5]);
  net.eval();
  assert.equal(net.forwardWithAux(randn([1, 3, 64, 64])).aux1, undefined);
});

test('MobileNetV1 and V2 at width 0.25 train a step on 32×32', () => {
  checkTrainStep(mobilenetV1({ numClasses: 10, widthMultiplier: 0.25 }), [2, 3, 32, 32], 10);
  checkTrainStep(mobilenetV2({ numClasses: 10, widthMultiplier: 0.25 }), [2, 3, 32, 32], 10);
});

test('EfficientNet (narrow, shallow) trains a step on 32×32', () => {
  checkTrainStep(
    efficientnet(0, { numClasses: 10, scaling: { width: 0.25, depth: 0.3 } }),
    [2, 3, 32, 32],
    10,
  );
});

test('U-Net output has the input’s height and width', () => {
  const net = unet({ inChannels: 3, numClasses: 2, baseChannels: 4, depth: 2 });
  const y = net.forward(randn([2, 3, 16, 12]));
  assert.deepEqual(y.shape, [2, 2, 16, 12]);
  y.square().mean().backward();
  assert.ok(net.parameters().every((p) => p.grad !== null));
  assert.throws(
    () => net.forward(randn([1, 3, 10, 12])),
    (e: unknown) =>
      e instanceof ShapeError && /unet: .* divisible by 4, got \[1, 3, 10, 12\]/.test(e.message),
  );
});
