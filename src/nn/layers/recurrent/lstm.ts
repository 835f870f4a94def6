import { lstmSequence } from '../../../ops/lstm-sequence.js';
import type { Tensor } from '../../../tensor/tensor.js';
import { lstmCellStep } from './lstm-cell.js';
import {
  RecurrentLayer,
  type RecurrentLayerOptions,
  type RecurrentOutput,
  type RecurrentState,
  type SequenceOptions,
  type SequenceRun,
} from './recurrent-layer.js';

/** An unmasked LSTM layer direction as the fused {@link lstmSequence} op. */
const lstmRun: SequenceRun = (input, w, [h0, c0], reverse, batchFirst) => {
  const [output, h, c] = lstmSequence(input, h0!, c0!, w, { reverse, batchFirst });
  return { output, state: [h, c] };
};

/** The outputs of an {@link LSTM}: the output and the final `h` and `c`. */
export interface LSTMOutput extends RecurrentOutput {
  c: Tensor;
}

/**
 * A multi-layer long short-term memory over a sequence, each step as {@link LSTMCell} (gates
 * i, f, g, o; c' = f ⊙ c + i ⊙ g, h' = o ⊙ tanh(c')). Input `[seq, batch, input]` (`[batch,
 * seq, input]` with batchFirst). `forward` returns the output `[seq, batch, dirs·hidden]`;
 * `forwardWithState` also takes initial `h` and `c` and per-sequence `lengths` and returns the
 * final `h` and `c`, each `[numLayers·dirs, batch, hidden]`. Parameters as PyTorch's LSTM
 * (`weightIhL0 [4·hidden, input]`, ...).
 * @see https://doi.org/10.1162/neco.1997.9.8.1735
 * @example
 * const lstm = new LSTM(3, 4, { numLayers: 2 });
 * const { output, h, c } = lstm.forwardWithState(ones([5, 2, 3]));
 * c.shape; // => [2, 2, 4]
 */
export class LSTM extends RecurrentLayer {
  constructor(inputSize: number, hiddenSize: number, options: RecurrentLayerOptions = {}) {
    super(
      { op: 'LSTM', gates: 4, states: 2, step: lstmCellStep, sequence: lstmRun },
      inputSize,
      hiddenSize,
      options,
    );
  }

  override forwardWithState(
    x: Tensor,
    state: RecurrentState = {},
    options: SequenceOptions = {},
  ): LSTMOutput {
    const { output, h, c } = super.forwardWithState(x, state, options);
    return { output, h, c: c! };
  }
}
