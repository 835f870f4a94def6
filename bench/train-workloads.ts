/**
 * The training workloads of `bench/workloads.md` (mlp, cnn, lstm), built against the subset of
 * nabla's public API in {@link NablaApi}: one place for the models, data and optimizers that
 * `nabla-workloads.ts` times with the protocol and `step-time.ts` / `kernel-time.ts` use for
 * quick A/B timing and per-kernel profiles.
 */
import type { TrainWorkload } from './timing.js';

// ---- The API the workloads use (PyTorch-like) ----

export interface Tensor {
  readonly shape: readonly number[];
  item(): number;
  backward(): void;
  reshape(shape: number[]): Tensor;
}
export interface Module {
  forward(x: Tensor): Tensor;
  parameters(): Iterable<Tensor>;
}
/** `nn.LSTM(input, hidden, { batchFirst: true })`: `forward(x)` gives `[output, [h, c]]` as in PyTorch. */
export interface LstmModule {
  forward(x: Tensor): Tensor | readonly [Tensor, unknown];
  parameters(): Iterable<Tensor>;
}
export interface Optimizer {
  zeroGrad(): void;
  step(): void;
}
type Ctor<Args extends unknown[], T> = new (...args: Args) => T;

/** The subset of nabla's public barrel used here. */
export interface NablaApi {
  tensor(data: number[][], options?: { dtype?: 'float32' | 'int32' }): Tensor;
  /** uniform [0, 1), float32 */
  rand(shape: number[]): Tensor;
  /** integers uniform in [low, high), int32 */
  randint(low: number, high: number, shape: number[]): Tensor;
  manualSeed(seed: number): void;
  matmul(a: Tensor, b: Tensor): Tensor;
  /** softmax cross-entropy; logits [N, C], int32 targets [N]; mean over N */
  crossEntropy(logits: Tensor, targets: Tensor): Tensor;
  setBackend(name: string): unknown;
  setNumThreads(n: number): unknown;
  nn: {
    Linear: Ctor<[inFeatures: number, outFeatures: number], Module>;
    Sequential: Ctor<Module[], Module>;
    ReLU: Ctor<[], Module>;
    Conv2d: Ctor<
      [
        inChannels: number,
        outChannels: number,
        kernelSize: number,
        options?: { stride?: number; padding?: number },
      ],
      Module
    >;
    MaxPool2d: Ctor<[kernelSize: number, options?: { stride?: number }], Module>;
    Flatten: Ctor<[], Module>;
    Embedding: Ctor<[numEmbeddings: number, embeddingDim: number], Module>;
    LSTM: Ctor<[inputSize: number, hiddenSize: number, options?: { batchFirst?: boolean }], LstmModule>;
  };
  optim: {
    SGD: Ctor<[params: Iterable<Tensor>, options: { lr: number; momentum?: number }], Optimizer>;
    Adam: Ctor<
      [params: Iterable<Tensor>, options: { lr: number; betas?: [number, number]; eps?: number }],
      Optimizer
    >;
  };
}

// ---- The workloads (bench/workloads.md) ----

/** forward + loss + backward + update, then the host read of the loss. */
function trainStep(optimizer: Optimizer, lossOf: () => Tensor): () => number {
  return () => {
    optimizer.zeroGrad();
    const loss = lossOf();
    loss.backward();
    optimizer.step();
    return loss.item();
  };
}

function mlp(nb: NablaApi): () => number {
  const { Sequential, Linear, ReLU } = nb.nn;
  const model = new Sequential(
    new Linear(784, 512),
    new ReLU(),
    new Linear(512, 256),
    new ReLU(),
    new Linear(256, 10),
  );
  const x = nb.rand([128, 784]);
  const y = nb.randint(0, 10, [128]);
  const sgd = new nb.optim.SGD(model.parameters(), { lr: 0.01, momentum: 0.9 });
  return trainStep(sgd, () => nb.crossEntropy(model.forward(x), y));
}

function cnn(nb: NablaApi): () => number {
  const { Sequential, Conv2d, ReLU, MaxPool2d, Flatten, Linear } = nb.nn;
  const model = new Sequential(
    new Conv2d(1, 6, 5, { padding: 2 }),
    new ReLU(),
    new MaxPool2d(2, { stride: 2 }), // [6, 14, 14]
    new Conv2d(6, 16, 5),
    new ReLU(),
    new MaxPool2d(2, { stride: 2 }), // [16, 5, 5]
    new Flatten(),
    new Linear(400, 120),
    new ReLU(),
    new Linear(120, 84),
    new ReLU(),
    new Linear(84, 10),
  );
  const x = nb.rand([64, 1, 28, 28]);
  const y = nb.randint(0, 10, [64]);
  const sgd = new nb.optim.SGD(model.parameters(), { lr: 0.01, momentum: 0.9 });
  return trainStep(sgd, () => nb.crossEntropy(model.forward(x), y));
}

function lstm(nb: NablaApi): () => number {
  const embed = new nb.nn.Embedding(65, 64);
  const cell = new nb.nn.LSTM(64, 256, { batchFirst: true }); // h0 = c0 = 0 on every call
  const head = new nb.nn.Linear(256, 65); // at every time step
  const tokens = randomRows(32, 65, () => Math.floor(Math.random() * 65));
  const x = nb.tensor(
    tokens.map((row) => row.slice(0, 64)),
    { dtype: 'int32' },
  ); // [32, 64]
  const y = nb
    .tensor(
      tokens.map((row) => row.slice(1)),
      { dtype: 'int32' },
    )
    .reshape([2048]);
  const params = [...embed.parameters(), ...cell.parameters(), ...head.parameters()];
  const adam = new nb.optim.Adam(params, { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8 });
  return trainStep(adam, () => {
    const out = cell.forward(embed.forward(x));
    const h = Array.isArray(out) ? (out as readonly [Tensor, unknown])[0] : (out as Tensor); // [32, 64, 256]
    return nb.crossEntropy(head.forward(h).reshape([2048, 65]), y);
  });
}

/** Rows of `cols` values drawn from `next`. */
export function randomRows(rows: number, cols: number, next: () => number): number[][] {
  return Array.from({ length: rows }, () => Array.from({ length: cols }, next));
}

/** Each training workload: builds it once and returns one train step (which returns the loss). */
export const TRAIN_WORKLOADS: Record<TrainWorkload, (nb: NablaApi) => () => number> = { mlp, cnn, lstm };
