import { tensor } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';

/**
 * A deep copy of a state dict (fresh storage, no history), so later updates to the model do not
 * change it: what EarlyStopping keeps as "the best weights".
 * @example
 * const model = new nn.Linear(2, 1);
 * const best = copyStateDict(model.stateDict());
 * model.weight.data().fill(0); // training moves on...
 * model.loadStateDict(best); // ...and the best weights come back
 */
export function copyStateDict(dict: Record<string, Tensor>): Record<string, Tensor> {
  return Object.fromEntries(
    Object.entries(dict).map(([name, t]) => [
      name,
      tensor(t.data(), { dtype: t.dtype, shape: [...t.shape] }),
    ]),
  );
}
