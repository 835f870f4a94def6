import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Generator, randn } from '../../../index.js';
import { cat } from '../../../ops/cat.js';
import { reshape } from '../../../ops/reshape.js';
import type { Tensor } from '../../../tensor/tensor.js';
import { gradcheckModule } from '../../gradcheck-module.js';
import { Module } from '../../module.js';
import { GRU } from './gru.js';
import { LSTM } from './lstm.js';
import type { RecurrentLayer } from './recurrent-layer.js';
import { RNN } from './rnn.js';

const f64 = { dtype: 'float64' as const };

/** The output and the final states of a layer as one vector, so one loss reaches all of them. */
class AllOutputs extends Module {
  constructor(
    readonly layer: RecurrentLayer,
    readonly lengths?: number[],
  ) {
    super();
  }

  forward(x: Tensor, h: Tensor, c?: Tensor): Tensor {
    const r = this.layer.forwardWithState(x, { h, c }, { lengths: this.lengths });
    return cat([r.output, r.h, ...(r.c ? [r.c] : [])].map((t) => reshape(t, [-1])));
  }
}

/** Gradcheck of every parameter, x and the initial state(s) over seq 3, batch 2, hidden 3. */
function check(
  layer: RecurrentLayer,
  { lengths, cell = false }: { lengths?: number[]; cell?: boolean } = {},
): void {
  const g = new Generator(21);
  const states = layer.numLayers * layer.directions;
  const x = randn(layer.batchFirst ? [2, 3, layer.inputSize] : [3, 2, layer.inputSize], {
    ...f64,
    generator: g,
  });
  const h = randn([states, 2, 3], { ...f64, generator: g });
  const inputs = cell ? [x, h, randn([states, 2, 3], { ...f64, generator: g })] : [x, h];
  const model = new AllOutputs(layer, lengths);
  // A fixed weighting of the outputs, so no gradient cancels by symmetry.
  const weights = randn([model.forward(x, h, inputs[2]).size], { ...f64, generator: g });
  const result = gradcheckModule(model, (y) => y.mul(weights).sum(), inputs);
  assert.ok(result.passed, result.table());
  assert.equal(result.inputs.length, layer.parameters().length + inputs.length);
}

test('RNN gradcheck through time: tanh 2 layers, relu bidirectional with lengths', () => {
  check(new RNN(2, 3, { numLayers: 2, generator: new Generator(1), ...f64 }));
  check(new RNN(2, 3, { bidirectional: true, nonlinearity: 'relu', generator: new Generator(2), ...f64 }), {
    lengths: [2, 3],
  });
});

test('GRU gradcheck through time: full bidirectional, full 2 layers, simplified', () => {
  check(new GRU(2, 3, { bidirectional: true, generator: new Generator(3), ...f64 }));
  check(new GRU(2, 3, { numLayers: 2, generator: new Generator(4), ...f64 }), { lengths: [3, 1] });
  check(new GRU(2, 3, { simplified: true, bidirectional: true, generator: new Generator(5), ...f64 }));
});

test('LSTM gradcheck through time: 2 layers bidirectional with h0, c0 and lengths', () => {
  check(new LSTM(2, 3, { numLayers: 2, bidirectional: true, generator: new Generator(6), ...f64 }), {
    cell: true,
    lengths: [1, 3],
  });
  check(new LSTM(2, 3, { batchFirst: true, generator: new Generator(7), ...f64 }), { cell: true });
});
