import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ShapeError, ValueError } from '../../../errors.js';
import { Generator, ones, randn, tensor, zeros } from '../../../index.js';
import type { Tensor } from '../../../tensor/tensor.js';
import { expectClose } from '../../../testing/expect-close.js';
import { Sequential } from '../container/sequential.js';
import { Linear } from '../linear/linear.js';
import { GRU } from './gru.js';
import { LSTM } from './lstm.js';
import type { RecurrentLayer } from './recurrent-layer.js';
import { RNN } from './rnn.js';

const f64 = { dtype: 'float64' as const };

/** Parameter k (in PyTorch's order), element j: 0.5·sin(3k + j), as the PyTorch script set them. */
function fill(layer: RecurrentLayer): void {
  layer.namedParameters().forEach(([, p], k) => {
    const data = p.data();
    for (let j = 0; j < data.length; j++) data[j] = 0.5 * Math.sin(3 * k + j);
  });
}

/** x[j] = cos(j) for x [3, 2, 2], the same input the PyTorch script used. */
const cosInput = (): Tensor =>
  tensor(
    Float64Array.from({ length: 12 }, (_, j) => Math.cos(j)),
    { shape: [3, 2, 2] },
  );

test('parameter names and counts match PyTorch', () => {
  const lstm = new LSTM(10, 20, { numLayers: 2, bidirectional: true });
  // layer 0, per direction: 4·20·(10 + 20) + 2·4·20 = 2560; layer 1 reads 2·20 = 40 features:
  // 4·20·(40 + 20) + 2·4·20 = 4960. Total 2·2560 + 2·4960 = 15040 (PyTorch 1.13 agrees).
  assert.equal(lstm.numParameters(), 15040);
  assert.deepEqual(
    lstm
      .namedParameters()
      .slice(0, 5)
      .map(([name, p]) => [name, p.shape]),
    [
      ['weightIhL0', [80, 10]],
      ['weightHhL0', [80, 20]],
      ['biasIhL0', [80]],
      ['biasHhL0', [80]],
      ['weightIhL0Reverse', [80, 10]],
    ],
  );
  assert.deepEqual(lstm.namedParameters()[8]![1].shape, [80, 40]); // weightIhL1
  // GRU(10, 20, 3 layers): 3·20·30 + 120 = 1920, then 2 × (3·20·40 + 120) = 2 × 2520 → 6960.
  assert.equal(new GRU(10, 20, { numLayers: 3 }).numParameters(), 6960);
  // RNN(5, 7, bidirectional, no bias): 2·(7·5 + 7·7) = 168.
  const rnn = new RNN(5, 7, { bidirectional: true, bias: false });
  assert.equal(rnn.numParameters(), 168);
  assert.deepEqual(Object.keys(rnn.stateDict()), [
    'weightIhL0',
    'weightHhL0',
    'weightIhL0Reverse',
    'weightHhL0Reverse',
  ]);
  // The simplified GRU has 2 gate blocks: 2·4·(3 + 4) + 2·2·4 = 72.
  assert.equal(new GRU(3, 4, { simplified: true }).numParameters(), 72);
});

test('init is U(±1/√hidden) and reproducible from a generator', () => {
  const a = new LSTM(3, 4, { numLayers: 2, generator: new Generator(2), ...f64 });
  const b = new LSTM(3, 4, { numLayers: 2, generator: new Generator(2), ...f64 });
  for (const p of a.parameters()) assert.ok([...p.data()].every((v) => Math.abs(v) <= 0.5)); // 1/√4
  expectClose(a.weights(1, false).weightHh, b.weights(1, false).weightHh, { rtol: 0, atol: 0 });
  assert.equal(a.weights(0, false).weightIh.dtype, 'float64');
});

test('a 2-layer bidirectional LSTM matches PyTorch 1.13', () => {
  const lstm = new LSTM(2, 2, { numLayers: 2, bidirectional: true, ...f64 });
  fill(lstm);
  const { output, h, c } = lstm.forwardWithState(cosInput());
  assert.deepEqual(output.shape, [3, 2, 4]);
  // Values printed by torch.nn.LSTM(2, 2, num_layers=2, bidirectional=True), rounded to 1e-6.
  const opts = { rtol: 0, atol: 2e-6 };
  expectClose(
    output,
    [
      0.006486, -0.036883, 0.008333, -0.06295, -0.014136, -0.017399, 0.007361, -0.046412, 0.006961, -0.065058,
      -0.009256, -0.045832, 0.003475, -0.038745, 0.015603, -0.057201, -0.002739, -0.06138, -0.010776,
      -0.020566, 0.003929, -0.059243, -0.004155, -0.03361,
    ],
    opts,
  );
  expectClose(
    h,
    [
      -0.068008, 0.05259, -0.059608, -0.021821, 0.06318, -0.11499, -0.084482, -0.004221, -0.002739, -0.06138,
      0.003929, -0.059243, 0.008333, -0.06295, 0.007361, -0.046412,
    ],
    opts,
  );
  expectClose(
    c,
    [
      -0.14342, 0.12125, -0.102252, -0.052711, 0.171598, -0.171049, -0.148606, -0.011207, -0.005477,
      -0.119613, 0.00777, -0.114558, 0.016904, -0.123404, 0.015273, -0.09144,
    ],
    opts,
  );
});

test('a bidirectional GRU and a 2-layer relu RNN match PyTorch 1.13', () => {
  const opts = { rtol: 0, atol: 2e-6 };
  const gru = new GRU(2, 2, { bidirectional: true, ...f64 });
  fill(gru);
  const g = gru.forwardWithState(cosInput());
  expectClose(
    g.output,
    [
      0.278848, -0.314767, 0.298638, -0.282602, -0.185783, 0.18569, -0.01207, -0.136166, -0.062926, -0.302867,
      -0.182288, -0.117117, 0.248999, -0.242236, 0.342307, -0.319991, -0.191865, -0.040358, -0.170277,
      0.063925, -0.09219, -0.178666, -0.184613, -0.110637,
    ],
    opts,
  );
  // The reverse direction's final state is its output at step 0.
  expectClose(
    g.h,
    [-0.191865, -0.040358, -0.09219, -0.178666, 0.298638, -0.282602, -0.01207, -0.136166],
    opts,
  );
  const rnn = new RNN(2, 2, { numLayers: 2, nonlinearity: 'relu', ...f64 });
  fill(rnn);
  const r = rnn.forwardWithState(cosInput());
  expectClose(
    r.output,
    [0.079434, 0.394559, 0.042834, 0.070513, 0.011864, 0, 0.058463, 0.391016, 0.046692, 0.06481, 0.005556, 0],
    opts,
  );
  expectClose(r.h, [0, 0, 0, 0, 0.046692, 0.06481, 0.005556, 0], opts);
});

test('batchFirst takes and returns [batch, seq, feature] with the same numbers', () => {
  const g = new Generator(3);
  const seqFirst = new LSTM(3, 4, { bidirectional: true, generator: g, ...f64 });
  const batchFirst = new LSTM(3, 4, { bidirectional: true, batchFirst: true, ...f64 });
  batchFirst.loadStateDict(seqFirst.stateDict());
  const x = randn([5, 2, 3], { ...f64, generator: g });
  const h0 = randn([2, 2, 4], { ...f64, generator: g });
  const a = seqFirst.forwardWithState(x, { h: h0, c: h0 }, { lengths: [5, 3] });
  const b = batchFirst.forwardWithState(x.transpose(0, 1), { h: h0, c: h0 }, { lengths: [5, 3] });
  assert.deepEqual(b.output.shape, [2, 5, 8]);
  expectClose(b.output.transpose(0, 1), a.output, { rtol: 1e-12, atol: 1e-12 });
  expectClose(b.h, a.h, { rtol: 1e-12, atol: 1e-12 });
  expectClose(b.c, a.c, { rtol: 1e-12, atol: 1e-12 });
});

test('batchFirst without lengths (the fused op reading batch-first data) gives the same numbers and gradients', () => {
  const g = new Generator(4);
  const seqFirst = new LSTM(3, 4, { numLayers: 2, bidirectional: true, generator: g, ...f64 });
  const batchFirst = new LSTM(3, 4, { numLayers: 2, bidirectional: true, batchFirst: true, ...f64 });
  batchFirst.loadStateDict(seqFirst.stateDict());
  const x = randn([5, 2, 3], { ...f64, generator: g }).requiresGrad_();
  const xb = x.detach().transpose(0, 1).contiguous().requiresGrad_();
  const h0 = randn([4, 2, 4], { ...f64, generator: g });
  const a = seqFirst.forwardWithState(x, { h: h0, c: h0 });
  const b = batchFirst.forwardWithState(xb, { h: h0, c: h0 });
  assert.deepEqual(b.output.shape, [2, 5, 8]);
  expectClose(b.output.transpose(0, 1), a.output, { rtol: 1e-12, atol: 1e-12 });
  expectClose(b.h, a.h, { rtol: 1e-12, atol: 1e-12 });
  expectClose(b.c, a.c, { rtol: 1e-12, atol: 1e-12 });
  const weight = randn([2, 5, 8], { ...f64, generator: g });
  a.output.mul(weight.transpose(0, 1)).sum().add(a.c.sum()).backward();
  b.output.mul(weight).sum().add(b.c.sum()).backward();
  expectClose(xb.grad!.transpose(0, 1), x.grad!, { rtol: 1e-10, atol: 1e-12 });
  expectClose(batchFirst.weights(1, true).weightHh.grad!, seqFirst.weights(1, true).weightHh.grad!, {
    rtol: 1e-10,
    atol: 1e-12,
  });
});

/** Checks that a padded batch gives what each sequence gives alone. */
function checkLengths(layer: RecurrentLayer, lengths: number[], hasCell: boolean): void {
  const g = new Generator(9);
  const [seq, batch] = [4, lengths.length];
  const states = layer.numLayers * layer.directions;
  const x = randn([seq, batch, layer.inputSize], { ...f64, generator: g });
  const h0 = randn([states, batch, layer.hiddenSize], { ...f64, generator: g });
  const c0 = hasCell ? randn([states, batch, layer.hiddenSize], { ...f64, generator: g }) : undefined;
  const all = layer.forwardWithState(x, { h: h0, c: c0 }, { lengths });
  lengths.forEach((n, b) => {
    const pick = (t: Tensor): Tensor => t.narrow(1, b, 1);
    const alone = layer.forwardWithState(pick(x).narrow(0, 0, n), {
      h: pick(h0),
      c: c0 && pick(c0),
    });
    const out = pick(all.output);
    expectClose(out.narrow(0, 0, n), alone.output, { rtol: 1e-12, atol: 1e-12 });
    expectClose(out.narrow(0, n, seq - n), zeros([seq - n, 1, out.shape[2]!]), { rtol: 0, atol: 0 });
    expectClose(pick(all.h), alone.h, { rtol: 1e-12, atol: 1e-12 });
    if (all.c && alone.c) expectClose(pick(all.c), alone.c, { rtol: 1e-12, atol: 1e-12 });
  });
}

test('lengths: a padded batch gives the outputs and states of each sequence run alone', () => {
  const g = new Generator(5);
  checkLengths(new LSTM(2, 3, { numLayers: 2, bidirectional: true, generator: g, ...f64 }), [2, 4, 3], true);
  checkLengths(new GRU(2, 3, { bidirectional: true, generator: g, ...f64 }), [3, 1, 4], false);
  checkLengths(new GRU(2, 3, { simplified: true, numLayers: 2, generator: g, ...f64 }), [4, 2], false);
  checkLengths(new RNN(2, 3, { bidirectional: true, generator: g, ...f64 }), [1, 4, 2], false);
});

test('dropout acts between layers in training only', () => {
  const g = new Generator(6);
  // With p = 1 the second layer reads zeros in training, so its output does not depend on x.
  const lstm = new LSTM(2, 3, { numLayers: 2, dropout: 1, generator: g, ...f64 });
  const x1 = randn([3, 2, 2], { ...f64, generator: g });
  const x2 = randn([3, 2, 2], { ...f64, generator: g });
  expectClose(lstm.forward(x1), lstm.forward(x2), { rtol: 0, atol: 0 });
  const fromZeros = new LSTM(3, 3, f64);
  fromZeros.loadStateDict({
    weightIhL0: lstm.weights(1, false).weightIh,
    weightHhL0: lstm.weights(1, false).weightHh,
    biasIhL0: lstm.weights(1, false).biasIh!,
    biasHhL0: lstm.weights(1, false).biasHh!,
  });
  expectClose(lstm.forward(x1), fromZeros.forward(zeros([3, 2, 3], f64)), { rtol: 1e-12, atol: 1e-12 });
  // In eval mode dropout is off: the same as a copy built with dropout 0.
  const plain = new LSTM(2, 3, { numLayers: 2, ...f64 });
  plain.loadStateDict(lstm.stateDict());
  lstm.eval();
  expectClose(lstm.forward(x1), plain.forward(x1), { rtol: 0, atol: 0 });
  // A single layer has no layer boundary, so training changes nothing.
  const single = new GRU(2, 3, { dropout: 0.5, generator: g, ...f64 });
  const y = single.forward(x1);
  expectClose(single.eval().forward(x1), y, { rtol: 0, atol: 0 });
});

test('forward returns the output, so recurrent layers fit Sequential', () => {
  const model = new Sequential(new GRU(3, 4, { batchFirst: true }), new Linear(4, 2));
  assert.deepEqual(model.forward(ones([2, 5, 3])).shape, [2, 5, 2]);
  assert.deepEqual(new LSTM(3, 4, { bidirectional: true }).forward(ones([5, 2, 3])).shape, [5, 2, 8]);
});

test('bad inputs and options are named errors', () => {
  const lstm = new LSTM(3, 4, { numLayers: 2 });
  assert.throws(() => lstm.forward(ones([5, 3])), {
    name: 'ShapeError',
    message:
      'LSTM(inputSize=3, hiddenSize=4, numLayers=2, bidirectional=false, batchFirst=false, dropout=0, bias=true): expected input [seq, batch, 3], got [5, 3]',
  });
  assert.throws(() => new GRU(3, 4, { batchFirst: true }).forward(ones([2, 5, 4])), {
    name: 'ShapeError',
    message: /^GRU\(inputSize=3, .*\): expected input \[batch, seq, 3\], got \[2, 5, 4\]$/,
  });
  assert.throws(() => lstm.forwardWithState(ones([5, 2, 3]), { h: ones([1, 2, 4]) }), {
    name: 'ShapeError',
    message: 'LSTM: state.h must have shape [2, 2, 4], got [1, 2, 4]',
  });
  assert.throws(() => lstm.forwardWithState(ones([5, 2, 3]), { c: ones([2, 3, 4]) }), {
    message: 'LSTM: state.c must have shape [2, 2, 4], got [2, 3, 4]',
  });
  assert.throws(() => new RNN(3, 4).forwardWithState(ones([5, 2, 3]), { c: ones([1, 2, 4]) }), ValueError);
  assert.throws(() => lstm.forwardWithState(ones([5, 2, 3]), {}, { lengths: [5] }), {
    name: 'ShapeError',
    message: 'LSTM: lengths must hold one length per sequence (2), got 1',
  });
  assert.throws(() => lstm.forwardWithState(ones([5, 2, 3]), {}, { lengths: [5, 6] }), {
    name: 'ValueError',
    message: 'LSTM: lengths[1] must be an integer in [0, 5], got 6',
  });
  assert.throws(() => lstm.forward(ones([0, 2, 3])), ShapeError);
  assert.throws(() => new LSTM(3, 4, { numLayers: 0 }), /LSTM: numLayers must be a positive integer, got 0/);
  assert.throws(() => new GRU(3, 4, { dropout: 1.5 }), /GRU: dropout must be in \[0, 1\], got 1.5/);
  assert.throws(() => new RNN(3, 4, { nonlinearity: 'gelu' as 'relu' }), /RNN: nonlinearity must be/);
});
