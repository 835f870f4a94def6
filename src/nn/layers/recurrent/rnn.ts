import { RecurrentLayer, type RecurrentLayerOptions } from './recurrent-layer.js';
import { checkNonlinearity, type RNNNonlinearity, rnnCellStep } from './rnn-cell.js';

/** Options of {@link RNN}. */
export interface RNNOptions extends RecurrentLayerOptions {
  /** The activation, 'tanh' (default) or 'relu'. */
  nonlinearity?: RNNNonlinearity;
}

/**
 * A multi-layer Elman RNN over a sequence: at each step h⟨t⟩ = g(W_ih·x⟨t⟩ + b_ih + W_hh·h⟨t−1⟩
 * + b_hh), with g tanh or relu. Input `[seq, batch, input]` (`[batch, seq, input]` with
 * batchFirst). `forward` returns the output `[seq, batch, dirs·hidden]`; `forwardWithState`
 * also takes an initial `h` and per-sequence `lengths` and returns the final `h
 * [numLayers·dirs, batch, hidden]`. Parameters as PyTorch's RNN (`weightIhL0`, ...).
 * @see https://doi.org/10.1207/s15516709cog1402_1
 * @example
 * const rnn = new RNN(3, 4, { numLayers: 2, bidirectional: true });
 * const { output, h } = rnn.forwardWithState(ones([5, 2, 3]));
 * output.shape; // => [5, 2, 8]
 * h.shape; // => [4, 2, 4]
 */
export class RNN extends RecurrentLayer {
  readonly nonlinearity: RNNNonlinearity;

  constructor(inputSize: number, hiddenSize: number, options: RNNOptions = {}) {
    const nonlinearity = checkNonlinearity('RNN', options.nonlinearity ?? 'tanh');
    super(
      { op: 'RNN', gates: 1, states: 1, step: rnnCellStep(nonlinearity) },
      inputSize,
      hiddenSize,
      options,
    );
    this.nonlinearity = nonlinearity;
  }
}
