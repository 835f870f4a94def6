import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ValueError } from '../../../errors.js';
import { Generator, ones, randn, tensor } from '../../../index.js';
import { expectClose } from '../../../testing/expect-close.js';
import { gradcheckModule } from '../../gradcheck-module.js';
import { Identity } from './identity.js';
import { Linear } from './linear.js';

test('Linear computes x·Wᵀ + b', () => {
  const fc = new Linear(2, 3);
  fc.loadStateDict({
    weight: tensor([
      [1, 2],
      [3, 4],
      [5, 6],
    ]),
    bias: tensor([0.5, 0, -1]),
  });
  // [1, -1]·Wᵀ = [1−2, 3−4, 5−6] = [-1, -1, -1]; + b
  expectClose(fc.forward(tensor([[1, -1]])), [[-0.5, -1, -2]]);
  assert.deepEqual(fc.forward(ones([4, 5, 2])).shape, [4, 5, 3]);
});

test('Linear without bias has only a weight', () => {
  const fc = new Linear(2, 1, { bias: false });
  assert.deepEqual(Object.keys(fc.stateDict()), ['weight']);
  fc.loadStateDict({ weight: tensor([[2, 3]]) });
  expectClose(fc.forward(tensor([[1, 1]])), [[5]]);
});

test('Linear init is U(±1/√in) for weight and bias (PyTorch default)', () => {
  const fc = new Linear(16, 400, { generator: new Generator(3) });
  const bound = 1 / 4;
  for (const p of fc.parameters()) assert.ok([...p.data()].every((v) => Math.abs(v) <= bound));
  const w = [...fc.weight.data()];
  assert.ok(Math.max(...w) > 0.24 && Math.min(...w) < -0.24, 'the samples fill the range');
});

test('Linear takes a dtype and a generator', () => {
  const a = new Linear(3, 2, { dtype: 'float64', generator: new Generator(5) });
  const b = new Linear(3, 2, { dtype: 'float64', generator: new Generator(5) });
  assert.equal(a.weight.dtype, 'float64');
  expectClose(a.weight, b.weight, { rtol: 0, atol: 0 });
  assert.throws(() => new Linear(-1, 2), ValueError);
});

test('Linear gradcheck in float64 (weight, bias and input)', () => {
  const fc = new Linear(3, 2, { dtype: 'float64', generator: new Generator(1) });
  const x = randn([4, 3], { dtype: 'float64', generator: new Generator(2) });
  const result = gradcheckModule(fc, (y) => y.tanh().sum(), [x]);
  assert.ok(result.passed, result.table());
  assert.equal(result.inputs.length, 3);
});

test('Identity returns its input', () => {
  const x = tensor([1, 2]);
  assert.equal(new Identity().forward(x), x);
});
