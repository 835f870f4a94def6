import type { Tensor } from '../index.js';

/** A classifier: a module with `forward`, or a plain function, mapping a batch to logits `[batch, classes]`. */
export type Predictor = ((x: Tensor) => Tensor) | { forward(x: Tensor): Tensor };

/**
 * Runs a {@link Predictor} on a batch.
 * @example
 * runPredictor(model, batch); // model.forward(batch)
 */
export function runPredictor(model: Predictor, x: Tensor): Tensor {
  return typeof model === 'function' ? model(x) : model.forward(x);
}
