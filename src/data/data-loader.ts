import { checkOptionKeys, ValueError } from '../errors.js';
import { indexSelect } from '../ops/index-select.js';
import { narrow } from '../ops/narrow.js';
import { arange, randperm } from '../tensor/creation.js';
import { defaultGenerator, type Generator } from '../tensor/random.js';
import type { Tensor } from '../tensor/tensor.js';
import { type Dataset, TensorDataset } from './dataset.js';
import { defaultCollate } from './default-collate.js';

export interface DataLoaderOptions<T, B> {
  /** Samples per batch (default 32). The dataset's length gives batch gradient descent, 1 gives SGD. */
  batchSize?: number;
  /** Draw a new order every epoch (default false). */
  shuffle?: boolean;
  /** Skip the last, smaller batch (default false). */
  dropLast?: boolean;
  /** Drives the shuffling (default: the global generator that `manualSeed` seeds). */
  generator?: Generator;
  /** Turns a list of samples into a batch (default {@link defaultCollate}). */
  collate?: (samples: T[]) => B;
}

/**
 * Batches of a dataset, shuffled with a seeded generator: each pass (epoch) draws a new
 * permutation, and the same seed gives the same sequence of orders.
 * @example
 * const [x, y] = [randn([256, 4]), randint(0, 3, [256])];
 * const model = new nn.Linear(4, 3);
 * const optimizer = new optim.SGD(model.parameters(), { lr: 0.1 });
 * const loader = new DataLoader(new TensorDataset(x, y), { batchSize: 64, shuffle: true, generator: new Generator(0) });
 * for (const [xb, yb] of loader) trainStep(model, crossEntropy, optimizer, xb!, yb!);
 */
export class DataLoader<T = Tensor[], B = Tensor[]> {
  readonly batchSize: number;
  readonly shuffle: boolean;
  readonly dropLast: boolean;
  private readonly generator: Generator;
  private readonly collate: ((samples: T[]) => B) | undefined;

  constructor(
    readonly dataset: Dataset<T>,
    options: DataLoaderOptions<T, B> = {},
  ) {
    checkOptionKeys(options, ['batchSize', 'shuffle', 'dropLast', 'generator', 'collate'], 'DataLoader');
    const { batchSize = 32, shuffle = false, dropLast = false, generator, collate } = options;
    if (!Number.isSafeInteger(batchSize) || batchSize < 1)
      throw new ValueError(`DataLoader: batchSize must be a positive integer, got ${batchSize}`);
    this.batchSize = batchSize;
    this.shuffle = shuffle;
    this.dropLast = dropLast;
    this.generator = generator ?? defaultGenerator;
    this.collate = collate;
  }

  /** The number of batches in one pass. */
  get length(): number {
    const n = this.dataset.length;
    return this.dropLast ? Math.floor(n / this.batchSize) : Math.ceil(n / this.batchSize);
  }

  *[Symbol.iterator](): Iterator<B> {
    const n = this.dataset.length;
    const order = this.shuffle ? randperm(n, { generator: this.generator }) : arange(n);
    for (let b = 0; b < this.length; b++) {
      const start = b * this.batchSize;
      yield this.batch(narrow(order, 0, start, Math.min(this.batchSize, n - start)));
    }
  }

  /** The same batches for `for await`, yielding to the event loop between batches. */
  async *[Symbol.asyncIterator](): AsyncIterator<B> {
    for (const batch of this) {
      yield batch;
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }

  private batch(indices: Tensor): B {
    // Fast path: one gather per tensor rather than `batchSize` selects and a stack.
    if (this.dataset instanceof TensorDataset && this.collate === undefined)
      return this.dataset.tensors.map((t) => indexSelect(t, 0, indices)) as B;
    const samples = Array.from(indices.data(), (i) => this.dataset.get(i));
    return this.collate ? this.collate(samples) : (defaultCollate(samples) as B);
  }
}
