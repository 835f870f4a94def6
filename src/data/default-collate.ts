import { ValueError } from '../errors.js';
import { stack } from '../ops/cat.js';
import { tensor } from '../tensor/creation.js';
import { Tensor } from '../tensor/tensor.js';

/**
 * Stacks samples into a batch: tensors stack on a new axis 0, arrays of tensors stack position by
 * position, numbers become a float32 tensor. Anything else needs a `collate` function.
 * @example
 * defaultCollate([[tensor([1, 2]), tensor(0)], [tensor([3, 4]), tensor(1)]]);
 * // [tensor([[1, 2], [3, 4]]), tensor([0, 1])]
 */
export function defaultCollate(samples: readonly unknown[]): Tensor[] {
  const first = samples[0];
  if (first instanceof Tensor) return [stack(samples as Tensor[])];
  if (typeof first === 'number') return [tensor(samples as number[])];
  if (Array.isArray(first)) {
    return first.map((_, k) => {
      const column = samples.map((s) => (s as unknown[])[k]);
      return defaultCollate(column)[0]!;
    });
  }
  throw new ValueError(`DataLoader: cannot batch samples of type ${typeof first}; pass a collate function`);
}
