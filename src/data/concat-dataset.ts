import { ValueError } from '../errors.js';
import { Dataset } from './dataset.js';

/**
 * Several datasets one after the other.
 * @example
 * const webImages = new TensorDataset(randn([100, 3, 8, 8]));
 * const phoneImages = new TensorDataset(randn([20, 3, 8, 8]));
 * const both = new ConcatDataset([webImages, phoneImages]);
 * both.length; // => 120
 */
export class ConcatDataset<T> extends Dataset<T> {
  readonly datasets: readonly Dataset<T>[];

  constructor(datasets: readonly Dataset<T>[]) {
    super();
    if (datasets.length === 0) throw new ValueError('ConcatDataset: expected at least one dataset');
    this.datasets = datasets;
  }

  get length(): number {
    return this.datasets.reduce((n, d) => n + d.length, 0);
  }

  get(index: number): T {
    this.checkIndex(index);
    let i = index;
    for (const d of this.datasets) {
      if (i < d.length) return d.get(i);
      i -= d.length;
    }
    throw new ValueError(`ConcatDataset.get: index ${index} is out of range`); // unreachable
  }
}
