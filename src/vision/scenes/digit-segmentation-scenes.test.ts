import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ValueError } from '../../index.js';
import { type DigitSource, digitScenes } from './digit-scenes.js';
import { digitSegmentationScenes } from './digit-segmentation-scenes.js';

/** Two "digits": a ramp from 0 to 1 left to right labelled 7, a solid square labelled 2. */
function digits(): DigitSource {
  const images = new Uint8Array(2 * 784);
  for (let y = 0; y < 28; y++) for (let x = 0; x < 28; x++) images[y * 28 + x] = Math.round((x / 27) * 255);
  for (let y = 4; y < 24; y++) for (let x = 4; x < 24; x++) images[784 + y * 28 + x] = 255;
  return { images, labels: Uint8Array.of(7, 2), count: 2 };
}

const options = { size: 48, minScale: 12, maxScale: 28, minDigits: 2, maxDigits: 4, seed: 5 };

test('digitSegmentationScenes draws the very scenes of digitScenes', () => {
  const plain = digitScenes(digits(), 4, options);
  const labelled = digitSegmentationScenes(digits(), 4, options);
  assert.deepEqual([...labelled.images.data()], [...plain.images.data()]);
  labelled.targets.forEach((t, s) => {
    assert.deepEqual(t.boxes.toArray(), plain.targets[s]!.boxes.toArray());
    assert.deepEqual(t.labels.toArray(), plain.targets[s]!.labels.toArray());
  });
});

test('a pixel is labelled 1 + digit exactly where ink is above the threshold, inside a box of that digit', () => {
  for (const threshold of [0.5, 0.2]) {
    const { images, masks, targets } = digitSegmentationScenes(digits(), 6, { ...options, threshold });
    assert.deepEqual(masks.shape, [6, 48, 48]);
    assert.equal(masks.dtype, 'int32');
    const [ink, label] = [images.data(), masks.data()];
    let labelled = 0;
    for (let i = 0; i < label.length; i++) {
      assert.equal(label[i]! > 0, ink[i]! > threshold, `pixel ${i}: ink ${ink[i]}, label ${label[i]}`);
      if (label[i] === 0) continue;
      labelled++;
      const [s, y, x] = [Math.floor(i / 2304), Math.floor((i % 2304) / 48), i % 48];
      const boxes = targets[s]!.boxes.toArray() as number[][];
      const classes = targets[s]!.labels.toArray() as number[];
      const inside = boxes.some(
        ([x0, y0, x1, y1], k) => classes[k]! + 1 === label[i] && x >= x0! && x < x1! && y >= y0! && y < y1!,
      );
      assert.ok(
        inside,
        `pixel (${x}, ${y}) of scene ${s} labelled ${label[i]} lies in no box of digit ${label[i]! - 1}`,
      );
    }
    assert.ok(labelled > 100, `${labelled} labelled pixels`);
  }
});

test('the solid square is labelled 3 on its whole box; the ramp only on its bright part', () => {
  const { masks, targets } = digitSegmentationScenes(digits(), 3, { ...options, maxOverlap: 0 });
  const label = masks.data();
  targets.forEach((t, s) => {
    const boxes = t.boxes.toArray() as number[][];
    (t.labels.toArray() as number[]).forEach((digit, k) => {
      const [x0, y0, x1, y1] = boxes[k]!;
      let [count, area] = [0, (x1! - x0!) * (y1! - y0!)];
      for (let y = y0!; y < y1!; y++)
        for (let x = x0!; x < x1!; x++) if (label[s * 2304 + y * 48 + x] === digit + 1) count++;
      // the square fills its box; the ramp (cut to its ink, columns 1..27) passes 0.5 on about half
      if (digit === 2) assert.equal(count, area);
      else assert.ok(count > 0.35 * area && count < 0.65 * area, `ramp ${count} of ${area}`);
    });
  });
});

test('digitSegmentationScenes is seeded and checks its threshold', () => {
  const a = digitSegmentationScenes(digits(), 2, { seed: 3 });
  const b = digitSegmentationScenes(digits(), 2, { seed: 3 });
  assert.deepEqual([...a.masks.data()], [...b.masks.data()]);
  assert.throws(
    () => digitSegmentationScenes(digits(), 1, { threshold: 1 }),
    new ValueError('digitSegmentationScenes: threshold must be in [0, 1), got 1'),
  );
  assert.throws(() => digitSegmentationScenes(digits(), 1, { minScale: 0 }), /digitScenes: needs integers/);
});
