import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Generator, nn, type Tensor, tensor } from '../index.js';
import { expectClose } from '../testing/expect-close.js';
import { withBatchStatistics } from './batch-statistics.js';
import { DCGANDiscriminator, DCGANGenerator, dcganInit } from './dcgan.js';
import { truncatedNoise } from './truncated-noise.js';
import { WeightAverage } from './weight-average.js';

function linear(weight: number[], bias: number): nn.Linear {
  const m = new nn.Linear(2, 1);
  m.weight.data().set(weight);
  m.bias!.data().set([bias]);
  return m;
}

test('WeightAverage: average ← β·average + (1 − β)·weights, step by step', () => {
  const model = linear([1, 2], 0);
  const average = new WeightAverage(model, linear([9, 9], 9), { decay: 0.5, warmup: false });
  // the copy starts at the model's weights
  expectClose(average.model.weight, [[1, 2]]);
  model.weight.data().set([3, 6]);
  model.bias!.data().set([2]);
  average.update(model);
  // 0.5·[1, 2] + 0.5·[3, 6] = [2, 4]; bias 0.5·0 + 0.5·2 = 1
  expectClose(average.model.weight, [[2, 4]]);
  expectClose(average.model.bias!, [1]);
  model.weight.data().set([5, 0]);
  average.update(model);
  // 0.5·[2, 4] + 0.5·[5, 0] = [3.5, 2]; bias 0.5·1 + 0.5·2 = 1.5
  expectClose(average.model.weight, [[3.5, 2]]);
  expectClose(average.model.bias!, [1.5]);
  assert.equal(average.updates, 2);
  // the model itself is untouched
  expectClose(model.weight, [[5, 0]]);
});

test('WeightAverage over 21 weights (the vectorised pass and its tail) and a float64 model', () => {
  const model = new nn.Linear(7, 3, { bias: false });
  model.weight.data().set(Array.from({ length: 21 }, (_, i) => i));
  const average = new WeightAverage(model, new nn.Linear(7, 3, { bias: false }), {
    decay: 0.75,
    warmup: false,
  });
  model.weight.data().set(Array.from({ length: 21 }, (_, i) => 4 * i));
  average.update(model);
  // 0.75·i + 0.25·4i = 1.75·i
  expectClose(
    average.model.weight.reshape([-1]),
    [
      0, 1.75, 3.5, 5.25, 7, 8.75, 10.5, 12.25, 14, 15.75, 17.5, 19.25, 21, 22.75, 24.5, 26.25, 28, 29.75,
      31.5, 33.25, 35,
    ],
  );
  const float64 = (weight: number[]): nn.Linear => {
    const m = new nn.Linear(2, 1, { bias: false });
    m.weight = nn.Parameter.from(tensor([weight]), { dtype: 'float64' });
    return m;
  };
  const wide = float64([1, 3]);
  const average64 = new WeightAverage(wide, float64([0, 0]), { decay: 0.5, warmup: false });
  wide.weight.data().set([3, 5]);
  average64.update(wide);
  // 0.5·[1, 3] + 0.5·[3, 5] = [2, 4]
  expectClose(average64.model.weight, [[2, 4]]);
  assert.equal(average64.model.weight.dtype, 'float64');
});

test('WeightAverage warmup: the decay of update t is min(β, (1 + t)/(10 + t))', () => {
  const model = linear([0, 0], 0);
  const average = new WeightAverage(model, linear([0, 0], 0), { decay: 0.999 });
  assert.equal(average.currentDecay, 0.1); // (1 + 0)/(10 + 0)
  model.weight.data().set([10, 20]);
  average.update(model);
  // 0.1·0 + 0.9·[10, 20] = [9, 18]
  expectClose(average.model.weight, [[9, 18]]);
  expectClose([average.currentDecay], [2 / 11]);
  model.weight.data().set([20, 20]);
  average.update(model);
  // (2/11)·[9, 18] + (9/11)·[20, 20] = [198/11, 216/11]
  expectClose(average.model.weight, [[18, 216 / 11]]);
  average.updates = 100_000;
  assert.equal(average.currentDecay, 0.999); // the ramp reaches β after t = 8,991
});

test('WeightAverage copies buffers (batch-norm statistics) and checks its inputs', () => {
  const model = new nn.BatchNorm1d(2);
  const average = new WeightAverage(model, new nn.BatchNorm1d(2), { decay: 0.9 });
  assert.equal(average.model.training, false);
  model.forward(
    tensor([
      [1, 2],
      [3, 6],
    ]),
  ); // running mean ← 0.9·0 + 0.1·[2, 4]
  average.update(model);
  expectClose(average.model.runningMean!, [0.2, 0.4]);
  assert.throws(() => new WeightAverage(model, model), {
    message: 'WeightAverage: the copy must be a second model, not the same one',
  });
  assert.throws(() => new WeightAverage(model, new nn.BatchNorm1d(2), { decay: 1.5 }), {
    message: 'WeightAverage: decay must be in [0, 1], got 1.5',
  });
  assert.throws(() => average.update(new nn.BatchNorm1d(2, { affine: false }) as nn.BatchNorm1d), {
    message: 'WeightAverage.update: the model has 0 parameters, the average 2',
  });
});

test('truncatedNoise: every draw within the threshold, reproducible from a seed, plain normals at Infinity', () => {
  const z = truncatedNoise(50, 20, 0.5, new Generator(3));
  assert.deepEqual(z.shape, [50, 20]);
  const values = [...z.data()];
  assert.ok(values.every((v) => Math.abs(v) <= 0.5));
  assert.deepEqual([...truncatedNoise(50, 20, 0.5, new Generator(3)).data()], values);
  // Infinity rejects nothing: the same draws as the generator's own normals
  const g = new Generator(4);
  const expected = Array.from({ length: 6 }, () => Math.fround(g.normal()));
  assert.deepEqual([...truncatedNoise(2, 3, Infinity, new Generator(4)).data()], expected);
  assert.throws(() => truncatedNoise(2, 3, 0.05), {
    message: 'truncatedNoise: threshold must be ≥ 0.1 (or Infinity), got 0.05',
  });
  assert.throws(() => truncatedNoise(-1, 3, 1), {
    message: 'truncatedNoise: n must be a non-negative integer, got -1',
  });
});

test('withBatchStatistics normalizes by the batch and restores mode and running statistics', () => {
  const bn = new nn.BatchNorm1d(2, { affine: false }).eval();
  bn.runningMean!.data().set([5, 5]);
  const y = withBatchStatistics(bn, () =>
    bn.forward(
      tensor([
        [1, 2],
        [3, 6],
      ]),
    ),
  );
  // feature means [2, 4], biased variances [1, 4]: (x − μ)/√(σ² + 1e-5)
  expectClose(
    y,
    [
      [-1, -1],
      [1, 1],
    ],
    { atol: 1e-4 },
  );
  assert.equal(bn.training, false);
  expectClose(bn.runningMean!, [5, 5]);
  expectClose(bn.runningVar!, [1, 1]);
});

test('dcganInit: weights N(0, 0.02²), batch-norm scales N(1, 0.02²), biases 0', () => {
  const g = dcganInit(new DCGANGenerator({ latent: 16, width: 32 }), new Generator(5));
  const d = dcganInit(new DCGANDiscriminator({ width: 32 }), new Generator(6));
  const stats = (t: Tensor) => {
    const v = [...t.data()];
    const mean = v.reduce((s, x) => s + x, 0) / v.length;
    return { mean, std: Math.sqrt(v.reduce((s, x) => s + (x - mean) ** 2, 0) / v.length) };
  };
  const first = g.net.layers[0] as nn.Linear; // 48 × 1,568 weights
  const { mean, std } = stats(first.weight);
  assert.ok(Math.abs(mean) < 0.001 && Math.abs(std - 0.02) < 0.001, `mean ${mean}, std ${std}`);
  const bn = g.net.layers[2] as nn.BatchNorm2d;
  const scale = stats(bn.weight!);
  assert.ok(Math.abs(scale.mean - 1) < 0.02 && scale.std < 0.04, `BN scale mean ${scale.mean}`);
  assert.ok([...bn.bias!.data()].every((v) => v === 0));
  const conv = d.net.layers[0] as nn.Conv2d;
  assert.ok([...conv.bias!.data()].every((v) => v === 0));
  assert.ok(Math.abs(stats(conv.weight).std - 0.02) < 0.005);
});
