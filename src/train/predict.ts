import { noGrad } from '../autograd/grad-mode.js';
import { ShapeError, ValueError } from '../errors.js';
import { cat } from '../ops/cat.js';
import { narrow } from '../ops/narrow.js';
import type { Tensor } from '../tensor/tensor.js';
import type { TrainableModel } from './types.js';

/**
 * The model's outputs for `x` (or several inputs sharing axis 0), computed in batches in
 * evaluation mode without a graph, joined along axis 0. The model's mode is restored after.
 * @example
 * const model = new nn.Linear(4, 3);
 * const xTest = randn([1000, 4]);
 * const logits = predict(model, xTest, { batchSize: 256 });
 * logits.shape; // => [1000, 3]
 */
export function predict(
  model: TrainableModel,
  x: Tensor | readonly Tensor[],
  { batchSize = 32 }: { batchSize?: number } = {},
): Tensor {
  if (!Number.isSafeInteger(batchSize) || batchSize < 1)
    throw new ValueError(`predict: batchSize must be a positive integer, got ${batchSize}`);
  const inputs: readonly Tensor[] = Array.isArray(x) ? x : [x as Tensor];
  const n = inputs[0]?.shape[0];
  if (n === undefined || inputs.some((t) => t.shape[0] !== n))
    throw new ShapeError('predict: every input needs the same first (sample) axis');
  const wasTraining = model.training ?? true;
  model.eval();
  try {
    return noGrad(() => {
      const outputs: Tensor[] = [];
      for (let start = 0; start < n || outputs.length === 0; start += batchSize) {
        const size = Math.min(batchSize, n - start);
        outputs.push(model.forward(...inputs.map((t) => narrow(t, 0, start, size))));
      }
      return outputs.length === 1 ? outputs[0]! : cat(outputs, 0);
    });
  } finally {
    if (wasTraining) model.train();
  }
}
