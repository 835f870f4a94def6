import assert from 'node:assert/strict';
import { test } from 'node:test';
import { grad, nn, ShapeError, type Tensor, tensor, ValueError, zeros } from '../../index.js';
import { expectClose } from '../../testing/index.js';
import { maxActivatingPatches } from './max-activating-patches.js';
import { receptiveField } from './receptive-field.js';
import { saliencyMap } from './saliency-map.js';

const fill = (t: Tensor, values: number[] | number) => {
  const d = t.data();
  for (let i = 0; i < d.length; i++) d[i] = typeof values === 'number' ? values : values[i]!;
};

/** conv 3 pad 1 → ReLU → max pool 2 → conv 3 dilation 2 → conv 3 stride 2 pad 1, all weights 1. */
function stack(): nn.Sequential {
  const model = new nn.Sequential(
    new nn.Conv2d(1, 1, 3, { padding: 1, bias: false }),
    new nn.ReLU(),
    new nn.MaxPool2d(2),
    new nn.Conv2d(1, 1, 3, { dilation: 2, bias: false }),
    new nn.Conv2d(1, 1, 3, { stride: 2, padding: 1, bias: false }),
  );
  for (const p of model.parameters()) fill(p, 1);
  return model;
}

test('receptive fields grow by (k − 1)·jump, shift by padding·jump and multiply the jump by the stride', () => {
  const model = stack();
  assert.deepEqual(receptiveField(model, 'layers.0'), { size: [3, 3], stride: [1, 1], offset: [1, 1] });
  assert.deepEqual(receptiveField(model, 'layers.2'), { size: [4, 4], stride: [2, 2], offset: [1, 1] });
  // Dilation 2 makes the 3-tap kernel span 5: 4 + 4·2 = 12.
  assert.deepEqual(receptiveField(model, 'layers.3'), { size: [12, 12], stride: [2, 2], offset: [1, 1] });
  assert.deepEqual(receptiveField(model, 'layers.4'), { size: [16, 16], stride: [4, 4], offset: [3, 3] });
  assert.throws(() => receptiveField(model, 'layers.9'), /receptiveField: the model has no layer 'layers.9'/);
  const adaptive = new nn.Sequential(new nn.AdaptiveAvgPool2d(2), new nn.Conv2d(1, 1, 3));
  assert.throws(
    () => receptiveField(adaptive, 'layers.1'),
    /cannot trace through 'layers.0' \(AdaptiveAvgPool2d\)/,
  );
});

test('the traced field is where the gradient of a unit of a linear network is non-zero', () => {
  // Without the ReLU and the max pool (both data-dependent), all-ones weights touch every input of the field.
  const model = new nn.Sequential(
    new nn.Conv2d(1, 1, 3, { padding: 1, bias: false }),
    new nn.AvgPool2d(2),
    new nn.Conv2d(1, 1, 3, { stride: 2, bias: false }),
  );
  for (const p of model.parameters()) fill(p, 1);
  const field = receptiveField(model, 'layers.2'); // size 3 + 1 + 2·2 = 8, jump 4, offset 1
  assert.deepEqual(field, { size: [8, 8], stride: [4, 4], offset: [1, 1] });
  const g = grad((x: Tensor) => model.forward(x).select(2, 1).select(2, 1).sum())(
    zeros([1, 1, 16, 16]),
  ).data();
  // Unit (1, 1) reads rows and columns 4 − 1 = 3 … 10.
  for (let y = 0; y < 16; y++)
    for (let x = 0; x < 16; x++)
      assert.equal(g[y * 16 + x] !== 0, y >= 3 && y <= 10 && x >= 3 && x <= 10, `(${y}, ${x})`);
});

test('maxActivatingPatches cuts the receptive fields of the k strongest units, strongest first, ties in order', () => {
  const model = new nn.Sequential(new nn.Conv2d(1, 1, 2, { bias: false })); // the sum of each 2×2 window
  fill(model.parameters()[0]!, 1);
  const images = zeros([2, 1, 4, 4]).contiguous();
  images.data()[1 * 4 + 2] = 5; // image 0, row 1, column 2
  images.data()[16 + 3 * 4 + 3] = 9; // image 1, row 3, column 3
  const { patches, units } = maxActivatingPatches(model, 'layers.0', 0, images, 2);
  assert.deepEqual(units, [
    { image: 1, y: 2, x: 2, value: 9 },
    { image: 0, y: 0, x: 1, value: 5 }, // the first of the four windows holding the 5
  ]);
  expectClose(patches, [
    [
      [
        [0, 0],
        [0, 9],
      ],
    ],
    [
      [
        [0, 0],
        [0, 5],
      ],
    ],
  ]);
  // With padding, the field of a corner unit hangs over the edge: that part reads 0.
  const padded = new nn.Sequential(new nn.Conv2d(1, 1, 3, { padding: 1, bias: false }));
  fill(padded.parameters()[0]!, 1);
  const corner = tensor([
    [
      [
        [7, 0],
        [0, 0],
      ],
    ],
  ]);
  const top = maxActivatingPatches(padded, 'layers.0', 0, corner, 1);
  assert.deepEqual(top.units, [{ image: 0, y: 0, x: 0, value: 7 }]);
  expectClose(top.patches, [
    [
      [
        [0, 0, 0],
        [0, 7, 0],
        [0, 0, 0],
      ],
    ],
  ]);
  assert.throws(
    () => maxActivatingPatches(model, 'layers.0', 1, images, 1),
    /channel must be in \[0, 1\), got 1/,
  );
  assert.throws(() => maxActivatingPatches(model, 'layers.0', 0, images, 19), /k must be in \[1, 18\]/);
  assert.throws(() => maxActivatingPatches(model, 'layers.0', 0, zeros([4, 4]), 1), ShapeError);
});

test('saliencyMap of a linear model is |w| of the chosen class, max over channels', () => {
  const model = new nn.Sequential(new nn.Flatten(), new nn.Linear(8, 2));
  const linear = model.layers[1] as nn.Linear;
  fill(linear.weight, [0, 0, 0, 1, 0, 0, 0, 0, 1, -2, 3, -4, -5, 1, 0, 2]);
  const x = zeros([2, 2, 2, 2]);
  // Image 0 asks for class 0 (only weight 3 is non-zero), image 1 for class 1:
  // channel 0 |1, −2, 3, −4|, channel 1 |−5, 1, 0, 2| → max [5, 2, 3, 4].
  expectClose(saliencyMap(model, x, [0, 1]), [
    [
      [0, 0],
      [0, 1],
    ],
    [
      [5, 2],
      [3, 4],
    ],
  ]);
  assert.throws(() => saliencyMap(model, x, 2), /classIndex 2 must pick columns of the scores \[2, 2\]/);
  assert.throws(() => saliencyMap(model, x, [0]), /classIndex has 1 entries for 2 images/);
  assert.throws(() => saliencyMap(model, zeros([8]), 0), ShapeError);
  assert.throws(() => saliencyMap(model, x, -1), ValueError);
});
