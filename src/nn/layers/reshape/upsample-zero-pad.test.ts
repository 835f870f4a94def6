import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tensor } from '../../../index.js';
import { expectClose } from '../../../testing/expect-close.js';
import { Upsample } from './upsample.js';
import { ZeroPad2d } from './zero-pad2d.js';

test('Upsample nearest repeats pixels; bilinear with alignCorners interpolates', () => {
  const x = tensor([[[[1, 2]]]]);
  expectClose(new Upsample({ scaleFactor: 2 }).forward(x), [
    [
      [
        [1, 1, 2, 2],
        [1, 1, 2, 2],
      ],
    ],
  ]);
  // alignCorners maps the 3 outputs to source positions 0, 0.5, 1
  expectClose(new Upsample({ size: [1, 3], mode: 'bilinear', alignCorners: true }).forward(x), [
    [[[1, 1.5, 2]]],
  ]);
  assert.throws(() => new Upsample({}), /Upsample: give exactly one of size and scaleFactor/);
});

test('ZeroPad2d pads [left, right, top, bottom]', () => {
  expectClose(new ZeroPad2d([1, 0, 0, 1]).forward(tensor([[[[1, 2]]]])), [
    [
      [
        [0, 1, 2],
        [0, 0, 0],
      ],
    ],
  ]);
  assert.deepEqual(new ZeroPad2d(2).forward(tensor([[[[1]]]])).shape, [1, 1, 5, 5]);
  assert.throws(
    () => new ZeroPad2d([1, 2] as never),
    /ZeroPad2d: padding must be an integer or \[left, right, top, bottom\]/,
  );
});
