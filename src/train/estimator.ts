// backward() is a Tensor method installed by the autograd floor.
import '../autograd/backward.js';
import { noGrad } from '../autograd/grad-mode.js';
import { ValueError } from '../errors.js';
import { cat } from '../ops/cat.js';
import type { Tensor } from '../tensor/tensor.js';
import type { Logs, MetricFn, OptimizerLike } from './types.js';
import { WeightedMeans } from './weighted-means.js';

/** Which graph the model function builds. */
export type EstimatorMode = 'TRAIN' | 'EVAL' | 'PREDICT';

/** What a model function returns (TensorFlow's EstimatorSpec). */
export interface EstimatorSpec {
  predictions: Tensor;
  /** Required in TRAIN and EVAL. */
  loss?: Tensor;
  /** Run in TRAIN after the forward pass, e.g. `minimize(optimizer, loss)`. */
  trainOp?: () => void;
}

export type ModelFn = (features: Tensor, labels: Tensor | undefined, mode: EstimatorMode) => EstimatorSpec;

/** Batches `[features, labels]` (labels may be absent for PREDICT), e.g. a DataLoader. */
export type InputFn = () => Iterable<readonly Tensor[]>;

/**
 * The train op most model functions want: zero the gradients, backpropagate `loss`, step.
 * @example
 * const model = new nn.Linear(2, 1);
 * const optimizer = new optim.SGD(model.parameters(), { lr: 0.1 });
 * const loss = mseLoss(model.forward(randn([8, 2])), randn([8, 1]));
 * const trainOp = minimize(optimizer, loss);
 * trainOp(); // backward, step, and the gradients zeroed
 */
export function minimize(optimizer: OptimizerLike, loss: Tensor): () => void {
  return () => {
    optimizer.zeroGrad();
    loss.backward();
    optimizer.step();
  };
}

/**
 * A small Estimator in the style of `tf.estimator`: one model function builds the predictions,
 * loss and train op for TRAIN, EVAL or PREDICT, and input functions supply the batches.
 * @example
 * const model = new nn.Linear(2, 1);
 * const optimizer = new optim.SGD(model.parameters(), { lr: 0.1 });
 * const loader = new DataLoader(new TensorDataset(randn([64, 2]), randn([64, 1])), { batchSize: 16 });
 * const est = new Estimator({ modelFn: (x, y, mode) => {
 *   const predictions = model.forward(x);
 *   if (mode === 'PREDICT') return { predictions };
 *   const loss = mseLoss(predictions, y!);
 *   return { predictions, loss, trainOp: minimize(optimizer, loss) };
 * } });
 * est.train(() => loader, 10);
 */
export class Estimator {
  readonly modelFn: ModelFn;
  readonly metrics: Record<string, MetricFn>;
  /** Training steps taken so far. */
  globalStep = 0;

  constructor({ modelFn, metrics = {} }: { modelFn: ModelFn; metrics?: Record<string, MetricFn> }) {
    this.modelFn = modelFn;
    this.metrics = metrics;
  }

  /** Trains for `steps` batches, calling `inputFn` again whenever it runs out (one pass if `steps` is omitted). Returns the last loss. */
  train(inputFn: InputFn, steps?: number): number {
    if (steps !== undefined && (!Number.isSafeInteger(steps) || steps < 0))
      throw new ValueError(`Estimator.train: steps must be a non-negative integer, got ${steps}`);
    let done = 0;
    let last = Number.NaN;
    while (steps === undefined ? done === 0 : done < steps) {
      let any = false;
      for (const [features, labels] of inputFn()) {
        if (steps !== undefined && done >= steps) break;
        const spec = this.modelFn(features!, labels, 'TRAIN');
        if (!spec.loss || !spec.trainOp)
          throw new ValueError('Estimator.train: modelFn must return loss and trainOp in TRAIN mode');
        spec.trainOp();
        last = spec.loss.item();
        done++;
        this.globalStep++;
        any = true;
      }
      if (!any) throw new ValueError('Estimator.train: inputFn gave no batches');
      if (steps === undefined) break;
    }
    return last;
  }

  /** The mean loss and metrics over every batch of `inputFn`, weighted by batch size, without gradients. */
  evaluate(inputFn: InputFn): Logs {
    return noGrad(() => {
      const means = new WeightedMeans();
      for (const [features, labels] of inputFn()) {
        const spec = this.modelFn(features!, labels, 'EVAL');
        if (!spec.loss || !labels) throw new ValueError('Estimator.evaluate: EVAL needs labels and a loss');
        const values: Logs = { loss: spec.loss.item() };
        for (const [name, fn] of Object.entries(this.metrics)) values[name] = fn(spec.predictions, labels);
        means.add(values, features!.shape[0] ?? 1);
      }
      return { ...means.means(), globalStep: this.globalStep };
    });
  }

  /** The predictions for every batch of `inputFn`, joined along axis 0, without gradients. */
  predict(inputFn: InputFn): Tensor {
    return noGrad(() => {
      const outputs = [...inputFn()].map(
        ([features, labels]) => this.modelFn(features!, labels, 'PREDICT').predictions,
      );
      if (outputs.length === 0) throw new ValueError('Estimator.predict: inputFn gave no batches');
      return cat(outputs, 0);
    });
  }
}
