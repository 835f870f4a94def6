import { checkOptionKeys, ValueError } from '../errors.js';
import { indexSelect } from '../ops/index-select.js';
import { narrow } from '../ops/narrow.js';
import { arange, randperm, tensor } from '../tensor/creation.js';
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
 * Where a loader is in its pass, for checkpoints (see {@link DataLoader.stateDict}): the pass's
 * sample order (`null` between passes), the batches already handed out, and the shuffle
 * generator's state (NaN, "no spare normal", stored as `null` so the state is JSON).
 */
export interface DataLoaderState {
  order: number[] | null;
  position: number;
  generator: (number | null)[];
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
  /** The pass in progress: its order and the batches handed out. */
  private pass: { order: Tensor; position: number } | undefined;
  /** A pass restored by loadStateDict: the next iteration continues it. */
  private resumed: { order: Tensor; position: number } | undefined;

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
    const pass = this.resumed ?? {
      order: this.shuffle ? randperm(n, { generator: this.generator }) : arange(n),
      position: 0,
    };
    this.resumed = undefined;
    this.pass = pass;
    try {
      for (let b = pass.position; b < this.length; b++) {
        const start = b * this.batchSize;
        const batch = this.batch(narrow(pass.order, 0, start, Math.min(this.batchSize, n - start)));
        pass.position = b + 1;
        yield batch;
      }
    } finally {
      if (this.pass === pass) this.pass = undefined;
    }
  }

  /**
   * Where the loader is: mid-pass, the pass's order and the batches handed out; and the shuffle
   * generator's state. With {@link loadStateDict} a fresh loader continues the same pass.
   * @example
   * const loader = new DataLoader(new TensorDataset(arange(6)), { batchSize: 2, shuffle: true, generator: new Generator(0) });
   * const it = loader[Symbol.iterator]();
   * it.next();
   * const state = loader.stateDict(); // { order: [...], position: 1, generator: [...] }
   */
  stateDict(): DataLoaderState {
    const pass = this.pass ?? this.resumed;
    return {
      order: pass ? Array.from(pass.order.data() as Int32Array) : null,
      position: pass ? pass.position : 0,
      generator: this.generator.getState().map((v) => (Number.isNaN(v) ? null : v)),
    };
  }

  /**
   * Restores a {@link stateDict}: sets the shuffle generator, and the next iteration continues
   * the saved pass from its position (without drawing a new order). Checks everything first.
   * @example
   * const data = new TensorDataset(arange(6));
   * const a = new DataLoader(data, { batchSize: 2, shuffle: true, generator: new Generator(0) });
   * a[Symbol.iterator]().next();
   * const b = new DataLoader(data, { batchSize: 2, shuffle: true, generator: new Generator(5) });
   * b.loadStateDict(a.stateDict()); // b yields a's second and third batches next
   */
  loadStateDict(state: DataLoaderState): void {
    const fail = (what: string) =>
      new ValueError(`DataLoader.loadStateDict: ${what}, got ${JSON.stringify(state)?.slice(0, 200)}`);
    const { order, position, generator } = (state ?? {}) as Partial<DataLoaderState>;
    const n = this.dataset.length;
    if (order !== null) {
      const seen = new Uint8Array(n);
      const valid =
        Array.isArray(order) &&
        order.length === n &&
        order.every((i) => Number.isInteger(i) && i >= 0 && i < n && seen[i]!++ === 0);
      if (!valid) throw fail(`order must be null or a permutation of 0..${n - 1}`);
    }
    if (
      !Number.isSafeInteger(position) ||
      position! < 0 ||
      position! > this.length ||
      (order === null && position !== 0)
    )
      throw fail(`position must be an integer in [0, ${this.length}] (0 between passes)`);
    if (!Array.isArray(generator)) throw fail('generator must be a generator state');
    this.generator.setState(generator.map((v) => (v === null ? Number.NaN : v)));
    this.resumed =
      order === null
        ? undefined
        : { order: tensor(Int32Array.from(order), { dtype: 'int32' }), position: position! };
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
