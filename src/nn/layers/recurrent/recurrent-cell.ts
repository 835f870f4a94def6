import { ShapeError } from '../../../errors.js';
import { expectFloat, expectTensor } from '../../../ops/core/convert.js';
import { linear } from '../../../ops/linear.js';
import { zeros } from '../../../tensor/creation.js';
import { formatShape } from '../../../tensor/shape.js';
import type { Tensor } from '../../../tensor/tensor.js';
import { Module, type Parameter } from '../../module.js';
import {
  type CellStep,
  checkSizes,
  expectShape,
  makeCellWeights,
  type RecurrentCellOptions,
} from './cell-weights.js';

/**
 * What RNNCell, GRUCell and LSTMCell share: PyTorch's four parameters and one step on a batch.
 * Subclasses choose the number of gate blocks and the step function.
 * @example
 * new nn.GRUCell(3, 4).weightIh.shape; // => [12, 3]
 */
export abstract class RecurrentCell extends Module {
  weightIh: Parameter;
  weightHh: Parameter;
  biasIh?: Parameter;
  biasHh?: Parameter;

  constructor(
    protected readonly op: string,
    gates: number,
    readonly inputSize: number,
    readonly hiddenSize: number,
    options: RecurrentCellOptions,
  ) {
    super();
    checkSizes(op, inputSize, hiddenSize);
    const w = makeCellWeights(gates, inputSize, hiddenSize, options);
    this.weightIh = w.weightIh;
    this.weightHh = w.weightHh;
    if (w.biasIh) this.biasIh = w.biasIh;
    if (w.biasHh) this.biasHh = w.biasHh;
  }

  /**
   * One step of `step` on `x [batch, input]` from `state` (each `[batch, hidden]`, zeros where
   * missing; `names` name them in errors).
   */
  protected stepWith(
    x: Tensor,
    state: readonly (Tensor | undefined)[],
    names: readonly string[],
    step: CellStep,
  ): Tensor[] {
    expectTensor(x, this.op, 'x');
    expectFloat(x, this.op, 'x');
    if (x.ndim !== 2 || x.shape[1] !== this.inputSize)
      throw new ShapeError(
        `${this.op}: x must have shape [batch, ${this.inputSize}], got ${formatShape(x.shape)}`,
      );
    const shape = [x.shape[0]!, this.hiddenSize];
    const previous = state.map((s, i) =>
      s === undefined ? zeros(shape, { dtype: x.dtype }) : expectShape(this.op, names[i]!, s, shape),
    );
    return step(linear(x, this.weightIh, this.biasIh), previous, this.weightHh, this.biasHh);
  }
}
