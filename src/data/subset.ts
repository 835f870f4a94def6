import { ValueError } from '../errors.js';
import { Dataset } from './dataset.js';

/**
 * The samples of `dataset` at `indices`, in that order (what `randomSplit` returns for datasets
 * that are not tensors).
 * @example
 * const dataset = new TensorDataset(tensor([10, 11, 12, 13, 14]));
 * const evens = new Subset(dataset, [0, 2, 4]);
 * evens.get(1); // dataset.get(2): [tensor(12)]
 */
export class Subset<T> extends Dataset<T> {
  constructor(
    readonly dataset: Dataset<T>,
    readonly indices: readonly number[],
  ) {
    super();
    for (const i of indices) {
      if (!Number.isInteger(i) || i < 0 || i >= dataset.length)
        throw new ValueError(`Subset: index ${i} is out of range for a dataset of length ${dataset.length}`);
    }
  }

  get length(): number {
    return this.indices.length;
  }

  get(index: number): T {
    this.checkIndex(index);
    return this.dataset.get(this.indices[index]!);
  }
}
