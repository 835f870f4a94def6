// Expected values from PyTorch 1.13's torch.optim.LBFGS (float64), generated once.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import '../autograd/backward.js';
import '../ops/methods.js';
import { tensor } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { expectClose } from '../testing/expect-close.js';
import { LBFGS, type LBFGSOptions } from './lbfgs.js';

// Rosenbrock f(x, y) = (1 − x)² + 100(y − x²)², minimum 0 at (1, 1)
const rosenbrock = (w: Tensor): Tensor => {
  const x = w.select(0, 0);
  return x.neg().add(1).square().add(w.select(0, 1).sub(x.square()).square().mul(100));
};
// f(w) = (w₀ − 0.5)² + 2(w₁ + 1)² + w₂⁴ + w₀w₁
const fixed = (w: Tensor): Tensor => {
  const [a, b, c] = [w.select(0, 0), w.select(0, 1), w.select(0, 2)];
  return a.sub(0.5).square().add(b.add(1).square().mul(2)).add(c.pow(4)).add(a.mul(b));
};

interface Step {
  w: number[];
  loss: number;
  funcEvals: number;
  nIter: number;
}

function run(f: (w: Tensor) => Tensor, w0: number[], steps: number, options: LBFGSOptions): Step[] {
  const w = tensor(w0, { dtype: 'float64', requiresGrad: true });
  const opt = new LBFGS([w], options);
  const closure = () => {
    opt.zeroGrad();
    const loss = f(w);
    loss.backward();
    return loss;
  };
  return Array.from({ length: steps }, () => {
    const loss = opt.step(closure);
    const { funcEvals, nIter } = opt.stateDict().state;
    return { w: [...w.data()], loss, funcEvals, nIter };
  });
}

// Rounding differs from PyTorch in the last bits (operation order) and grows over the iterations:
// PyTorch itself moves by ~1e-9 at step 5 when Rosenbrock is written as e·e + 100·d·d instead.
function expectSteps(got: Step[], expected: Step[]): void {
  assert.deepEqual(
    got.map((s) => [s.funcEvals, s.nIter]),
    expected.map((s) => [s.funcEvals, s.nIter]),
  );
  expectClose(
    got.map((s) => s.w),
    expected.map((s) => s.w),
    { rtol: 1e-7, atol: 1e-9 },
  );
  expectClose(
    got.map((s) => s.loss),
    expected.map((s) => s.loss),
    { rtol: 1e-7 },
  );
}

test('L-BFGS with the strong-Wolfe line search follows PyTorch 1.13 on Rosenbrock (maxIter 5, historySize 3)', () => {
  // The first step stops after 4 iterations: maxEval = ⌊5·5/4⌋ = 6 evaluations are used up.
  expectSteps(run(rosenbrock, [-1.5, 2], 6, { lineSearchFn: 'strongWolfe', maxIter: 5, historySize: 3 }), [
    { w: [-1.4190151739012853, 2.015228881713949], loss: 12.5, funcEvals: 6, nIter: 4 },
    { w: [-1.1382996644053018, 1.2446282267668267], loss: 5.851898414902332, funcEvals: 12, nIter: 9 },
    { w: [-0.5680025987904874, 0.3233359078067535], loss: 4.833424985249163, funcEvals: 18, nIter: 13 },
    { w: [-0.09026694462499765, 0.03233111088726748], loss: 2.4586824116143133, funcEvals: 24, nIter: 17 },
    { w: [0.25074314273258325, 0.06779414693501463], loss: 1.2471637091187362, funcEvals: 31, nIter: 21 },
    { w: [0.5678804947258075, 0.30262232284253365], loss: 0.5638084695063038, funcEvals: 37, nIter: 25 },
  ]);
});

test('L-BFGS without a line search (fixed steps of lr 0.5, historySize 2) follows PyTorch 1.13', () => {
  expectSteps(run(fixed, [1, -2, 0.5], 3, { lr: 0.5, maxIter: 4, historySize: 2 }), [
    {
      w: [1.1645365285826692, -1.3377063451800295, 0.3146115435833884],
      loss: 0.3125,
      funcEvals: 4,
      nIter: 4,
    },
    {
      w: [1.1453265957303402, -1.288372757314593, 0.18511097240956498],
      loss: -0.8783108303008326,
      funcEvals: 8,
      nIter: 8,
    },
    {
      w: [1.143595687363732, -1.2871533838419642, 0.0945444700247448],
      loss: -0.8916693109898803,
      funcEvals: 12,
      nIter: 12,
    },
  ]);
});

test('L-BFGS converges on Rosenbrock from (−1.5, 2) in one step of up to 200 iterations, as PyTorch (41 iterations)', () => {
  const [s] = run(rosenbrock, [-1.5, 2], 1, { lineSearchFn: 'strongWolfe', maxIter: 200 });
  assert.equal(s!.nIter, 41);
  assert.equal(s!.funcEvals, 51);
  expectClose(s!.w, [0.9999979943196398, 0.9999973438921637], { rtol: 1e-9 });
  expectClose(s!.w, [1, 1], { atol: 1e-5 });
});

test('a resumed L-BFGS continues exactly as the original (stateDict through JSON)', () => {
  const options: LBFGSOptions = { lineSearchFn: 'strongWolfe', maxIter: 3, historySize: 2 };
  const full = run(rosenbrock, [-1.5, 2], 4, options).at(-1)!.w;
  const w = tensor([-1.5, 2], { dtype: 'float64', requiresGrad: true });
  const closureOf = (opt: LBFGS) => () => {
    opt.zeroGrad();
    const loss = rosenbrock(w);
    loss.backward();
    return loss;
  };
  const first = new LBFGS([w], options);
  for (let i = 0; i < 2; i++) first.step(closureOf(first));
  const resumed = new LBFGS([w], { lr: 3 });
  resumed.loadStateDict(JSON.parse(JSON.stringify(first.stateDict())));
  assert.equal(resumed.paramGroups[0].lr, 1);
  for (let i = 0; i < 2; i++) resumed.step(closureOf(resumed));
  assert.deepEqual([...w.data()], full);
});

test('a zero gradient returns at once; bad options and state are ValueErrors naming LBFGS', () => {
  const w = tensor([1, 1], { dtype: 'float64', requiresGrad: true });
  const opt = new LBFGS([w]);
  const loss = opt.step(() => {
    opt.zeroGrad();
    const l = rosenbrock(w);
    l.backward();
    return l;
  });
  assert.equal(loss, 0);
  assert.deepEqual([...w.data()], [1, 1]);
  assert.throws(() => new LBFGS([w], { historySize: 0 }), {
    name: 'ValueError',
    message: 'LBFGS: historySize must be a positive integer, got 0',
  });
  assert.throws(() => new LBFGS([w], { lineSearchFn: 'armijo' as 'strongWolfe' }), {
    message: `LBFGS: lineSearchFn must be 'strongWolfe' or null, got "armijo"`,
  });
  assert.throws(() => new LBFGS([]), { message: 'LBFGS: got an empty list of parameters' });
  assert.throws(() => opt.step(undefined as unknown as () => number), {
    message: 'LBFGS: step needs a closure that computes the loss and calls backward()',
  });
  const saved = opt.stateDict();
  assert.throws(() => opt.loadStateDict({ ...saved, state: { funcEvals: 1, nIter: 1, d: [1], ro: [] } }), {
    message: 'LBFGS.loadStateDict: d must be 2 numbers',
  });
});
