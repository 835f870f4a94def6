import assert from 'node:assert/strict';
import { test } from 'node:test';
import { noGrad } from '../autograd/grad-mode.js';
import { sub } from '../ops/sub.js';
import '../ops/methods.js';
import '../autograd/backward.js';
import { tensor, zeros } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { expectClose } from '../testing/expect-close.js';
import { Adam } from './adam.js';
import type { Optimizer } from './optimizer.js';
import { SGD } from './sgd.js';

const param = (v: number[]): Tensor => tensor(v, { dtype: 'float64', requiresGrad: true });
const grad = (v: number[]): Tensor => tensor(v, { dtype: 'float64' });

test('param groups keep their own lr; the others take the defaults', () => {
  const a = param([1]);
  const b = param([1]);
  const opt = new SGD([{ params: [a] }, { params: [b], lr: 0.5 }], { lr: 0.1, momentum: 0 });
  assert.equal(opt.paramGroups[0]!.lr, 0.1);
  assert.equal(opt.paramGroups[1]!.lr, 0.5);
  a.grad = grad([1]);
  b.grad = grad([1]);
  opt.step();
  expectClose(a, [0.9]); // 1 − 0.1·1
  expectClose(b, [0.5]); // 1 − 0.5·1
  opt.paramGroups[0]!.lr = 0.2; // as a schedule does
  opt.step();
  expectClose(a, [0.7]);
});

test('addParamGroup fills defaults and refuses a parameter that already has a group', () => {
  const a = param([1]);
  const b = param([2]);
  const opt = new Adam([a], { lr: 0.01 });
  opt.addParamGroup({ params: [b], lr: 0.1 });
  assert.equal(opt.paramGroups.length, 2);
  assert.deepEqual(opt.paramGroups[1]!.betas, [0.9, 0.999]);
  assert.throws(() => opt.addParamGroup({ params: [a] }), {
    name: 'ValueError',
    message: 'Adam: parameter 0 of the new group already is in another group',
  });
  assert.throws(() => opt.addParamGroup({ params: [] }), /Adam: got an empty list of parameters/);
});

test('step updates the storage in place, skips parameters without a gradient, records no graph', () => {
  const w = param([1, 2]);
  const unused = param([5]);
  const storage = w.storage;
  const opt = new SGD([w, unused], { lr: 0.1 });
  w.grad = grad([1, 1]);
  opt.step();
  assert.equal(w.storage, storage);
  assert.equal(w.gradFn, null);
  assert.ok(w.requiresGrad);
  expectClose(w, [0.9, 1.9]);
  expectClose(unused, [5]);
  assert.equal(opt.state.has(unused), false);
});

test('a strided (transposed) parameter is updated through its strides', () => {
  const base = tensor(
    [
      [1, 2],
      [3, 4],
    ],
    { dtype: 'float64' },
  );
  const w = noGrad(() => base.transpose()).requiresGrad_(); // [[1, 3], [2, 4]]
  const opt = new SGD([w], { lr: 1 });
  w.grad = grad([0.1, 0.2, 0.3, 0.4]).reshape([2, 2]);
  opt.step();
  expectClose(w, [0.9, 2.8, 1.7, 3.6]);
  expectClose(base, [0.9, 1.7, 2.8, 3.6]); // the same memory, seen untransposed
});

test('zeroGrad sets every .grad to null', () => {
  const a = param([1]);
  const b = param([2]);
  const opt = new SGD([{ params: [a] }, { params: [b] }], { lr: 0.1 });
  a.grad = grad([1]);
  b.grad = grad([1]);
  opt.zeroGrad();
  assert.equal(a.grad, null);
  assert.equal(b.grad, null);
});

test('parameters must be float leaves', () => {
  assert.throws(() => new SGD([tensor([1], { dtype: 'int32' })], { lr: 0.1 }), {
    name: 'DTypeError',
    message: 'SGD: parameter 0 must be float32 or float64, got int32',
  });
  const w = param([1]);
  assert.throws(() => new SGD([w.mul(2)], { lr: 0.1 }), /SGD: parameter 0 is not a leaf/);
  assert.throws(() => new SGD([], { lr: 0.1 }), /SGD: got an empty list of parameters/);
  assert.throws(() => new SGD([1 as never], { lr: 0.1 }), /SGD: parameter 0 is not a Tensor/);
});

test('a gradient of the wrong shape is a ShapeError naming the optimizer', () => {
  const w = param([1, 2]);
  const opt = new SGD([w], { lr: 0.1 });
  w.grad = grad([1, 2, 3]);
  assert.throws(() => opt.step(), {
    name: 'ShapeError',
    message: 'SGD.step: a gradient has shape [3], its parameter [2]',
  });
});

/** Two steps of `opt` with a gradient that depends on the step, returning the weights after each. */
function train(opt: Optimizer, params: Tensor[], from: number, steps: number): number[][] {
  const out: number[][] = [];
  for (let t = from; t < from + steps; t++) {
    params.forEach((p, i) => {
      p.grad = grad(p.shape[0] === 2 ? [t - 1.5, 0.5 * i + 1] : [Math.cos(t)]);
    });
    opt.step();
    out.push(params.flatMap((p) => [...p.data()]));
  }
  return out;
}

test('stateDict / loadStateDict: a resumed optimizer continues exactly as the original', () => {
  const make = (ps: Tensor[]) =>
    new Adam([{ params: [ps[0]!] }, { params: [ps[1]!], lr: 0.05 }], { amsgrad: true });
  const original = [param([1, -1]), param([3])];
  const opt = make(original);
  train(opt, original, 0, 2);
  const saved = opt.stateDict();
  assert.deepEqual(JSON.parse(JSON.stringify(saved.paramGroups)), saved.paramGroups);
  assert.deepEqual(saved.paramGroups[1], {
    lr: 0.05,
    betas: [0.9, 0.999],
    eps: 1e-8,
    weightDecay: 0,
    amsgrad: true,
    params: [1],
  });
  assert.equal(saved.state[0]!.step, 2);
  assert.deepEqual(Object.keys(saved.state[1]!).sort(), ['expAvg', 'expAvgSq', 'maxExpAvgSq', 'step']);

  const copies = original.map((p) => tensor(p.data(), { requiresGrad: true }));
  const resumed = make(copies);
  resumed.paramGroups[1]!.lr = 1; // overwritten by the load
  resumed.loadStateDict(saved);
  assert.equal(resumed.paramGroups[1]!.lr, 0.05);
  const a = train(opt, original, 2, 3);
  const b = train(resumed, copies, 2, 3);
  assert.deepEqual(b, a);
});

test('stateDict holds copies: later steps do not change a saved dict', () => {
  const w = param([1]);
  const opt = new SGD([w], { lr: 0.1, momentum: 0.9 });
  w.grad = grad([1]);
  opt.step();
  const saved = opt.stateDict();
  opt.step();
  expectClose(saved.state[0]!.momentumBuffer as Tensor, [1]);
});

test('loadStateDict validates counts, indices, steps, buffers and shapes, changing nothing on failure', () => {
  const w = param([1, 2]);
  const opt = new Adam([w]);
  w.grad = grad([1, 1]);
  opt.step();
  const good = opt.stateDict();
  const other = new Adam([param([0, 0])], { lr: 0.5 });
  const bad = (change: (d: ReturnType<typeof opt.stateDict>) => void) => {
    const d = opt.stateDict();
    change(d);
    return () => other.loadStateDict(d);
  };
  assert.throws(
    bad((d) => d.paramGroups.push({ params: [] })),
    {
      name: 'ValueError',
      message: 'Adam.loadStateDict: the state dict has 2 parameter groups, this optimizer 1',
    },
  );
  assert.throws(
    bad((d) => d.paramGroups[0]!.params.push(1)),
    /paramGroups\[0\] holds 2 parameters in the state dict, 1 in this optimizer/,
  );
  assert.throws(
    bad((d) => {
      d.state[0]!.expAvg = zeros([3]);
    }),
    {
      name: 'ShapeError',
      message: 'Adam.loadStateDict: state[0].expAvg has shape [3], its parameter [2]',
    },
  );
  assert.throws(
    bad((d) => {
      delete d.state[0]!.expAvgSq;
    }),
    /Adam.loadStateDict: state\[0\] has no buffer 'expAvgSq'/,
  );
  assert.throws(
    bad((d) => {
      d.state[0]!.step = -1;
    }),
    /state\[0\].step must be an integer ≥ 0, got -1/,
  );
  assert.throws(
    bad((d) => {
      d.state[4] = d.state[0]!;
    }),
    /state\[4\] belongs to no parameter/,
  );
  assert.throws(
    bad((d) => {
      d.paramGroups[0]!.lr = -1;
    }),
    /Adam: lr must be a finite number ≥ 0, got -1/,
  );
  assert.throws(() => other.loadStateDict({} as never), /Adam.loadStateDict: expected an object/);
  assert.equal(other.paramGroups[0]!.lr, 0.5);
  assert.equal(other.state.size, 0);
  other.loadStateDict(good);
  assert.equal(other.paramGroups[0]!.lr, 1e-3);
});

test('SGD and Adam minimise f(w) = ‖w − c‖² to within 1e-3', () => {
  const c = tensor([1, -2, 3]);
  const cases: [string, (w: Tensor) => Optimizer, number][] = [
    ['SGD', (w) => new SGD([w], { lr: 0.1, momentum: 0.5 }), 100],
    ['Adam', (w) => new Adam([w], { lr: 0.05 }), 1000],
  ];
  for (const [name, make, steps] of cases) {
    const w = zeros([3], { requiresGrad: true });
    const opt = make(w);
    for (let i = 0; i < steps; i++) {
      opt.zeroGrad();
      sub(w, c).square().sum().backward();
      opt.step();
    }
    expectClose(w, [1, -2, 3], { atol: 1e-3, rtol: 0 });
    assert.ok(w.grad, name);
  }
});
