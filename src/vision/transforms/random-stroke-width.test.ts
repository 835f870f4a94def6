import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Generator, rand, ShapeError, tensor, ValueError } from '../../index.js';
import { expectClose } from '../../testing/index.js';
import { randomStrokeWidth } from './random-stroke-width.js';

/** The extreme of each pixel's 3×3 neighbourhood inside an h×w plane (float64, by loops). */
function neighbourhood(
  plane: number[],
  h: number,
  w: number,
  pick: (a: number, b: number) => number,
): number[] {
  return plane.map((_, at) => {
    const [r, c] = [Math.floor(at / w), at % w];
    let best = plane[at]!;
    for (let dr = -1; dr <= 1; dr++)
      for (let dc = -1; dc <= 1; dc++) {
        const [rr, cc] = [r + dr, c + dc];
        if (rr >= 0 && rr < h && cc >= 0 && cc < w) best = pick(best, plane[rr * w + cc]!);
      }
    return best;
  });
}

test('randomStrokeWidth thickens (3×3 dilation) or thins (mean with the 3×3 erosion) as its draws say', () => {
  const [n, h, w] = [12, 5, 6];
  const x = rand([n, 1, h, w], { generator: new Generator(1) });
  const p = 0.25;
  const out = randomStrokeWidth({ p, generator: new Generator(7) })(x);
  assert.deepEqual(out.shape, [n, 1, h, w]);
  // The same draws, one uniform per image: below p thicker, at or above 1 − p thinner.
  const g = new Generator(7);
  const kinds = new Set<string>();
  const all = [...x.data()];
  for (let i = 0; i < n; i++) {
    const plane = all.slice(i * h * w, (i + 1) * h * w);
    const r = g.uniform();
    const kind = r < p ? 'thick' : r >= 1 - p ? 'thin' : 'same';
    kinds.add(kind);
    const eroded = neighbourhood(plane, h, w, Math.min);
    const expected =
      kind === 'thick'
        ? neighbourhood(plane, h, w, Math.max)
        : kind === 'thin'
          ? plane.map((v, k) => (v + eroded[k]!) / 2)
          : plane;
    expectClose(out.select(0, i), tensor(expected, { shape: [1, h, w] }), { atol: 1e-6 });
  }
  assert.deepEqual([...kinds].sort(), ['same', 'thick', 'thin'], 'twelve draws should see all three kinds');
});

test('randomStrokeWidth: a 1-pixel line grows to 3 pixels or fades to half; p = 0 is the identity; one image', () => {
  const line = tensor(
    Array.from({ length: 25 }, (_, k) => (k % 5 === 2 ? 1 : 0)),
    { shape: [1, 5, 5] },
  );
  const thick = randomStrokeWidth({ p: 0.5, generator: { uniform: () => 0.1 } as Generator })(line);
  assert.deepEqual([...thick.data()].slice(0, 5), [0, 1, 1, 1, 0]);
  const thin = randomStrokeWidth({ p: 0.5, generator: { uniform: () => 0.9 } as Generator })(line);
  assert.deepEqual([...thin.data()].slice(0, 5), [0, 0, 0.5, 0, 0]);
  const same = randomStrokeWidth({ p: 0, generator: new Generator(0) })(line);
  assert.deepEqual([...same.data()], [...line.data()]);
});

test('randomStrokeWidth rejects a p outside [0, 0.5] and inputs that are not images', () => {
  assert.throws(() => randomStrokeWidth({ p: 0.6 }), ValueError);
  assert.throws(() => randomStrokeWidth({ p: -0.1 }), /randomStrokeWidth: p must be in \[0, 0.5\]/);
  assert.throws(() => randomStrokeWidth()(rand([28, 28])), ShapeError);
  assert.throws(() => randomStrokeWidth()(rand([28, 28])), /randomStrokeWidth: x must be an image/);
});
