import { ValueError } from '../../../errors.js';
import { add } from '../../../ops/add.js';
import { linear } from '../../../ops/linear.js';
import { relu } from '../../../ops/relu.js';
import { tanh } from '../../../ops/tanh.js';
import type { Tensor } from '../../../tensor/tensor.js';
import type { CellStep, RecurrentCellOptions } from './cell-weights.js';
import { RecurrentCell } from './recurrent-cell.js';

/** The activation of a plain RNN. */
export type RNNNonlinearity = 'tanh' | 'relu';

/** Options of {@link RNNCell}. */
export interface RNNCellOptions extends RecurrentCellOptions {
  /** The activation g in h' = g(W_ih·x + b_ih + W_hh·h + b_hh) (default 'tanh'). */
  nonlinearity?: RNNNonlinearity;
}

/** Checks `nonlinearity` is 'tanh' or 'relu'. */
export function checkNonlinearity(op: string, nonlinearity: unknown): RNNNonlinearity {
  if (nonlinearity !== 'tanh' && nonlinearity !== 'relu')
    throw new ValueError(`${op}: nonlinearity must be 'tanh' or 'relu', got '${String(nonlinearity)}'`);
  return nonlinearity;
}

/**
 * The step of a plain RNN, h' = g(xProj + W_hh·h + b_hh) with xProj = W_ih·x + b_ih.
 * @example
 * const step = rnnCellStep('tanh');
 * step(zeros([1, 2]), [zeros([1, 2])], eye(2), undefined); // => [[[0, 0]]]
 */
export function rnnCellStep(nonlinearity: RNNNonlinearity): CellStep {
  const g = nonlinearity === 'tanh' ? tanh : relu;
  return (xProj, [h], weightHh, biasHh) => [g(add(xProj, linear(h!, weightHh, biasHh)))];
}

/**
 * One step of an Elman RNN on a batch: h' = tanh(W_ih·x + b_ih + W_hh·h + b_hh) (or relu), the
 * course's a⟨t⟩ = g(W_aa·a⟨t−1⟩ + W_ax·x⟨t⟩ + b_a). `x [batch, input]`, `h [batch, hidden]`
 * (zeros when omitted) → `h' [batch, hidden]`. Parameters and init as PyTorch's RNNCell.
 * @see https://doi.org/10.1207/s15516709cog1402_1
 * @example
 * const cell = new RNNCell(3, 4);
 * cell.forward(ones([2, 3])).shape; // => [2, 4]
 */
export class RNNCell extends RecurrentCell {
  readonly nonlinearity: RNNNonlinearity;
  private readonly step: CellStep;

  constructor(inputSize: number, hiddenSize: number, options: RNNCellOptions = {}) {
    super('RNNCell', 1, inputSize, hiddenSize, options);
    this.nonlinearity = checkNonlinearity('RNNCell', options.nonlinearity ?? 'tanh');
    this.step = rnnCellStep(this.nonlinearity);
  }

  forward(x: Tensor, h?: Tensor): Tensor {
    return this.stepWith(x, [h], ['h'], this.step)[0]!;
  }
}
