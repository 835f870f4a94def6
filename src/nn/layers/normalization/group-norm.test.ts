import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ShapeError, ValueError } from '../../../errors.js';
import { randn, tensor } from '../../../index.js';
import { checkLayer } from '../../../testing/check-layer.js';
import { expectClose } from '../../../testing/expect-close.js';
import { GroupNorm } from './group-norm.js';

test('GroupNorm agrees with PyTorch (nn.GroupNorm(2, 4) with these weight and bias)', () => {
  const gn = new GroupNorm(2, 4, { dtype: 'float64' });
  gn.loadStateDict({ weight: tensor([1, 2, -1, 0.5]), bias: tensor([0, 1, 0.5, -1]) });
  // Sample 0 of the op's PyTorch case (src/ops/group-norm.test.ts): F.group_norm(x, 2, w, b).
  const y = gn.forward(
    tensor(
      [
        [
          [1, 2, 0],
          [3, 1, -1],
          [0.5, 2, 4],
          [1, 1, 2],
        ],
      ],
      { dtype: 'float64' },
    ),
  );
  expectClose(
    y,
    [
      0, 0.7745943455, -0.7745943455, 4.0983773818, 1, -2.0983773818, 1.5910852947, 0.2817829411,
      -1.4639535304, -1.3273255884, -1.3273255884, -0.8908914705,
    ],
    { rtol: 1e-8, atol: 1e-8 },
  );
});

test('GroupNorm checks its sizes when it is made', () => {
  assert.throws(
    () => new GroupNorm(4, 6),
    /GroupNorm: numChannels \(6\) must be divisible by numGroups \(4\)/,
  );
  assert.throws(
    () => new GroupNorm(0, 6),
    (e: unknown) =>
      e instanceof ValueError && /GroupNorm: numGroups must be a positive integer, got 0/.test(e.message),
  );
  assert.deepEqual(Object.keys(new GroupNorm(1, 3, { affine: false }).stateDict()), []);
});

checkLayer({
  name: 'GroupNorm(2, 4)',
  make: ({ dtype, generator }) => {
    const gn = new GroupNorm(2, 4, { dtype });
    gn.loadStateDict({ weight: randn([4], { dtype, generator }), bias: randn([4], { dtype, generator }) });
    return gn;
  },
  inputs: [[3, 4, 2, 2]],
  errors: [
    {
      what: 'the wrong number of channels',
      inputs: [[3, 6, 2]],
      message: /GroupNorm: expected input of shape \[batch, 4, \.\.\.\], got \[3, 6, 2\]/,
      type: ShapeError,
    },
  ],
});

checkLayer({
  name: 'GroupNorm(3, 3) without affine (instance norm)',
  make: ({ dtype }) => new GroupNorm(3, 3, { dtype, affine: false }),
  inputs: [[2, 3, 5]],
});
