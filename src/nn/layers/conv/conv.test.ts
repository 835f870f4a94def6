import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ValueError } from '../../../errors.js';
import { Generator, randn, tensor } from '../../../index.js';
import { expectClose } from '../../../testing/expect-close.js';
import { gradcheckModule } from '../../gradcheck-module.js';
import { ConvTranspose1d } from './conv-transpose1d.js';
import { ConvTranspose2d } from './conv-transpose2d.js';
import { Conv1d } from './conv1d.js';
import { Conv2d } from './conv2d.js';
import { Conv3d } from './conv3d.js';

test('Conv2d forward on a 3×3 image with a 2×2 kernel and a bias', () => {
  const conv = new Conv2d(1, 1, 2);
  conv.loadStateDict({
    weight: tensor([
      [
        [
          [1, 0],
          [0, -1],
        ],
      ],
    ]),
    bias: tensor([10]),
  });
  // y[i][j] = x[i][j] − x[i+1][j+1] + 10
  const x = tensor([
    [
      [
        [1, 2, 3],
        [4, 5, 6],
        [7, 8, 9],
      ],
    ],
  ]);
  expectClose(conv.forward(x), [
    [
      [
        [6, 6],
        [6, 6],
      ],
    ],
  ]);
});

test('Conv2d stride 2, padding 1 and groups give PyTorch’s shapes', () => {
  const conv = new Conv2d(4, 8, 3, { stride: 2, padding: 1, groups: 2 });
  assert.deepEqual(conv.weight.shape, [8, 2, 3, 3]);
  assert.deepEqual(conv.forward(randn([2, 4, 9, 9])).shape, [2, 8, 5, 5]); // ⌊(9 + 2 − 3)/2⌋ + 1 = 5
});

test('Conv1d and Conv3d forward', () => {
  const c1 = new Conv1d(1, 1, 2, { bias: false });
  c1.loadStateDict({ weight: tensor([[[1, -1]]]) });
  expectClose(c1.forward(tensor([[[1, 2, 4, 8]]])), [[[-1, -2, -4]]]);
  const c3 = new Conv3d(2, 3, 3, { padding: 1 });
  assert.deepEqual(c3.forward(randn([1, 2, 4, 4, 4])).shape, [1, 3, 4, 4, 4]);
});

test('ConvTranspose1d and ConvTranspose2d upsample with stride 2', () => {
  const t1 = new ConvTranspose1d(1, 1, 3, { stride: 2, bias: false });
  t1.loadStateDict({ weight: tensor([[[1, 1, 1]]]) });
  // each input scatters its value onto 3 outputs starting at 2i: [1, 1, 1+2, 2, 2]
  expectClose(t1.forward(tensor([[[1, 2]]])), [[[1, 1, 3, 2, 2]]]);
  const t2 = new ConvTranspose2d(4, 2, 2, { stride: 2 });
  assert.deepEqual(t2.weight.shape, [4, 2, 2, 2]);
  assert.deepEqual(t2.forward(randn([1, 4, 3, 3])).shape, [1, 2, 6, 6]);
});

test('conv weights and biases start in U(±1/√fanIn); init: false leaves zeros', () => {
  const conv = new Conv2d(3, 8, 5); // fanIn = 3·25 = 75
  const bound = 1 / Math.sqrt(75);
  for (const p of conv.parameters()) {
    const v = [...p.data()];
    assert.ok(v.every((u) => Math.abs(u) <= bound));
    assert.ok(Math.max(...v.map(Math.abs)) > bound / 2);
  }
  const t = new ConvTranspose2d(8, 4, 3, { groups: 2 }); // fanIn = weight.shape[1]·9 = 2·9
  assert.ok([...t.weight.data()].every((u) => Math.abs(u) <= 1 / Math.sqrt(18)));
  const lazy = new Conv2d(3, 8, 5, { init: false });
  assert.ok([...lazy.weight.data(), ...lazy.bias!.data()].every((u) => u === 0));
  assert.equal(lazy.numParameters(), 8 * 3 * 25 + 8);
});

test('Conv2d gradcheck in float64 (stride, padding, groups)', () => {
  const g = new Generator(1);
  const conv = new Conv2d(4, 2, 3, { stride: 2, padding: 1, groups: 2, dtype: 'float64', generator: g });
  const w = randn([2, 2, 3, 3], { dtype: 'float64', generator: g });
  const r = gradcheckModule(conv, (y) => y.mul(w).sum(), [
    randn([2, 4, 5, 5], { dtype: 'float64', generator: g }),
  ]);
  assert.ok(r.passed, r.table());
});

test('ConvTranspose2d gradcheck in float64 (stride 2, padding 1, outputPadding 1)', () => {
  const g = new Generator(2);
  const conv = new ConvTranspose2d(3, 2, 3, {
    stride: 2,
    padding: 1,
    outputPadding: 1,
    dtype: 'float64',
    generator: g,
  });
  const x = randn([1, 3, 3, 3], { dtype: 'float64', generator: g });
  const w = randn([1, 2, 6, 6], { dtype: 'float64', generator: g }); // (3 − 1)·2 − 2 + 3 + 1 = 6
  const r = gradcheckModule(conv, (y) => y.mul(w).sum(), [x]);
  assert.ok(r.passed, r.table());
});

test('conv layers reject bad channel counts and kernel sizes', () => {
  assert.throws(
    () => new Conv2d(0, 4, 3),
    (e: unknown) =>
      e instanceof ValueError && /Conv2d: inChannels must be a positive integer, got 0/.test(e.message),
  );
  assert.throws(
    () => new Conv2d(3, 4, 3, { groups: 2 }),
    /Conv2d: inChannels \(3\) and outChannels \(4\) must be divisible by groups \(2\)/,
  );
  assert.throws(() => new Conv2d(3, 4, [3, 3, 3]), /Conv2d: kernelSize must be a number or 2 numbers/);
  assert.throws(() => new ConvTranspose1d(2, 2, 0), /ConvTranspose1d: kernelSize must be positive integers/);
});
