import { DTypeError, ShapeError, ValueError } from '../../errors.js';
import { expectFloat, expectTensor } from '../../ops/core/convert.js';
import { mean } from '../../ops/mean.js';
import { mul } from '../../ops/mul.js';
import { sum } from '../../ops/sum.js';
import { formatShape, shapesEqual } from '../../tensor/shape.js';
import type { Tensor } from '../../tensor/tensor.js';

/** How a loss turns per-element losses into its result. */
export type Reduction = 'mean' | 'sum' | 'none';

/** Options every elementwise loss takes. */
export interface LossOptions {
  /** 'mean' (default) averages the elements, 'sum' adds them, 'none' returns them all. */
  reduction?: Reduction;
  /** A rescaling weight multiplied into each element's loss (broadcast against the input). */
  weight?: Tensor;
}

/**
 * Weights and reduces per-element losses. 'mean' is the plain mean of the weighted losses
 * (PyTorch's rule for elementwise losses), not a weighted average.
 * @example
 * reduceLoss(tensor([1, 3]), { reduction: 'mean' }, 'mseLoss'); // => 2
 */
export function reduceLoss(loss: Tensor, options: LossOptions, op: string): Tensor {
  const { reduction = 'mean', weight } = options;
  let weighted = loss;
  if (weight !== undefined) {
    expectTensor(weight, op, 'weight');
    weighted = mul(loss, weight);
    if (!shapesEqual(weighted.shape, loss.shape))
      throw new ShapeError(
        `${op}: weight of shape ${formatShape(weight.shape)} must broadcast to the loss's shape ${formatShape(loss.shape)}`,
      );
  }
  switch (reduction) {
    case 'mean':
      return mean(weighted);
    case 'sum':
      return sum(weighted);
    case 'none':
      return weighted;
    default:
      throw new ValueError(`${op}: reduction must be 'mean', 'sum' or 'none', got '${String(reduction)}'`);
  }
}

/**
 * Checks a (float) input and a target of the same shape, the contract of elementwise losses.
 * @example
 * checkPair(tensor([1, 2]), tensor([0, 1]), 'mseLoss'); // passes
 */
export function checkPair(input: Tensor, target: Tensor, op: string): void {
  expectTensor(input, op, 'input');
  expectTensor(target, op, 'target');
  expectFloat(input, op, 'input');
  if (target.dtype === 'bool') throw new DTypeError(`${op}: target must be a number tensor, got bool`);
  if (!shapesEqual(input.shape, target.shape))
    throw new ShapeError(
      `${op}: target shape ${formatShape(target.shape)} must equal input shape ${formatShape(input.shape)}`,
    );
}
