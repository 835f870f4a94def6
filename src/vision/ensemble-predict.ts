import { add, div, noGrad, softmax, type Tensor, ValueError } from '../index.js';
import { type Predictor, runPredictor } from './predictor.js';

/**
 * Averages the softmax probabilities of several independently trained models on the batch `x`
 * (`[batch, classes]` out). Ensembling usually buys a point or two of accuracy at the price of
 * running every model, so the course advises it for competitions, not for serving. Runs without
 * recording gradients.
 * @example
 * const [modelA, modelB, modelC] = [1, 2, 3].map(() => new nn.Linear(4, 3));
 * const batch = randn([8, 4]);
 * ensemblePredict([modelA, modelB, modelC], batch).shape; // => [8, 3]
 */
export function ensemblePredict(models: readonly Predictor[], x: Tensor): Tensor {
  if (models.length === 0)
    throw new ValueError('ensemblePredict: models must hold at least one model, got none');
  return noGrad(() => {
    let total = softmax(runPredictor(models[0]!, x), -1);
    for (const model of models.slice(1)) total = add(total, softmax(runPredictor(model, x), -1));
    return div(total, models.length);
  });
}
