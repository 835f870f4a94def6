import { add } from '../../../ops/add.js';
import { linear } from '../../../ops/linear.js';
import { lstmCellFused } from '../../../ops/lstm-cell.js';
import { split } from '../../../ops/split.js';
import type { Tensor } from '../../../tensor/tensor.js';
import type { CellStep, RecurrentCellOptions } from './cell-weights.js';
import { RecurrentCell } from './recurrent-cell.js';

/** The state of an LSTM: the hidden state h and the memory cell c. */
export interface LSTMState {
  h: Tensor;
  c: Tensor;
}

/**
 * The LSTM step with PyTorch's gate blocks i, f, g, o: with p = xProj + W_hh·h + b_hh split in
 * four, i = σ(p_i), f = σ(p_f), g = tanh(p_g), o = σ(p_o), c' = f ⊙ c + i ⊙ g and
 * h' = o ⊙ tanh(c'). Returns [h', c'].
 * @example
 * lstmCellStep(zeros([1, 8]), [zeros([1, 2]), ones([1, 2])], zeros([8, 2]), undefined);
 * // [h' = 0.5·tanh(0.5), c' = 0.5]
 */
export const lstmCellStep: CellStep = (xProj, [h, c], weightHh, biasHh) => {
  // The pointwise half (~20 small ops forward and backward) is one fused kernel pass each way.
  const hc = lstmCellFused(add(xProj, linear(h!, weightHh, biasHh)), c!);
  return split(hc, h!.shape[1]!, 1);
};

/**
 * One step of a long short-term memory cell on a batch: `x [batch, input]` and the state
 * `{h, c}` (each `[batch, hidden]`, zeros when omitted) → the new `{h, c}`. The course's
 * Γu, Γf, Γo are i, f, o here and c̃ is g. Parameters as PyTorch's LSTMCell, `weightIh
 * [4·hidden, input]` with the blocks i, f, g, o. `forward` returns h' alone (so the cell fits
 * `Sequential`); `forwardWithState` returns both.
 * @see https://doi.org/10.1162/neco.1997.9.8.1735
 * @example
 * const cell = new LSTMCell(3, 4);
 * const { h, c } = cell.forwardWithState(ones([2, 3]));
 * cell.forwardWithState(ones([2, 3]), { h, c }).c.shape; // => [2, 4]
 */
export class LSTMCell extends RecurrentCell {
  constructor(inputSize: number, hiddenSize: number, options: RecurrentCellOptions = {}) {
    super('LSTMCell', 4, inputSize, hiddenSize, options);
  }

  forwardWithState(x: Tensor, state: Partial<LSTMState> = {}): LSTMState {
    const [h, c] = this.stepWith(x, [state.h, state.c], ['state.h', 'state.c'], lstmCellStep);
    return { h: h!, c: c! };
  }

  forward(x: Tensor, h?: Tensor, c?: Tensor): Tensor {
    return this.forwardWithState(x, { h, c }).h;
  }
}
