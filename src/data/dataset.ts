import { ShapeError, ValueError } from '../errors.js';
import { select } from '../ops/narrow.js';
import { formatShape } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';

/**
 * A map-style dataset: `length` samples, the `i`-th from `get(i)` (PyTorch's `Dataset`).
 * @example
 * class Squares extends Dataset<number> {
 *   get length() { return 10; }
 *   get(i: number) { return i * i; }
 * }
 */
export abstract class Dataset<T> {
  abstract get length(): number;
  abstract get(index: number): T;

  /** Checks `index` against `length`, naming the dataset class in the message. */
  protected checkIndex(index: number): void {
    if (!Number.isInteger(index) || index < 0 || index >= this.length) {
      throw new ValueError(
        `${this.constructor.name}.get: index ${index} is out of range for a dataset of length ${this.length}`,
      );
    }
  }
}

/**
 * Tensors that share their first axis: sample `i` is `[t0[i], t1[i], ...]`. A DataLoader batches
 * it with one `indexSelect` per tensor instead of stacking samples.
 * @example
 * const ds = new TensorDataset(tensor([[1, 2], [3, 4]]), tensor([0, 1], { dtype: 'int32' }));
 * ds.get(1); // [tensor([3, 4]), tensor(1)]
 */
export class TensorDataset extends Dataset<Tensor[]> {
  readonly tensors: readonly Tensor[];

  constructor(...tensors: Tensor[]) {
    super();
    if (tensors.length === 0) throw new ValueError('TensorDataset: expected at least one tensor');
    const n = tensors[0]!.shape[0];
    tensors.forEach((t, i) => {
      if (t.ndim === 0 || t.shape[0] !== n) {
        throw new ShapeError(
          `TensorDataset: tensors[${i}] has shape ${formatShape(t.shape)}, expected a first axis of size ${n} like tensors[0]`,
        );
      }
    });
    this.tensors = tensors;
  }

  get length(): number {
    return this.tensors[0]!.shape[0]!;
  }

  get(index: number): Tensor[] {
    this.checkIndex(index);
    return this.tensors.map((t) => select(t, 0, index));
  }
}
