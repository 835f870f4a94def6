import { noGrad } from '../autograd/grad-mode.js';
import type { Tensor } from '../tensor/tensor.js';
import type { Logs, LossFn, MetricFn, TrainableModel } from './types.js';
import { batchSizeOf, splitBatch, WeightedMeans } from './weighted-means.js';

export interface EvaluateOptions {
  loss?: LossFn;
  metrics?: Record<string, MetricFn>;
}

/**
 * The loss and metrics over a whole loader, in evaluation mode and without recording a graph;
 * per-batch values are averaged weighted by batch size. The model's mode is restored after.
 * @example
 * const model = new nn.Linear(4, 3);
 * const testLoader = new DataLoader(new TensorDataset(randn([32, 4]), randint(0, 3, [32])), { batchSize: 8 });
 * evaluate(model, testLoader, { loss: crossEntropy, metrics: { accuracy } }); // { loss: 1.2, accuracy: 0.34 }
 */
export function evaluate(
  model: TrainableModel,
  loader: Iterable<readonly Tensor[]>,
  { loss, metrics = {} }: EvaluateOptions = {},
): Logs {
  const wasTraining = model.training ?? true;
  model.eval();
  try {
    return noGrad(() => {
      const means = new WeightedMeans();
      for (const batch of loader) {
        const { inputs, target } = splitBatch(batch, 'evaluate');
        const output = model.forward(...inputs);
        const values: Logs = loss ? { loss: loss(output, target).item() } : {};
        for (const [name, fn] of Object.entries(metrics)) values[name] = fn(output, target);
        means.add(values, batchSizeOf(batch));
      }
      return means.means();
    });
  } finally {
    if (wasTraining) model.train();
  }
}
