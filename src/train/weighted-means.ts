import { ValueError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import type { Logs } from './types.js';

/**
 * Running means of per-batch values, weighted by batch size, so a short last batch counts for
 * its few samples only.
 * @example
 * const m = new WeightedMeans();
 * m.add({ loss: 1 }, 3);
 * m.add({ loss: 2 }, 1);
 * m.means(); // => { loss: 1.25 }
 */
export class WeightedMeans {
  private sums: Record<string, number> = {};
  private count = 0;

  add(values: Logs, weight: number): void {
    for (const [key, v] of Object.entries(values)) this.sums[key] = (this.sums[key] ?? 0) + v * weight;
    this.count += weight;
  }

  means(): Logs {
    return Object.fromEntries(Object.entries(this.sums).map(([k, s]) => [k, s / this.count]));
  }

  /**
   * The sums and the total weight, so a run resumed mid-epoch logs the same epoch means.
   * @example
   * const m = new WeightedMeans();
   * m.add({ loss: 1 }, 3);
   * m.stateDict(); // => { sums: { loss: 3 }, count: 3 }
   */
  stateDict(): { sums: Logs; count: number } {
    return { sums: { ...this.sums }, count: this.count };
  }

  /**
   * Restores a {@link stateDict}.
   * @example
   * const m = new WeightedMeans();
   * m.loadStateDict({ sums: { loss: 3 }, count: 3 });
   * m.add({ loss: 2 }, 1);
   * m.means(); // => { loss: 1.25 }
   */
  loadStateDict(state: { sums: Logs; count: number }): void {
    this.sums = { ...state.sums };
    this.count = state.count;
  }
}

/**
 * A batch as inputs and target: every tensor but the last goes to `forward`, the last is the target.
 * @example
 * const [x, y] = [randn([8, 2]), randn([8, 1])];
 * const { inputs, target } = splitBatch([x, y], 'fit'); // inputs [x], target y
 */
export function splitBatch(batch: readonly Tensor[], op: string): { inputs: Tensor[]; target: Tensor } {
  if (!Array.isArray(batch) || batch.length < 2)
    throw new ValueError(
      `${op}: each batch must be [...inputs, target], got ${Array.isArray(batch) ? `${batch.length} tensor(s)` : typeof batch}`,
    );
  return { inputs: batch.slice(0, -1), target: batch[batch.length - 1]! };
}

/**
 * The number of samples in a batch (the first axis of its first tensor).
 * @example
 * batchSizeOf([zeros([32, 784]), zeros([32])]); // => 32
 */
export function batchSizeOf(batch: readonly Tensor[]): number {
  return batch[0]!.shape[0] ?? 1;
}

/**
 * `'loss'` → `'valLoss'`: the name a validation value is logged under.
 * @example
 * valName('accuracy'); // => 'valAccuracy'
 */
export function valName(name: string): string {
  return `val${name.charAt(0).toUpperCase()}${name.slice(1)}`;
}
