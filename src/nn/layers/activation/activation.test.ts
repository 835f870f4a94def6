import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tensor } from '../../../index.js';
import { expectClose } from '../../../testing/expect-close.js';
import { ELU } from './elu.js';
import { GELU } from './gelu.js';
import { HardTanh } from './hard-tanh.js';
import { LeakyReLU } from './leaky-relu.js';
import { LogSoftmax } from './log-softmax.js';
import { ReLU } from './relu.js';
import { SELU } from './selu.js';
import { Sigmoid } from './sigmoid.js';
import { SiLU } from './silu.js';
import { Softmax } from './softmax.js';
import { Softplus } from './softplus.js';
import { Tanh } from './tanh.js';

const x = tensor([-2, 0, 1]);
const s = (v: number) => 1 / (1 + Math.exp(-v));

test('ReLU, Sigmoid, Tanh', () => {
  expectClose(new ReLU().forward(x), [0, 0, 1]);
  expectClose(new Sigmoid().forward(x), [s(-2), 0.5, s(1)]);
  expectClose(new Tanh().forward(x), [Math.tanh(-2), 0, Math.tanh(1)]);
});

test('LeakyReLU, ELU, SELU', () => {
  expectClose(new LeakyReLU().forward(x), [-0.02, 0, 1]);
  expectClose(new LeakyReLU(0.2).forward(x), [-0.4, 0, 1]);
  // α(e^−2 − 1)
  expectClose(new ELU(0.5).forward(x), [0.5 * (Math.exp(-2) - 1), 0, 1]);
  const lambda = 1.0507009873554805;
  const alpha = 1.6732632423543772;
  expectClose(new SELU().forward(x), [lambda * alpha * (Math.exp(-2) - 1), 0, lambda]);
});

test('GELU, Softplus, SiLU, HardTanh', () => {
  // x·Φ(x): Φ(−2) = 0.0227501, Φ(1) = 0.8413447
  expectClose(new GELU().forward(x), [-2 * 0.0227501319, 0, 0.8413447461], { rtol: 1e-5, atol: 1e-6 });
  const tanhApprox = (v: number) =>
    0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v ** 3)));
  expectClose(new GELU({ approximate: 'tanh' }).forward(x), [tanhApprox(-2), 0, tanhApprox(1)]);
  expectClose(new Softplus().forward(x), [Math.log1p(Math.exp(-2)), Math.LN2, Math.log1p(Math.E)]);
  // β = 2: log(1 + e^(2x)) / 2; threshold 1 makes 2·1 > 1 linear
  expectClose(new Softplus(2, 1).forward(x), [Math.log1p(Math.exp(-4)) / 2, Math.LN2 / 2, 1]);
  expectClose(new SiLU().forward(x), [-2 * s(-2), 0, s(1)]);
  expectClose(new HardTanh().forward(tensor([-2, 0.5, 3])), [-1, 0.5, 1]);
  expectClose(new HardTanh(0, 2).forward(tensor([-2, 0.5, 3])), [0, 0.5, 2]);
});

test('Softmax and LogSoftmax along an axis', () => {
  const z = tensor([
    [0, Math.LN2],
    [1, 1],
  ]);
  // row 0: e^0 : e^ln2 = 1 : 2
  expectClose(new Softmax().forward(z), [
    [1 / 3, 2 / 3],
    [0.5, 0.5],
  ]);
  expectClose(new Softmax(0).forward(tensor([[0], [0]])), [[0.5], [0.5]]);
  expectClose(new LogSoftmax(1).forward(z), [
    [Math.log(1 / 3), Math.log(2 / 3)],
    [-Math.LN2, -Math.LN2],
  ]);
});

test('activation layers have no parameters', () => {
  for (const m of [new ReLU(), new GELU(), new Softmax(), new HardTanh()]) assert.equal(m.numParameters(), 0);
});
