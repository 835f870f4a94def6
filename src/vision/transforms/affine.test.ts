import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  arange,
  DTypeError,
  Generator,
  ones,
  reshape,
  ShapeError,
  type Tensor,
  tensor,
  ValueError,
  zeros,
} from '../../index.js';
import { expectClose } from '../../testing/index.js';
import { affine, affineBoxes, affineMask } from './affine.js';
import { type AffineParams, IDENTITY_AFFINE } from './affine-params.js';
import { randomAffine, randomAffineAnnotated } from './random-affine.js';
import { randomErasing } from './random-erasing.js';

const warp = (p: Partial<AffineParams>): AffineParams => ({ ...IDENTITY_AFFINE, ...p });
// A [1, 4, 4] image holding 0..15 row by row.
const image = (): Tensor => reshape(arange(0, 16, 1, { dtype: 'float32' }), [1, 4, 4]);

test('identity parameters give back the image, the boxes and the mask', () => {
  expectClose(affine(image(), IDENTITY_AFFINE), image());
  expectClose(affine(image(), IDENTITY_AFFINE, { mode: 'bilinear' }), image());
  expectClose(affineBoxes(tensor([[0.5, 1, 3, 2.5]]), IDENTITY_AFFINE, [4, 4]), [[0.5, 1, 3, 2.5]]);
  const mask = tensor(
    [
      [0, 1],
      [2, 3],
    ],
    { dtype: 'int32' },
  );
  assert.deepEqual(affineMask(mask, IDENTITY_AFFINE).toArray(), [
    [0, 1],
    [2, 3],
  ]);
  const still = randomAffine({ degrees: 0, generator: new Generator(1) });
  expectClose(still(image()), image());
});

test('a 90° turn (counter-clockwise) moves pixels and boxes exactly', () => {
  // The top-right pixel (3) goes to the top-left; the left column (0, 4, 8, 12) to the bottom row.
  expectClose(affine(image(), warp({ angle: 90 }), { mode: 'bilinear' }), [
    [
      [3, 7, 11, 15],
      [2, 6, 10, 14],
      [1, 5, 9, 13],
      [0, 4, 8, 12],
    ],
  ]);
  // The box around pixels (x 0–1, y 0) ends around pixels (x 0, y 2–3).
  expectClose(affineBoxes(tensor([[0, 0, 2, 1]]), warp({ angle: 90 }), [4, 4]), [[0, 2, 1, 4]]);
  // −90° undoes it; 180° twice is the identity.
  expectClose(affine(affine(image(), warp({ angle: 90 })), warp({ angle: -90 })), image());
  expectClose(affine(affine(image(), warp({ angle: 180 })), warp({ angle: 180 })), image());
});

test('shift, scale and shear move boxes as the written-out maps say', () => {
  // One pixel right: the last column leaves, the first reads the fill.
  expectClose(affine(image(), warp({ translate: [1, 0] }), { fill: -1 }), [
    [
      [-1, 0, 1, 2],
      [-1, 4, 5, 6],
      [-1, 8, 9, 10],
      [-1, 12, 13, 14],
    ],
  ]);
  expectClose(affineBoxes(tensor([[0, 0, 2, 2]]), warp({ translate: [1, 3] }), [4, 4]), [[1, 3, 3, 4]]);
  // Scale 2 about the centre (2, 2): [1, 3]² becomes [0, 4]², and [0, 2]² is clipped to [0, 2]².
  expectClose(
    affineBoxes(
      tensor([
        [1, 1, 3, 3],
        [0, 0, 2, 2],
      ]),
      warp({ scale: 2 }),
      [4, 4],
    ),
    [
      [0, 0, 4, 4],
      [0, 0, 2, 2],
    ],
  );
  // A 45° x-shear maps (x, y) to (x + y, y) about the centre: [−1, 1]² spans x in [−2, 2].
  expectClose(affineBoxes(tensor([[1, 1, 3, 3]]), warp({ shear: [45, 0] }), [4, 4]), [[0, 1, 4, 3]], {
    atol: 1e-9,
  });
});

test('a random warp keeps mask labels, keeps the labelled pixels inside the moved box, and is seeded', () => {
  const mask = zeros([16, 16], { dtype: 'int32' }).contiguous();
  const m = mask.data();
  for (let y = 4; y < 10; y++) for (let x = 5; x < 12; x++) m[y * 16 + x] = y < 7 ? 3 : 7;
  const sample = { image: mask.cast('float32').unsqueeze(0), boxes: tensor([[5, 4, 12, 10]]), mask, id: 'a' };
  const options = { degrees: 40, translate: [0.1, 0.1] as const, scale: [0.8, 1.2] as const, shear: 10 };
  const out = randomAffineAnnotated({ ...options, generator: new Generator(3) })(sample);
  assert.equal(out.id, 'a');
  const labels = [...out.mask!.data()];
  assert.ok(
    labels.every((v) => v === 0 || v === 3 || v === 7),
    `labels ${[...new Set(labels)]}`,
  );
  assert.ok(labels.includes(3) && labels.includes(7));
  // The image was the mask: both moved the same way.
  assert.deepEqual([...out.image.data()], labels);
  const [x1, y1, x2, y2] = [...out.boxes!.data()] as number[];
  labels.forEach((v, i) => {
    if (v !== 0)
      assert.ok(
        (i % 16) + 0.5 > x1! &&
          (i % 16) + 0.5 < x2! &&
          Math.floor(i / 16) + 0.5 > y1! &&
          Math.floor(i / 16) + 0.5 < y2!,
      );
  });
  const again = randomAffineAnnotated({ ...options, generator: new Generator(3) })(sample);
  assert.deepEqual([...again.mask!.data()], labels);
  expectClose(again.boxes!, out.boxes!);
  // A batch draws one warp per image.
  const batch = randomAffine({ ...options, generator: new Generator(3) })(ones([2, 1, 8, 8]));
  assert.notDeepEqual([...batch.select(0, 0).data()], [...batch.select(0, 1).data()]);
});

test('randomAffine and the warps reject bad input with typed errors', () => {
  assert.throws(
    () => randomAffine({ degrees: -5 }),
    /randomAffine: degrees must be a non-negative number or \[low, high\], got -5/,
  );
  assert.throws(
    () => randomAffine({ degrees: 0, scale: [0, 1] }),
    /scale must be \[low, high\] with 0 < low ≤ high/,
  );
  assert.throws(() => randomAffine({ degrees: 0, translate: [2, 0] }), ValueError);
  assert.throws(
    () => randomAffine({ degrees: 0, shear: [1, 2, 3] }),
    /shear must be a number, \[a, b\] or \[a, b, c, d\]/,
  );
  assert.throws(() => affine(image(), warp({ scale: 0 })), /affine: the warp .* is singular/);
  assert.throws(() => affine(image().squeeze(0), IDENTITY_AFFINE), ShapeError);
  assert.throws(() => affine(image().cast('int32'), IDENTITY_AFFINE), DTypeError);
  assert.throws(
    () => affineMask(zeros([2, 4, 4]), IDENTITY_AFFINE),
    /affineMask: mask must be \[H, W\] or \[1, H, W\]/,
  );
  assert.throws(
    () => affineBoxes(tensor([[0, 0, 1]]), IDENTITY_AFFINE, [4, 4]),
    /affineBoxes: boxes must have shape \[N, 4\]/,
  );
  const bad = randomAffineAnnotated({ degrees: 5 });
  assert.throws(
    () => bad({ image: zeros([1, 4, 4]), mask: zeros([5, 5]) }),
    /mask must be 4×4 like the image/,
  );
});

test('randomErasing overwrites one rectangle within the scale and ratio ranges, as torchvision', () => {
  const erase = randomErasing({
    p: 1,
    value: [7, 8],
    scale: [0.1, 0.2],
    ratio: [0.5, 2],
    generator: new Generator(5),
  });
  const out = erase(ones([2, 20, 20]));
  for (const [k, v] of [
    [0, 7],
    [1, 8],
  ] as const) {
    const plane = [...out.select(0, k).data()];
    const hit = plane.flatMap((x, i) => (x === v ? [i] : []));
    const [rows, cols] = [new Set(hit.map((i) => Math.floor(i / 20))), new Set(hit.map((i) => i % 20))];
    assert.equal(hit.length, rows.size * cols.size, 'a full rectangle');
    assert.ok(hit.length >= 0.1 * 400 - 20 && hit.length <= 0.2 * 400 + 20, `area ${hit.length}`);
    assert.ok(rows.size / cols.size >= 0.4 && rows.size / cols.size <= 2.5);
    assert.ok(plane.every((x) => x === v || x === 1));
  }
  expectClose(
    randomErasing({ p: 1, value: 0, scale: [0.1, 0.2], ratio: [0.5, 2], generator: new Generator(5) })(
      ones([2, 20, 20]),
    ).sum(),
    800 - out.eq(7).sum().item() * 2,
  );
  // p = 0, or a rectangle that can never fit strictly inside: the image is unchanged.
  expectClose(randomErasing({ p: 0 })(image()), image());
  expectClose(randomErasing({ p: 1, scale: [1, 1], generator: new Generator(0) })(image()), image());
  const noisy = randomErasing({ p: 1, value: 'random', generator: new Generator(2) })(ones([1, 10, 10]));
  assert.ok([...noisy.data()].some((x) => x !== 1));
  assert.throws(() => randomErasing({ p: 2 }), /randomErasing: p must be a probability/);
  assert.throws(() => randomErasing({ ratio: [2, 1] }), /ratio must be \[low, high\]/);
  assert.throws(
    () => randomErasing({ p: 1, value: [1, 2] })(ones([3, 8, 8])),
    /value has 2 numbers for 3 channels/,
  );
});
