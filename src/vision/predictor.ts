import type { Tensor } from '../index.js';

/** A classifier: a module with `forward`, or a plain function, mapping a batch to logits `[batch, classes]`. */
export type Predictor = ((x: Tensor) => Tensor) | { forward(x: Tensor): Tensor };

/**
 * Runs a {@link Predictor} on a batch.
 * @example
 * const [model, batch] = [new nn.Linear(4, 3), randn([8, 4])];
 * runPredictor(model, batch); // model.forward(batch)
 * runPredictor((x) => x.mul(2), batch); // a plain function works too
 */
export function runPredictor(model: Predictor, x: Tensor): Tensor {
  return typeof model === 'function' ? model(x) : model.forward(x);
}
