import assert from 'node:assert/strict';
import { test } from 'node:test';
import '../autograd/backward.js';
import '../ops/methods.js';
import { tensor } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { expectClose } from '../testing/expect-close.js';
import {
  type ConjugateBeta,
  ConjugateGradient,
  type ConjugateGradientOptions,
  conjugateBeta,
} from './conjugate-gradient.js';

const f64 = (v: number[]): Float64Array => Float64Array.from(v);

test('β by hand: Fletcher–Reeves, Polak–Ribière+ and Hestenes–Stiefel', () => {
  // g = [1, 2], gPrev = [2, 0], dPrev = [−2, 1]; y = g − gPrev = [−1, 2]
  // FR: gᵀg/gPrevᵀgPrev = 5/4; PR: gᵀy/4 = (−1 + 4)/4 = 0.75; HS: gᵀy/dPrevᵀy = 3/(2 + 2) = 0.75
  const [g, gPrev, dPrev] = [f64([1, 2]), f64([2, 0]), f64([-2, 1])];
  assert.equal(conjugateBeta('fletcherReeves', g, gPrev, dPrev), 1.25);
  assert.equal(conjugateBeta('polakRibiere', g, gPrev, dPrev), 0.75);
  assert.equal(conjugateBeta('hestenesStiefel', g, gPrev, dPrev), 0.75);
  // PR+ clips a negative β to 0 (a restart): g = [1, 0], gPrev = [2, 0] → gᵀy = −1
  assert.equal(conjugateBeta('polakRibiere', f64([1, 0]), gPrev, dPrev), 0);
});

// f(x) = ½xᵀAx − bᵀx with A symmetric positive definite (5×5), minimiser A⁻¹b.
const A = [
  [4, 1, 0, 0.5, 0],
  [1, 3, 0.2, 0, 0],
  [0, 0.2, 5, 1, 0.3],
  [0.5, 0, 1, 2, 0],
  [0, 0, 0.3, 0, 6],
];
const b = [1, -2, 0.5, 3, -1];
const quadratic = (x: Tensor): Tensor => {
  const a = tensor(A, { dtype: 'float64' });
  const col = x.reshape([5, 1]);
  return col
    .transpose(0, 1)
    .matmul(a)
    .matmul(col)
    .sum()
    .mul(0.5)
    .sub(x.mul(tensor(b, { dtype: 'float64' })).sum());
};
// A⁻¹b, solved in float64 by numpy.linalg.solve
const solution = [
  0.24403934495677612, -0.7369898195586267, -0.16534943140447725, 1.5216648794630445, -0.15839919509644282,
];

function minimise(
  f: (x: Tensor) => Tensor,
  x0: number[],
  options: ConjugateGradientOptions,
): { x: number[]; opt: ConjugateGradient } {
  const x = tensor(x0, { dtype: 'float64', requiresGrad: true });
  const opt = new ConjugateGradient([x], options);
  opt.step(() => {
    opt.zeroGrad();
    const loss = f(x);
    loss.backward();
    return loss;
  });
  return { x: [...x.data()], opt };
}

for (const beta of ['fletcherReeves', 'polakRibiere', 'hestenesStiefel'] as ConjugateBeta[]) {
  test(`${beta}: converges on a 5-dimensional quadratic in 5 iterations (and not in 4)`, () => {
    // c2 = 1e-3 makes the line search all but exact, as the n-step property assumes.
    const after = (n: number) => minimise(quadratic, [0, 0, 0, 0, 0], { beta, maxIter: n, c2: 1e-3 }).x;
    expectClose(after(5), solution, { rtol: 1e-7, atol: 1e-8 });
    const four = after(4);
    assert.ok(Math.max(...four.map((v, i) => Math.abs(v - solution[i]!))) > 1e-4, `4 iterations: ${four}`);
  });
}

test('Polak–Ribière+ converges on Rosenbrock from (−1.5, 2)', () => {
  const rosenbrock = (w: Tensor): Tensor => {
    const x = w.select(0, 0);
    return x.neg().add(1).square().add(w.select(0, 1).sub(x.square()).square().mul(100));
  };
  const { x, opt } = minimise(rosenbrock, [-1.5, 2], { maxIter: 500, toleranceGrad: 1e-9 });
  expectClose(x, [1, 1], { atol: 1e-5 });
  assert.ok(opt.nIter < 500, `took ${opt.nIter} iterations`);
});

test('bad options are ValueErrors naming ConjugateGradient', () => {
  const w = tensor([1], { requiresGrad: true });
  assert.throws(() => new ConjugateGradient([w], { beta: 'daiYuan' as ConjugateBeta }), {
    name: 'ValueError',
    message:
      'ConjugateGradient: beta must be one of fletcherReeves, polakRibiere, hestenesStiefel, got "daiYuan"',
  });
  assert.throws(() => new ConjugateGradient([w], { c2: 1 }), {
    message: 'ConjugateGradient: c2 must be in (1e-4, 1), got 1',
  });
  assert.throws(() => new ConjugateGradient([w], { restartEvery: 0 }), {
    message: 'ConjugateGradient: restartEvery must be a positive integer, got 0',
  });
  const opt = new ConjugateGradient([w]);
  assert.throws(() => opt.step(() => 'x' as unknown as number), {
    message: 'ConjugateGradient: the closure must return the loss (a number or a scalar tensor), got string',
  });
});
