import assert from 'node:assert/strict';
import { test } from 'node:test';
import { manualSeed, nn, norm, randn, ShapeError, type Tensor, tensor, ValueError } from '../../index.js';
import { expectClose } from '../../testing/expect-close.js';
import { PartEncoder, stripeRegions } from './part-encoder.js';

const box = (r: { rows: readonly number[]; cols: readonly number[] }) => [...r.rows, ...r.cols];

test('stripeRegions: bands top to bottom, left to right, then the whole map', () => {
  assert.deepEqual(stripeRegions(7, 3).map(box), [
    [0, 3, 0, 7],
    [2, 5, 0, 7],
    [4, 7, 0, 7],
    [0, 7, 0, 3],
    [0, 7, 2, 5],
    [0, 7, 4, 7],
    [0, 7, 0, 7],
  ]);
  // two stripes of an odd map share its middle row (column)
  assert.deepEqual(stripeRegions(7, 2).map(box).slice(0, 2), [
    [0, 4, 0, 7],
    [3, 7, 0, 7],
  ]);
  assert.deepEqual(stripeRegions(4, 2).map(box).slice(2, 4), [
    [0, 4, 0, 2],
    [0, 4, 2, 4],
  ]);
  assert.deepEqual(stripeRegions(5, 1).map(box), [
    [0, 5, 0, 5],
    [0, 5, 0, 5],
    [0, 5, 0, 5],
  ]);
  assert.throws(
    () => stripeRegions(7, 0),
    /stripeRegions: stripes must be an integer from 1 to size \(7\), got 0/,
  );
  assert.throws(() => stripeRegions(0, 1), /stripeRegions: size must be a positive integer, got 0/);
});

/** An encoder straight on [n, 2, 4, 4] "feature maps" (identity trunk), one head per half and the whole. */
function encoder(): PartEncoder {
  manualSeed(3);
  return new PartEncoder(new nn.Identity(), 2, 4, stripeRegions(4, 2), { hidden: 8, dim: 3 });
}

test('PartEncoder: one unit code per region; the verification code is them side by side over √parts', () => {
  const enc = encoder();
  const x = randn([5, 2, 4, 4]);
  const parts = enc.parts(x);
  assert.equal(parts.length, 5);
  for (const p of parts) {
    assert.deepEqual(p.shape, [5, 3]);
    expectClose(norm(p, 2, -1), [1, 1, 1, 1, 1], { atol: 1e-5 });
  }
  const code = enc.forward(x);
  assert.deepEqual(code.shape, [5, 15]);
  expectClose(norm(code, 2, -1), [1, 1, 1, 1, 1], { atol: 1e-5 });
  const row0 = [...code.data()].slice(0, 15);
  const expected = parts.flatMap((p: Tensor) => [...p.data()].slice(0, 3).map((v) => v / Math.sqrt(5)));
  expectClose(row0, expected, { atol: 1e-6 });
});

test('PartEncoder: a part code sees only its region of the feature map', () => {
  const enc = encoder();
  const x = randn([1, 2, 4, 4]);
  const data = Float32Array.from(x.data());
  for (let c = 0; c < 2; c++)
    for (let r = 2; r < 4; r++) for (let q = 0; q < 4; q++) data[c * 16 + r * 4 + q]! += 1;
  const bottomChanged = tensor(data, { shape: [1, 2, 4, 4] });
  const changed = (k: number) =>
    Math.max(
      ...[...enc.parts(x)[k]!.data()].map((v, i) => Math.abs(v - enc.parts(bottomChanged)[k]!.data()[i]!)),
    );
  assert.equal(changed(0), 0); // top half: untouched
  assert.ok(changed(1) > 1e-3); // bottom half
  assert.ok(changed(4) > 1e-3); // whole map
});

test('PartEncoder: every head gets a gradient', () => {
  const enc = encoder();
  enc
    .forward(randn([4, 2, 4, 4]))
    .sum()
    .backward();
  for (const [name, p] of enc.namedParameters())
    assert.ok(p.grad != null && Math.max(...[...p.grad.data()].map(Math.abs)) > 0, name);
});

test('PartEncoder rejects bad sizes, regions and trunk outputs', () => {
  const trunk = new nn.Identity();
  assert.throws(
    () => new PartEncoder(trunk, 0, 4, stripeRegions(4, 2), { hidden: 8, dim: 3 }),
    /PartEncoder: channels must be a positive integer, got 0/,
  );
  assert.throws(() => new PartEncoder(trunk, 2, 4, [], { hidden: 8, dim: 3 }), ValueError);
  assert.throws(
    () => new PartEncoder(trunk, 2, 4, [{ rows: [0, 5], cols: [0, 4] }], { hidden: 8, dim: 3 }),
    /each region must lie in the 4×4 feature map/,
  );
  assert.throws(() => encoder().parts(randn([1, 3, 4, 4])), ShapeError);
  assert.throws(() => encoder().parts(randn([1, 2, 4, 4, 1])), /trunk must give \[batch, 2, 4, 4\]/);
});
