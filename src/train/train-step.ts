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
 * const model = new nn.Linear(2, 1);
 * const optimizer = new optim.SGD(model.parameters(), { lr: 0.1 });
 * const [x, y] = [randn([8, 2]), randn([8, 1])];
 * const { loss, output } = trainStepWithOutput(model, mseLoss, optimizer, x, y); // a number, [8, 1]
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
 * const model = new nn.Linear(4, 3);
 * const optimizer = new optim.SGD(model.parameters(), { lr: 0.1 });
 * const loader = new DataLoader(new TensorDataset(randn([32, 4]), randint(0, 3, [32])), { batchSize: 8 });
 * for (const [x, y] of loader) console.log(trainStep(model, crossEntropy, optimizer, x!, y!));
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
