import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ValueError } from '../errors.js';
import { Generator, type Tensor, zeros } from '../index.js';
import { expectClose } from '../testing/expect-close.js';
import {
  calculateFanInAndFanOut,
  calculateGain,
  initConstant,
  initNormal,
  initUniform,
  initZeros,
  kaimingNormal,
  kaimingUniform,
  lecunNormal,
  orthogonal,
  xavierNormal,
  xavierUniform,
} from './init.js';

function stats(t: Tensor): { mean: number; std: number; min: number; max: number } {
  const d = [...t.data()];
  const mean = d.reduce((a, b) => a + b, 0) / d.length;
  const std = Math.sqrt(d.reduce((a, b) => a + (b - mean) ** 2, 0) / d.length);
  return { mean, std, min: Math.min(...d), max: Math.max(...d) };
}

// Over 40,000+ draws the sample std is within ~1% of σ; 3% leaves room for every seed.
function expectStd(t: Tensor, std: number): void {
  const s = stats(t);
  assert.ok(Math.abs(s.mean) < 0.03 * std + 1e-12, `mean ${s.mean} should be ≈ 0`);
  assert.ok(Math.abs(s.std / std - 1) < 0.03, `std ${s.std} should be ≈ ${std}`);
}

test('calculateFanInAndFanOut for linear and conv weights', () => {
  assert.deepEqual(calculateFanInAndFanOut([300, 200]), [200, 300]);
  // conv [out 16, in 3, 5×5]: fan_in = 3·25, fan_out = 16·25
  assert.deepEqual(calculateFanInAndFanOut([16, 3, 5, 5]), [75, 400]);
  assert.throws(
    () => calculateFanInAndFanOut([5]),
    /calculateFanInAndFanOut: needs a tensor of rank 2 or more, got shape \[5\]/,
  );
});

test('calculateGain matches PyTorch', () => {
  expectClose(
    [calculateGain('relu'), calculateGain('tanh'), calculateGain('leakyRelu', 0.2)],
    [Math.SQRT2, 5 / 3, Math.sqrt(2 / 1.04)],
  );
});

test('initZeros, initConstant fill in place and return the tensor', () => {
  const t = zeros([2, 2]);
  assert.equal(initConstant(t, 3), t);
  expectClose(t, [3, 3, 3, 3]);
  expectClose(initZeros(t), [0, 0, 0, 0]);
});

test('initNormal defaults to the course small σ = 0.01', () => {
  expectStd(initNormal(zeros([200, 200]), { generator: new Generator(1) }), 0.01);
  const s = stats(initNormal(zeros([200, 200]), { mean: 2, std: 0.5, generator: new Generator(2) }));
  assert.ok(Math.abs(s.mean - 2) < 0.01 && Math.abs(s.std - 0.5) < 0.01);
  assert.throws(() => initNormal(zeros([2]), { std: -1 }), ValueError);
});

test('initUniform stays in [low, high) with std (high − low)/√12', () => {
  const s = stats(initUniform(zeros([200, 200]), { low: -1, high: 3, generator: new Generator(3) }));
  assert.ok(s.min >= -1 && s.max < 3);
  assert.ok(Math.abs(s.std - 4 / Math.sqrt(12)) < 0.03);
});

test('xavier: std = gain·√(2/(fan_in + fan_out))', () => {
  // fan_in 200, fan_out 300 → √(2/500)
  expectStd(xavierNormal(zeros([300, 200]), { generator: new Generator(4) }), Math.sqrt(2 / 500));
  expectStd(
    xavierUniform(zeros([300, 200]), { gain: 2, generator: new Generator(5) }),
    2 * Math.sqrt(2 / 500),
  );
  const bound = Math.sqrt(6 / 500);
  const s = stats(xavierUniform(zeros([300, 200]), { generator: new Generator(6) }));
  assert.ok(s.min >= -bound && s.max <= bound);
});

test('lecunNormal: std = √(1/fan_in)', () => {
  expectStd(lecunNormal(zeros([300, 200]), { generator: new Generator(7) }), Math.sqrt(1 / 200));
});

test('kaiming (He): std = √(2/fan_in) for ReLU, fan_out on request', () => {
  expectStd(kaimingNormal(zeros([300, 200]), { generator: new Generator(8) }), Math.sqrt(2 / 200));
  expectStd(
    kaimingNormal(zeros([300, 200]), { mode: 'fanOut', generator: new Generator(9) }),
    Math.sqrt(2 / 300),
  );
  expectStd(kaimingUniform(zeros([300, 200]), { generator: new Generator(10) }), Math.sqrt(2 / 200));
  // conv weight [64, 16, 7, 7]: fan_in = 16·49 = 784, tanh gain 5/3
  expectStd(
    kaimingNormal(zeros([64, 16, 7, 7]), { nonlinearity: 'tanh', generator: new Generator(11) }),
    5 / 3 / Math.sqrt(16 * 49),
  );
});

function gramOf(t: Tensor, byRows: boolean): number[][] {
  const [r, c] = [t.shape[0]!, t.size / t.shape[0]!];
  const d = t.data();
  const n = byRows ? r : c;
  const len = byRows ? c : r;
  const at = (v: number, k: number) => (byRows ? d[v * c + k]! : d[k * c + v]!);
  return Array.from({ length: n }, (_, i) =>
    Array.from({ length: n }, (_, j) => {
      let s = 0;
      for (let k = 0; k < len; k++) s += at(i, k) * at(j, k);
      return s;
    }),
  );
}

const identity = (n: number) =>
  Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));

test('orthogonal: QᵀQ ≈ I for tall, square and wide matrices', () => {
  const tall = orthogonal(zeros([50, 20], { dtype: 'float64' }), { generator: new Generator(12) });
  expectClose(gramOf(tall, false), identity(20), { atol: 1e-10 });
  const square = orthogonal(zeros([16, 16]), { generator: new Generator(13) });
  expectClose(gramOf(square, false), identity(16), { atol: 1e-5 });
  expectClose(gramOf(square, true), identity(16), { atol: 1e-5 });
  const wide = orthogonal(zeros([5, 30], { dtype: 'float64' }), { gain: 2, generator: new Generator(14) });
  expectClose(
    gramOf(wide, true),
    identity(5).map((row) => row.map((v) => 4 * v)),
    { atol: 1e-10 },
  );
  assert.throws(() => orthogonal(zeros([3])), /orthogonal: needs a tensor of rank 2 or more/);
});

test('the same generator seed gives the same init', () => {
  const a = kaimingUniform(zeros([4, 3]), { generator: new Generator(99) });
  const b = kaimingUniform(zeros([4, 3]), { generator: new Generator(99) });
  expectClose(a, b, { rtol: 0, atol: 0 });
});
