import { cat } from '../ops/cat.js';
import { indexSelect } from '../ops/index-select.js';
import { tensor } from '../tensor/creation.js';
import { ConcatDataset } from './concat-dataset.js';
import { type Dataset, TensorDataset } from './dataset.js';
import { Subset } from './subset.js';

/**
 * The samples at `indices`: a new TensorDataset (gathered once, so loaders keep their fast path)
 * for tensors, a {@link Subset} for anything else.
 * @example
 * take(new TensorDataset(tensor([10, 20, 30])), [2, 0]).get(0); // => [30]
 */
export function take<T>(dataset: Dataset<T>, indices: readonly number[]): Dataset<T> {
  if (dataset instanceof TensorDataset) {
    const index = tensor(Int32Array.from(indices));
    return new TensorDataset(
      ...dataset.tensors.map((t) => indexSelect(t, 0, index)),
    ) as unknown as Dataset<T>;
  }
  return new Subset(dataset, indices);
}

/**
 * The datasets one after the other: one TensorDataset when all are tensors with matching
 * columns, else a {@link ConcatDataset}.
 * @example
 * const [a, b] = [new TensorDataset(zeros([3, 2])), new TensorDataset(ones([2, 2]))];
 * concatenate([a, b]).length; // => 5
 */
export function concatenate<T>(datasets: readonly Dataset<T>[]): Dataset<T> {
  const tensorSets = datasets.filter((d): d is TensorDataset & Dataset<T> => d instanceof TensorDataset);
  const first = tensorSets[0];
  if (first && tensorSets.length === datasets.length) {
    const columns = first.tensors.map((_, k) => tensorSets.map((d) => d.tensors[k]!));
    if (tensorSets.every((d) => d.tensors.length === first.tensors.length))
      return new TensorDataset(...columns.map((c) => cat(c, 0))) as unknown as Dataset<T>;
  }
  return new ConcatDataset(datasets);
}
