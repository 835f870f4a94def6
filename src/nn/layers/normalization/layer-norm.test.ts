import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ShapeError } from '../../../errors.js';
import { Generator, randn, tensor, zeros } from '../../../index.js';
import { checkLayer } from '../../../testing/check-layer.js';
import { expectClose } from '../../../testing/expect-close.js';
import { gradcheckModule } from '../../gradcheck-module.js';
import { LayerNorm } from './layer-norm.js';

const eps = 1e-5;

test('LayerNorm normalizes each sample over its last axis', () => {
  const ln = new LayerNorm(4);
  // mean 2.5, biased var 1.25
  const k = 1 / Math.sqrt(1.25 + eps);
  expectClose(
    ln.forward(
      tensor([
        [1, 2, 3, 4],
        [2, 2, 2, 2],
      ]),
    ),
    [
      [-1.5 * k, -0.5 * k, 0.5 * k, 1.5 * k],
      [0, 0, 0, 0],
    ],
  );
});

test('LayerNorm over two axes with an elementwise affine', () => {
  const ln = new LayerNorm([2, 2]);
  ln.loadStateDict({
    weight: tensor([
      [1, 2],
      [3, 4],
    ]),
    bias: tensor([
      [0, 0],
      [0, 1],
    ]),
  });
  const k = 1 / Math.sqrt(1.25 + eps);
  // values 1..4 in one sample: normalized [-1.5, -0.5, 0.5, 1.5]·k, then ·w + b
  expectClose(
    ln.forward(
      tensor([
        [
          [1, 2],
          [3, 4],
        ],
      ]),
    ),
    [
      [
        [-1.5 * k, -1 * k],
        [1.5 * k, 6 * k + 1],
      ],
    ],
  );
});

test('LayerNorm without affine has no parameters', () => {
  assert.equal(new LayerNorm(3, { elementwiseAffine: false }).numParameters(), 0);
});

test('LayerNorm gradcheck in float64', () => {
  const g = new Generator(5);
  const ln = new LayerNorm(4, { dtype: 'float64' });
  ln.loadStateDict({ weight: randn([4], { generator: g }), bias: randn([4], { generator: g }) });
  const w = randn([3, 4], { dtype: 'float64', generator: g });
  const r = gradcheckModule(ln, (y) => y.mul(w).sum(), [randn([3, 4], { dtype: 'float64', generator: g })]);
  assert.ok(r.passed, r.table());
});

test('LayerNorm rejects an input that does not end in normalizedShape', () => {
  assert.throws(
    () => new LayerNorm([2, 3]).forward(zeros([4, 3, 2])),
    (e: unknown) =>
      e instanceof ShapeError &&
      /layerNorm: x must end in normalizedShape \[2, 3\], got shape \[4, 3, 2\]/.test(e.message),
  );
});

checkLayer({
  name: 'LayerNorm([2, 3])',
  make: ({ dtype, generator }) => {
    const ln = new LayerNorm([2, 3], { dtype });
    ln.loadStateDict({
      weight: randn([2, 3], { dtype, generator }),
      bias: randn([2, 3], { dtype, generator }),
    });
    return ln;
  },
  inputs: [[4, 2, 3]],
  errors: [
    {
      what: 'an input not ending in [2, 3]',
      inputs: [[4, 3, 2]],
      message: /layerNorm: x must end in normalizedShape \[2, 3\], got shape \[4, 3, 2\]/,
      type: ShapeError,
    },
  ],
});

checkLayer({
  name: 'LayerNorm(5) without elementwise affine',
  make: ({ dtype }) => new LayerNorm(5, { dtype, elementwiseAffine: false, eps: 1e-3 }),
  inputs: [[3, 2, 5]],
});
