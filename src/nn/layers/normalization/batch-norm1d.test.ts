import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ShapeError, ValueError } from '../../../errors.js';
import { Generator, rand, randn, tensor, zeros } from '../../../index.js';
import { checkLayer } from '../../../testing/check-layer.js';
import { expectClose } from '../../../testing/expect-close.js';
import { gradcheckModule } from '../../gradcheck-module.js';
import { BatchNorm1d } from './batch-norm1d.js';

const eps = 1e-5;

test('BatchNorm1d in training normalizes each feature by the batch mean and biased variance', () => {
  const bn = new BatchNorm1d(2);
  // column 0: mean 2, var 1; column 1: mean 4, var 4
  const y = bn.forward(
    tensor([
      [1, 2],
      [3, 6],
    ]),
  );
  const a = 1 / Math.sqrt(1 + eps);
  const b = 2 / Math.sqrt(4 + eps);
  expectClose(y, [
    [-a, -b],
    [a, b],
  ]);
});

test('BatchNorm1d running statistics after two steps (unbiased variance, momentum 0.1)', () => {
  const bn = new BatchNorm1d(2);
  bn.forward(
    tensor([
      [1, 2],
      [3, 6],
    ]),
  );
  // mean [2, 4], unbiased var [2, 8]: rm = 0.1·[2, 4] = [0.2, 0.4]; rv = 0.9 + 0.1·[2, 8] = [1.1, 1.7]
  expectClose(bn.runningMean!, [0.2, 0.4]);
  expectClose(bn.runningVar!, [1.1, 1.7]);
  bn.forward(
    tensor([
      [0, 0],
      [2, 0],
      [4, 3],
    ]),
  );
  // mean [2, 1], unbiased var [8/2, 6/2] = [4, 3]
  // rm = 0.9·[0.2, 0.4] + 0.1·[2, 1] = [0.38, 0.46]; rv = 0.9·[1.1, 1.7] + 0.1·[4, 3] = [1.39, 1.83]
  expectClose(bn.runningMean!, [0.38, 0.46]);
  expectClose(bn.runningVar!, [1.39, 1.83]);
  assert.equal(bn.numBatchesTracked!.item(), 2);
  bn.eval();
  expectClose(bn.forward(tensor([[1, 1]])), [[0.62 / Math.sqrt(1.39 + eps), 0.54 / Math.sqrt(1.83 + eps)]]);
  expectClose(bn.runningMean!, [0.38, 0.46], { rtol: 0, atol: 1e-7 }); // eval does not update
});

test('BatchNorm1d on [N, C, L] normalizes over batch and length; γ and β apply per feature', () => {
  const bn = new BatchNorm1d(1);
  bn.loadStateDict({ ...bn.stateDict(), weight: tensor([2]), bias: tensor([1]) });
  // values 1, 2, 3, 4: mean 2.5, var 1.25 → 2·(v − 2.5)/√1.25 + 1
  const y = bn.forward(tensor([[[1, 2]], [[3, 4]]]));
  const k = 2 / Math.sqrt(1.25 + eps);
  expectClose(y, [[[1 - 1.5 * k, 1 - 0.5 * k]], [[1 + 0.5 * k, 1 + 1.5 * k]]]);
});

test('BatchNorm1d without running stats uses batch statistics in eval; without affine has no parameters', () => {
  const bn = new BatchNorm1d(1, { trackRunningStats: false, affine: false }).eval();
  assert.equal(bn.numParameters(), 0);
  assert.equal(bn.buffers().length, 0);
  expectClose(bn.forward(tensor([[0], [2]])), [[-1 / Math.sqrt(1 + eps)], [1 / Math.sqrt(1 + eps)]]);
});

test('BatchNorm1d gradcheck in float64 (training mode, [N, C] and [N, C, L])', () => {
  const g = new Generator(4);
  const bn = new BatchNorm1d(3, { dtype: 'float64' });
  bn.loadStateDict({
    ...bn.stateDict(),
    weight: randn([3], { generator: g }),
    bias: randn([3], { generator: g }),
  });
  const w = randn([5, 3], { dtype: 'float64', generator: g });
  const r2 = gradcheckModule(bn, (y) => y.mul(w).sum(), [randn([5, 3], { dtype: 'float64', generator: g })]);
  assert.ok(r2.passed, r2.table());
  const w3 = randn([2, 3, 4], { dtype: 'float64', generator: g });
  const r3 = gradcheckModule(bn, (y) => y.mul(w3).sum(), [
    randn([2, 3, 4], { dtype: 'float64', generator: g }),
  ]);
  assert.ok(r3.passed, r3.table());
});

test('BatchNorm1d rejects wrong shapes and a single value per feature in training', () => {
  const bn = new BatchNorm1d(3);
  assert.throws(
    () => bn.forward(zeros([4, 2])),
    (e: unknown) =>
      e instanceof ShapeError &&
      /BatchNorm1d: expected input of shape \[batch, 3\] or \[batch, 3, length\], got \[4, 2\]/.test(
        e.message,
      ),
  );
  assert.throws(
    () => bn.forward(zeros([1, 3])),
    (e: unknown) =>
      e instanceof ValueError &&
      /batchNorm: expected more than 1 value per channel in training/.test(e.message),
  );
  assert.throws(() => new BatchNorm1d(0), /BatchNorm1d: numFeatures must be a positive integer, got 0/);
});

checkLayer({
  name: 'BatchNorm1d(3)',
  make: ({ dtype, generator }) => {
    const bn = new BatchNorm1d(3, { dtype, momentum: 0.3 });
    // Non-trivial γ, β and running statistics, so every path is exercised.
    bn.loadStateDict({
      weight: randn([3], { dtype, generator }),
      bias: randn([3], { dtype, generator }),
      runningMean: randn([3], { dtype, generator }),
      runningVar: rand([3], { dtype, generator, low: 0.5, high: 2 }),
      numBatchesTracked: zeros([], { dtype: 'int32' }),
    });
    return bn;
  },
  inputs: [[5, 3, 2]],
  evalDiffers: true,
  errors: [
    {
      what: 'the wrong number of features',
      inputs: [[4, 2]],
      message: /BatchNorm1d: expected input of shape \[batch, 3\] or \[batch, 3, length\], got \[4, 2\]/,
      type: ShapeError,
    },
    {
      what: 'a 4-d input',
      inputs: [[4, 3, 2, 2]],
      message: /BatchNorm1d: expected input of shape/,
      type: ShapeError,
    },
  ],
});

checkLayer({
  name: 'BatchNorm1d(4) without affine or running statistics',
  make: ({ dtype }) => new BatchNorm1d(4, { dtype, affine: false, trackRunningStats: false }),
  inputs: [[6, 4]],
});
