import { test } from 'node:test';
import { alexnet } from './alexnet.js';
import { checkTrainStep } from './zoo-test-helpers.js';

// Full width (AlexNet has no width multiplier): 10 classes and the smallest input that fits.
test('AlexNet trains a step on 64×64', () => {
  checkTrainStep(alexnet({ numClasses: 10 }), [1, 3, 64, 64], 10);
});
