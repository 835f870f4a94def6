// backward() is a Tensor method installed by the autograd floor.
import '../autograd/backward.js';
import type { Tensor } from '../tensor/tensor.js';
import type { LossFn, OptimizerLike, TrainableModel } from './types.js';

/** A training step's loss (as a number) and the model's output (for metrics). */
export interface StepResult {
  loss: number;
  output: Tensor;
}

/**
 * One step of gradient descent, as you would write it by hand: forward, loss, zero the
 * gradients, backward, update. `x` may be several inputs. Returns the loss and the output.
 * @example
 * const { loss, output } = trainStepWithOutput(model, mseLoss, optimizer, x, y);
 */
export function trainStepWithOutput(
  model: TrainableModel,
  lossFn: LossFn,
  optimizer: OptimizerLike,
  x: Tensor | readonly Tensor[],
  y: Tensor,
): StepResult {
  const output = Array.isArray(x) ? model.forward(...x) : model.forward(x as Tensor);
  const loss = lossFn(output, y);
  optimizer.zeroGrad();
  loss.backward();
  optimizer.step();
  return { loss: loss.item(), output };
}

/**
 * One step of gradient descent (forward, loss, zeroGrad, backward, step); returns the loss.
 * @example
 * for (const [x, y] of loader) console.log(trainStep(model, crossEntropy, optimizer, x, y));
 */
export function trainStep(
  model: TrainableModel,
  lossFn: LossFn,
  optimizer: OptimizerLike,
  x: Tensor | readonly Tensor[],
  y: Tensor,
): number {
  return trainStepWithOutput(model, lossFn, optimizer, x, y).loss;
}
