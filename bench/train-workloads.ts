/**
 * The training workloads of `bench/workloads.md` (mlp, cnn, lstm, resnet20, transformer), built
 * against the subset of nabla's public API in {@link NablaApi}, as a user would write them (the
 * zoo's blocks where they match the definition): one place for the models, data and optimizers that
 * `nabla-workloads.ts` times with the protocol and `step-time.ts` / `kernel-time.ts` use for
 * quick A/B timing and per-kernel profiles.
 */
import type { Module, NablaApi, Optimizer, Tensor } from './nabla-api.js';
import type { TrainWorkload } from './timing.js';

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

/** 32 fixed sequences of 65 characters in [0, 65): inputs [32, 64], next-character targets [2048]. */
function charBatch(nb: NablaApi): { x: Tensor; y: Tensor } {
  const tokens = randomRows(32, 65, () => Math.floor(Math.random() * 65));
  const x = nb.tensor(
    tokens.map((row) => row.slice(0, 64)),
    { dtype: 'int32' },
  );
  const y = nb
    .tensor(
      tokens.map((row) => row.slice(1)),
      { dtype: 'int32' },
    )
    .reshape([2048]);
  return { x, y };
}

function lstm(nb: NablaApi): () => number {
  const embed = new nb.nn.Embedding(65, 64);
  const cell = new nb.nn.LSTM(64, 256, { batchFirst: true }); // h0 = c0 = 0 on every call
  const head = new nb.nn.Linear(256, 65); // at every time step
  const { x, y } = charBatch(nb); // x [32, 64]
  const params = [...embed.parameters(), ...cell.parameters(), ...head.parameters()];
  const adam = new nb.optim.Adam(params, { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8 });
  return trainStep(adam, () => {
    const out = cell.forward(embed.forward(x));
    const h = Array.isArray(out) ? (out as readonly [Tensor, unknown])[0] : (out as Tensor); // [32, 64, 256]
    return nb.crossEntropy(head.forward(h).reshape([2048, 65]), y);
  });
}

/** He et al.'s CIFAR ResNet-20: a 3×3 stem, three stages of three basic blocks (16, 32, 64 channels). */
function resnet20(nb: NablaApi): () => number {
  const { ConvNormAct, BasicBlock } = nb.models; // BatchNorm2d defaults: eps 1e-5, momentum 0.1
  const blocks: Module[] = [];
  let channels = 16;
  for (const [stage, width] of [16, 32, 64].entries()) {
    for (let i = 0; i < 3; i++) {
      // The first block of stages 2 and 3 halves the size, with a 1×1 conv + BN projection shortcut.
      blocks.push(new BasicBlock(channels, width, stage > 0 && i === 0 ? 2 : 1));
      channels = width;
    }
  }
  const model = new nb.nn.Sequential(
    new ConvNormAct(3, 16, 3), // conv3×3 (pad 1, no bias) → BN → ReLU
    ...blocks,
    new nb.nn.GlobalAvgPool(), // [64, 64]
    new nb.nn.Linear(64, 10),
  );
  expectParameters('resnet20', model.numParameters(), 272_474);
  const x = nb.rand([64, 3, 32, 32]);
  const y = nb.randint(0, 10, [64]);
  const sgd = new nb.optim.SGD(model.parameters(), { lr: 0.1, momentum: 0.9, weightDecay: 5e-4 });
  return trainStep(sgd, () => nb.crossEntropy(model.forward(x), y));
}

/** A 2-layer pre-norm character Transformer (d 128, 4 heads, GELU, causal) predicting every next character. */
function transformer(nb: NablaApi): () => number {
  const { Embedding, PositionalEmbedding, TransformerEncoder, TransformerEncoderLayer, LayerNorm, Linear } =
    nb.nn;
  const layer = {
    dimFeedforward: 512,
    dropout: 0,
    activation: 'gelu', // erf, not the tanh approximation
    normFirst: true,
    layerNormEps: 1e-5,
    batchFirst: true,
  } as const;
  const embed = new Embedding(65, 128);
  const positions = new PositionalEmbedding(64, 128); // learned, added
  const encoder = new TransformerEncoder(() => new TransformerEncoderLayer(128, 4, layer), 2, {
    norm: new LayerNorm(128, { eps: 1e-5 }),
  });
  const head = new Linear(128, 65);
  const params = [
    ...embed.parameters(),
    ...positions.parameters(),
    ...encoder.parameters(),
    ...head.parameters(),
  ];
  expectParameters(
    'transformer',
    params.reduce((n, p) => n + sizeOf(p), 0),
    421_697,
  );
  const { x, y } = charBatch(nb);
  const adamw = new nb.optim.AdamW(params, { lr: 3e-4, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0.01 });
  return trainStep(adamw, () => {
    const h = encoder.forwardWithMasks(positions.forward(embed.forward(x)), { causal: true }); // [32, 64, 128]
    return nb.crossEntropy(head.forward(h).reshape([2048, 65]), y);
  });
}

function sizeOf(t: Tensor): number {
  return t.shape.reduce((n, d) => n * d, 1);
}

/** A model that differs from workloads.md would measure something else: refuse to time it. */
export function expectParameters(workload: string, got: number, expected: number): void {
  if (got !== expected)
    throw new Error(
      `${workload}: workloads.md defines ${expected.toLocaleString('en-US')} parameters, the model has ${got.toLocaleString('en-US')}`,
    );
}

/** Rows of `cols` values drawn from `next`. */
export function randomRows(rows: number, cols: number, next: () => number): number[][] {
  return Array.from({ length: rows }, () => Array.from({ length: cols }, next));
}

/** Each training workload: builds it once and returns one train step (which returns the loss). */
export const TRAIN_WORKLOADS: Record<TrainWorkload, (nb: NablaApi) => () => number> = {
  mlp,
  cnn,
  lstm,
  resnet20,
  transformer,
};
