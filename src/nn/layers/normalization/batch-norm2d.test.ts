import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ShapeError } from '../../../errors.js';
import { Generator, rand, randn, tensor, zeros } from '../../../index.js';
import { checkLayer } from '../../../testing/check-layer.js';
import { expectClose } from '../../../testing/expect-close.js';
import { gradcheckModule } from '../../gradcheck-module.js';
import { BatchNorm2d } from './batch-norm2d.js';

const eps = 1e-5;

test('BatchNorm2d normalizes each channel over batch, height and width', () => {
  const bn = new BatchNorm2d(2);
  // channel 0 holds 1, 2, 3, 4 (mean 2.5, var 1.25); channel 1 holds 0, 0, 4, 4 (mean 2, var 4)
  const x = tensor([
    [[[1, 2]], [[0, 0]]],
    [[[3, 4]], [[4, 4]]],
  ]);
  const a = 1 / Math.sqrt(1.25 + eps);
  const b = 2 / Math.sqrt(4 + eps);
  expectClose(bn.forward(x), [
    [[[-1.5 * a, -0.5 * a]], [[-b, -b]]],
    [[[0.5 * a, 1.5 * a]], [[b, b]]],
  ]);
  // unbiased variances: 1.25·4/3 and 4·4/3; rm = 0.1·mean, rv = 0.9 + 0.1·unbiased
  expectClose(bn.runningMean!, [0.25, 0.2]);
  expectClose(bn.runningVar!, [0.9 + 0.5 / 3, 0.9 + 1.6 / 3]);
  bn.eval();
  expectClose(bn.forward(tensor([[[[0.25]], [[1.2]]]])), [[[[0]], [[1 / Math.sqrt(0.9 + 1.6 / 3 + eps)]]]]);
});

test('BatchNorm2d gradcheck in float64 (training mode, with γ and β)', () => {
  const g = new Generator(3);
  const bn = new BatchNorm2d(3, { dtype: 'float64' });
  bn.loadStateDict({
    ...bn.stateDict(),
    weight: randn([3], { generator: g }),
    bias: randn([3], { generator: g }),
  });
  const w = randn([2, 3, 2, 3], { dtype: 'float64', generator: g });
  const r = gradcheckModule(bn, (y) => y.mul(w).sum(), [
    randn([2, 3, 2, 3], { dtype: 'float64', generator: g }),
  ]);
  assert.ok(r.passed, r.table());
});

test('BatchNorm2d rejects inputs that are not [batch, C, height, width]', () => {
  assert.throws(
    () => new BatchNorm2d(3).forward(zeros([4, 3])),
    (e: unknown) =>
      e instanceof ShapeError &&
      /BatchNorm2d: expected input of shape \[batch, 3, height, width\], got \[4, 3\]/.test(e.message),
  );
  assert.throws(
    () => new BatchNorm2d(3).forward(zeros([1, 3, 1, 1])),
    /batchNorm: expected more than 1 value per channel in training/,
  );
  assert.throws(() => new BatchNorm2d(-1), /BatchNorm2d: numFeatures must be a positive integer, got -1/);
});

checkLayer({
  name: 'BatchNorm2d(2)',
  make: ({ dtype, generator }) => {
    const bn = new BatchNorm2d(2, { dtype });
    bn.loadStateDict({
      weight: randn([2], { dtype, generator }),
      bias: randn([2], { dtype, generator }),
      runningMean: randn([2], { dtype, generator }),
      runningVar: rand([2], { dtype, generator, low: 0.5, high: 2 }),
      numBatchesTracked: zeros([], { dtype: 'int32' }),
    });
    return bn;
  },
  inputs: [[3, 2, 2, 3]],
  evalDiffers: true,
  errors: [
    {
      what: 'a 3-d input',
      inputs: [[3, 2, 4]],
      message: /BatchNorm2d: expected input of shape \[batch, 2, height, width\], got \[3, 2, 4\]/,
      type: ShapeError,
    },
  ],
});
