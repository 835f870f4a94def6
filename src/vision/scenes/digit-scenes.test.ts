import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ValueError } from '../../index.js';
import { boxIou } from '../boxes/box-iou.js';
import { type DigitSource, digitScenes } from './digit-scenes.js';

/** Two solid "digits": a 12×20 block labelled 7 and a 10×10 square labelled 1. */
function solidDigits(): DigitSource {
  const images = new Uint8Array(2 * 784);
  for (let y = 4; y < 24; y++) for (let x = 8; x < 20; x++) images[y * 28 + x] = 255;
  for (let y = 9; y < 19; y++) for (let x = 9; x < 19; x++) images[784 + y * 28 + x] = 255;
  return { images, labels: Uint8Array.of(7, 1), count: 2 };
}

test('digitScenes draws each digit exactly inside its box, scaled with its aspect kept', () => {
  const { images, targets } = digitScenes(solidDigits(), 6, {
    seed: 4,
    minDigits: 2,
    maxDigits: 4,
    maxOverlap: 0,
  });
  assert.deepEqual(images.shape, [6, 1, 96, 96]);
  const pixels = images.data();
  targets.forEach((t, s) => {
    const n = t.labels.shape[0]!;
    assert.ok(n >= 2 && n <= 4, `scene ${s} has ${n} digits`);
    const b = t.boxes.data();
    let area = 0;
    for (let i = 0; i < n; i++) {
      const [x0, y0, x1, y1] = [b[4 * i]!, b[4 * i + 1]!, b[4 * i + 2]!, b[4 * i + 3]!];
      const [w, h] = [x1 - x0, y1 - y0];
      assert.ok(x0 >= 0 && y0 >= 0 && x1 <= 96 && y1 <= 96);
      assert.ok(Math.max(w, h) >= 20 && Math.max(w, h) <= 48, `box ${w}×${h}`);
      // the 12×20 digit keeps its 3:5 shape (to a pixel of rounding), the square stays square
      if (t.labels.data()[i] === 7) assert.ok(Math.abs(w - (h * 12) / 20) <= 1, `7 drawn ${w}×${h}`);
      else assert.equal(w, h);
      area += w * h;
    }
    // solid ink fills the boxes and nothing else (boxes do not overlap with maxOverlap 0)
    const sum = Array.from(pixels.subarray(s * 9216, (s + 1) * 9216)).reduce((acc, v) => acc + v, 0);
    assert.ok(Math.abs(sum - area) < 1e-3, `ink ${sum} vs box area ${area}`);
  });
});

test('digitScenes is seeded and keeps overlaps under maxOverlap', () => {
  const a = digitScenes(solidDigits(), 3, { seed: 9 });
  const b = digitScenes(solidDigits(), 3, { seed: 9 });
  const c = digitScenes(solidDigits(), 3, { seed: 10 });
  assert.deepEqual([...a.images.data()], [...b.images.data()]);
  assert.deepEqual(a.targets[2]!.boxes.toArray(), b.targets[2]!.boxes.toArray());
  assert.notDeepEqual([...a.images.data()], [...c.images.data()]);
  for (const t of digitScenes(solidDigits(), 10, { seed: 2, minDigits: 5, maxOverlap: 0.2 }).targets) {
    const iou = boxIou(t.boxes, t.boxes).data();
    const n = t.labels.shape[0]!;
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) if (i !== j) assert.ok(iou[i * n + j]! <= 0.2 + 1e-6);
  }
});

test('digitScenes rejects impossible settings', () => {
  assert.throws(() => digitScenes(solidDigits(), 1, { minScale: 60, maxScale: 100 }), ValueError);
  assert.throws(
    () => digitScenes(solidDigits(), 1, { minDigits: 3, maxDigits: 2 }),
    /digitScenes: needs integers/,
  );
  assert.throws(() => digitScenes(solidDigits(), -1), /count must be a non-negative integer, got -1/);
});
