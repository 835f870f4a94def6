import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ShapeError, ValueError } from '../../../errors.js';
import { Generator, ones, randn, tensor } from '../../../index.js';
import type { Tensor } from '../../../tensor/tensor.js';
import { expectClose } from '../../../testing/expect-close.js';
import { gradcheckModule } from '../../gradcheck-module.js';
import { Module } from '../../module.js';
import { GRUCell } from './gru-cell.js';
import { LSTMCell } from './lstm-cell.js';
import { RNNCell } from './rnn-cell.js';

const f64 = { dtype: 'float64' as const };

test('RNNCell: h′ = tanh(W_ih·x + b_ih + W_hh·h + b_hh), and relu', () => {
  const weights = {
    weightIh: tensor([[0.5, -1]]),
    weightHh: tensor([[2]]),
    biasIh: tensor([0.1]),
    biasHh: tensor([-0.2]),
  };
  const x = tensor([
    [1, 0.5],
    [-1, 1],
  ]);
  const h = tensor([[0.25], [0.5]]);
  // row 0: 0.5·1 − 1·0.5 + 0.1 + 2·0.25 − 0.2 = 0.4;  row 1: −0.5 − 1 + 0.1 + 2·0.5 − 0.2 = −0.6
  const cell = new RNNCell(2, 1);
  cell.loadStateDict(weights);
  expectClose(cell.forward(x, h), [[Math.tanh(0.4)], [Math.tanh(-0.6)]]); // [0.379949, −0.537050]
  const reluCell = new RNNCell(2, 1, { nonlinearity: 'relu' });
  reluCell.loadStateDict(weights);
  expectClose(reluCell.forward(x, h), [[0.4], [0]]);
  // Without h the state starts at zero: row 0 → tanh(0.5 − 0.5 + 0.1 − 0.2) = tanh(−0.1).
  expectClose(cell.forward(x), [[Math.tanh(-0.1)], [Math.tanh(-1.6)]]);
});

test('GRUCell: the full GRU (blocks r, z, n) by hand', () => {
  const cell = new GRUCell(1, 1);
  cell.loadStateDict({
    weightIh: tensor([[1], [-1], [2]]),
    weightHh: tensor([[0.5], [0.5], [-1]]),
    biasIh: tensor([0, 0, 0.5]),
    biasHh: tensor([0, 0, 0.25]),
  });
  // x = 1, h = 0.5: r = σ(1 + 0.25) = 0.777300, z = σ(−1 + 0.25) = 0.320821,
  // n = tanh(2 + 0.5 + r·(−0.5 + 0.25)) = 0.980319, h′ = (1 − z)·n + z·0.5 = 0.826222
  // (PyTorch 1.13's GRUCell gives 0.8262223085466419).
  expectClose(cell.forward(tensor([[1]]), tensor([[0.5]])), [[0.8262223085466419]]);
});

test('GRUCell { simplified: true }: only the update gate (blocks z, n)', () => {
  const cell = new GRUCell(1, 1, { simplified: true });
  assert.deepEqual(cell.weightIh.shape, [2, 1]);
  cell.loadStateDict({
    weightIh: tensor([[-1], [2]]),
    weightHh: tensor([[0.5], [-1]]),
    biasIh: tensor([0, 0.5]),
    biasHh: tensor([0, 0.25]),
  });
  // x = 1, h = 0.5: z = σ(−1 + 0.25) = 0.320821 (the course's Γu = 1 − z),
  // n = c̃ = tanh(2 + 0.5 − 0.5 + 0.25) = tanh(2.25) = 0.978026, h′ = (1 − z)·n + z·h = 0.824665
  expectClose(cell.forward(tensor([[1]]), tensor([[0.5]])), [[0.8246651547801745]]);
});

test('LSTMCell: gates i, f, g, o, c′ = f⊙c + i⊙g, h′ = o⊙tanh(c′)', () => {
  const cell = new LSTMCell(1, 1);
  cell.loadStateDict({
    weightIh: tensor([[1], [0.5], [-1], [2]]),
    weightHh: tensor([[0.5], [-0.5], [1], [0]]),
    biasIh: tensor([0, 1, 0, -0.5]),
    biasHh: tensor([0.25, 0, 0, 0]),
  });
  // x = 1, h = 0.5, c = −1: i = σ(1 + 0.25 + 0.25) = 0.817574, f = σ(0.5 + 1 − 0.25) = 0.777300,
  // g = tanh(−1 + 0.5) = −0.462117, o = σ(2 − 0.5) = 0.817574,
  // c′ = f·(−1) + i·g = −1.155115, h′ = o·tanh(c′) = −0.669954 (as PyTorch 1.13).
  const { h, c } = cell.forwardWithState(tensor([[1]]), { h: tensor([[0.5]]), c: tensor([[-1]]) });
  expectClose(c, [[-1.155115053961639]]);
  expectClose(h, [[-0.6699544642744757]]);
  expectClose(cell.forward(tensor([[1]]), tensor([[0.5]]), tensor([[-1]])), [[-0.6699544642744757]]);
});

test('cells have PyTorch’s parameter layout and U(±1/√hidden) init', () => {
  const cases: [Module, number][] = [
    [new RNNCell(3, 4, { generator: new Generator(1) }), 1],
    [new GRUCell(3, 4, { generator: new Generator(1) }), 3],
    [new LSTMCell(3, 4, { generator: new Generator(1) }), 4],
  ];
  for (const [cell, gates] of cases) {
    const shapes = cell.namedParameters().map(([name, p]) => [name, p.shape]);
    assert.deepEqual(shapes, [
      ['weightIh', [gates * 4, 3]],
      ['weightHh', [gates * 4, 4]],
      ['biasIh', [gates * 4]],
      ['biasHh', [gates * 4]],
    ]);
    // 1/√4 = 0.5
    for (const p of cell.parameters()) assert.ok([...p.data()].every((v) => Math.abs(v) <= 0.5));
  }
  const noBias = new LSTMCell(3, 4, { bias: false, dtype: 'float64' });
  assert.deepEqual(Object.keys(noBias.stateDict()), ['weightIh', 'weightHh']);
  assert.equal(noBias.weightIh.dtype, 'float64');
  const a = new GRUCell(2, 2, { generator: new Generator(7) });
  const b = new GRUCell(2, 2, { generator: new Generator(7) });
  expectClose(a.weightHh, b.weightHh, { rtol: 0, atol: 0 });
});

/** Runs an LSTM cell for two steps so the gradient flows through c as well as h. */
class TwoLSTMSteps extends Module {
  cell = new LSTMCell(3, 2, { dtype: 'float64', generator: new Generator(4) });
  forward(x: Tensor, h: Tensor, c: Tensor): Tensor {
    const s1 = this.cell.forwardWithState(x, { h, c });
    const s2 = this.cell.forwardWithState(x.mul(-1), s1);
    return s2.h.add(s2.c.mul(0.5));
  }
}

test('cells pass a float64 gradcheck (weights, biases, x and state)', () => {
  const g = new Generator(11);
  const x = randn([2, 3], { ...f64, generator: g });
  const h = randn([2, 2], { ...f64, generator: g });
  const c = randn([2, 2], { ...f64, generator: g });
  const loss = (y: Tensor): Tensor =>
    y
      .mul(
        tensor(
          [
            [1, -2],
            [0.5, 3],
          ],
          f64,
        ),
      )
      .sum();
  const cells: Module[] = [
    new RNNCell(3, 2, { ...f64, generator: g }),
    new RNNCell(3, 2, { ...f64, generator: g, nonlinearity: 'relu' }),
    new GRUCell(3, 2, { ...f64, generator: g }),
    new GRUCell(3, 2, { ...f64, generator: g, simplified: true }),
  ];
  for (const cell of cells) {
    const result = gradcheckModule(cell, loss, [x, h]);
    assert.ok(result.passed, result.table());
    assert.equal(result.inputs.length, 6);
  }
  const result = gradcheckModule(new TwoLSTMSteps(), loss, [x, h, c]);
  assert.ok(result.passed, result.table());
});

test('cells reject bad shapes and options with named errors', () => {
  const lstm = new LSTMCell(3, 2);
  assert.throws(() => lstm.forward(ones([4])), {
    name: 'ShapeError',
    message: 'LSTMCell(inputSize=3, hiddenSize=2): expected input [batch, 3], got [4]',
  });
  assert.throws(() => lstm.forwardWithState(ones([4, 3]), { c: ones([4, 3]) }), {
    name: 'ShapeError',
    message: 'LSTMCell: state.c must have shape [4, 2], got [4, 3]',
  });
  assert.throws(
    () => new GRUCell(3, 2).forward(ones([4, 2])),
    /GRUCell\(.*\): expected input \[batch, 3\], got \[4, 2\]/,
  );
  assert.throws(() => new RNNCell(3, 2).forward(ones([4, 3]), ones([5, 2])), {
    message: 'RNNCell: h must have shape [4, 2], got [5, 2]',
  });
  assert.throws(() => new RNNCell(3, 2).forward(ones([4, 3]), ones([5, 2])), ShapeError);
  assert.throws(() => new RNNCell(3, 0), /RNNCell: hiddenSize must be a positive integer, got 0/);
  assert.throws(
    () => new RNNCell(3, 2, { nonlinearity: 'sigmoid' as 'tanh' }),
    (e: unknown) => e instanceof ValueError && /nonlinearity must be 'tanh' or 'relu'/.test(e.message),
  );
});
