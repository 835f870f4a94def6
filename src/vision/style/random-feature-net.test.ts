import assert from 'node:assert/strict';
import { test } from 'node:test';
import { rand, ValueError } from '../../index.js';
import { expectClose } from '../../testing/index.js';
import { receptiveField } from '../inspect/receptive-field.js';
import { featureExtractor } from './feature-extractor.js';
import { randomFeatureNet } from './random-feature-net.js';

test('randomFeatureNet reads one ReLU per scale, each pooled by 2, and is seeded', () => {
  const { model, contentLayer, styleLayers } = randomFeatureNet({ widths: [4, 6, 8], seed: 3 });
  assert.deepEqual(styleLayers, ['layers.0', 'layers.2', 'layers.5', 'layers.8']);
  assert.equal(contentLayer, 'layers.8');
  const features = featureExtractor(model, styleLayers)(rand([1, 3, 16, 16]));
  assert.deepEqual(
    styleLayers.map((n) => features[n]!.shape),
    [
      [1, 3, 16, 16],
      [1, 4, 16, 16],
      [1, 6, 8, 8],
      [1, 8, 4, 4],
    ],
  );
  // The scales: the pixel itself, 3, then 3 + 1 + 2·2 = 8, then 8 + 2 + 2·4 = 18 pixels.
  assert.deepEqual(
    styleLayers.map((n) => receptiveField(model, n).size[0]),
    [1, 3, 8, 18],
  );
  const again = randomFeatureNet({ widths: [4, 6, 8], seed: 3 }).model.parameters();
  for (const [i, p] of model.parameters().entries()) expectClose(p, again[i]!);
  assert.throws(() => randomFeatureNet({ widths: [4, 0] }), ValueError);
});
