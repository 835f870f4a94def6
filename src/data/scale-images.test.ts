import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ValueError } from '../errors.js';
import '../ops/index.js';
import { tensor } from '../tensor/creation.js';
import { expectClose } from '../testing/expect-close.js';
import { type ImageScaling, scaleImages } from './scale-images.js';

test('the three pixel scalings', () => {
  const x = tensor([0, 128, 255], { dtype: 'int32' });
  expectClose(scaleImages(x, 'unit'), [0, 128 / 255, 1]);
  expectClose(scaleImages(x, 'centered'), [-0.5, 128 / 255 - 0.5, 0.5]);
  expectClose(scaleImages(x, 'symmetric'), [-1, 0, 127 / 128]);
  assert.equal(scaleImages(x).dtype, 'float32');
  assert.throws(
    () => scaleImages(x, 'minmax' as ImageScaling),
    new ValueError(`scaleImages: mode must be 'unit', 'centered' or 'symmetric', got "minmax"`),
  );
});
