import {
  ContrastiveDivergence,
  forEachBatch,
  pretrainDBN,
  pretrainDenoisingStack,
  RBM,
  rbmToLinear,
  sigmoidClassifier,
  unrolledClassifier,
} from '../../generative/index.js';
import {
  accuracy,
  cat,
  crossEntropy,
  Generator,
  getBackend,
  getNumThreads,
  loadMnist,
  manualSeed,
  type nn,
  noGrad,
  optim,
  randperm,
  type Tensor,
} from '../../index.js';
import { saveGrid } from '../../vision/visualize.js';
import { numberOption, outputOption, parseCommand, seedOption, UsageError } from '../args.js';

export const trainDbnUsage = `nabla train dbn [--hidden 500,500] [--pretrain-epochs 5] [--labels 1000] [--finetune-epochs 50] [--lr 0.001]
                [--dream-epochs 3] [--dream-lr 0.01] [--no-sda] [--seed 0] [--limit N] [--out dbn-samples.png]`;

const count = (n: number): string => n.toLocaleString('en-US');

/** Trains a classifier by Adam on the labelled subset; returns its test accuracy. */
function fineTune(
  net: nn.Sequential,
  x: Tensor,
  y: Tensor,
  test: [Tensor, Tensor],
  epochs: number,
  lr: number,
  seed: number,
): number {
  const opt = new optim.Adam(net.parameters(), { lr });
  const g = new Generator(seed);
  const n = x.shape[0]!;
  net.train();
  for (let epoch = 0; epoch < epochs; epoch++) {
    const order = randperm(n, { generator: g });
    for (let s = 0; s < n; s += 50) {
      const idx = order.narrow(0, s, Math.min(50, n - s));
      opt.zeroGrad();
      crossEntropy(net.forward(x.indexSelect(0, idx)), y.indexSelect(0, idx)).backward();
      opt.step();
    }
  }
  net.eval();
  return noGrad(() => accuracy(net.forward(test[0]), test[1]));
}

/**
 * A copy of `rbm` trained further by persistent CD (Tieleman 2008): its negative chains run on
 * between updates, find the spurious low-energy states CD-1 leaves (a CD-1 RBM's long Gibbs
 * chains drift to near-blank images), and the update raises their energy. The copy keeps the
 * classifier comparison unchanged (that uses the CD-1 weights).
 */
function persistentCopy(rbm: RBM, data: Tensor, epochs: number, lr: number, seed: number): RBM {
  const generator = new Generator(seed);
  const copy = new RBM(rbm.nVisible, rbm.nHidden, { generator });
  copy.loadStateDict(rbm.stateDict());
  const pcd = new ContrastiveDivergence(copy, { lr, momentum: 0.5, persistent: true });
  for (let epoch = 0; epoch < epochs; epoch++) {
    let sum = 0;
    let batches = 0;
    forEachBatch(data, 100, generator, (batch) => {
      sum += pcd.step(batch);
      batches += 1;
    });
    console.log(`  PCD epoch ${epoch + 1}/${epochs}: reconstruction error ${(sum / batches).toFixed(4)}`);
  }
  return copy;
}

/** 16 persistent Gibbs chains of the first RBM, started at test digits: rows at steps 0, 1, 10, 100, 1000. */
function dream(rbm: RBM, start: Tensor, out: string): void {
  const rows: Tensor[] = [start];
  let v = start;
  let done = 0;
  for (const at of [1, 10, 100, 1000]) {
    v = noGrad(() => rbm.gibbs(v, at - done));
    done = at;
    rows.push(noGrad(() => rbm.visibleMean(rbm.sampleHidden(v))));
  }
  saveGrid(out, cat(rows, 0).reshape([-1, 1, 28, 28]), { nrow: start.shape[0]!, upscale: 2 });
}

/**
 * Greedy unsupervised pretraining on every MNIST training image, fine-tuning on a small labelled
 * subset, and the same network from random initialisation on the same subset, all scored on the
 * 10,000 test digits.
 */
export function trainDbn(args: string[]): number {
  const names = [
    'hidden',
    'pretrain-epochs',
    'labels',
    'finetune-epochs',
    'lr',
    'dream-epochs',
    'dream-lr',
    'seed',
    'limit',
    'out',
  ];
  const { values, flags } = parseCommand('train dbn', args, names, { flags: ['no-sda'] });
  const sda = !flags.has('no-sda');
  const hidden = (values.hidden ?? '500,500').split(',').map(Number);
  if (hidden.some((h) => !Number.isSafeInteger(h) || h <= 0)) {
    throw new UsageError(
      `nabla train dbn: --hidden must list positive integers like 500,500, got '${values.hidden}'`,
    );
  }
  const pretrainEpochs = numberOption('train dbn', 'pretrain-epochs', values['pretrain-epochs'], 5, {
    integer: true,
  });
  const labels = numberOption('train dbn', 'labels', values.labels, 1000, { integer: true });
  const finetuneEpochs = numberOption('train dbn', 'finetune-epochs', values['finetune-epochs'], 50, {
    integer: true,
  });
  const lr = numberOption('train dbn', 'lr', values.lr, 1e-3);
  // 0 epochs: dream with the CD-1 RBM itself.
  const dreamEpochs =
    values['dream-epochs'] === '0'
      ? 0
      : numberOption('train dbn', 'dream-epochs', values['dream-epochs'], 3, { integer: true });
  const dreamLr = numberOption('train dbn', 'dream-lr', values['dream-lr'], 0.01);
  const limit =
    values.limit === undefined
      ? undefined
      : numberOption('train dbn', 'limit', values.limit, 0, { integer: true });
  const seed = seedOption('train dbn', values.seed);
  const out = outputOption('train dbn', 'out', values.out, 'dbn-samples.png');

  manualSeed(seed);
  const [trainX, trainY] = loadMnist('train', { limit }).tensors as [Tensor, Tensor];
  const test = loadMnist('test', {
    limit: limit === undefined ? undefined : Math.max(100, Math.round(limit / 6)),
  }).tensors as [Tensor, Tensor];
  const n = trainX.shape[0]!;
  if (labels > n)
    throw new UsageError(`nabla train dbn: --labels (${labels}) exceeds the ${n} training digits`);
  const pick = randperm(n, { generator: new Generator(seed + 1) }).narrow(0, 0, labels);
  const [fewX, fewY] = [trainX.indexSelect(0, pick), trainY.indexSelect(0, pick)];
  const sizes = [784, ...hidden];
  const threads = getNumThreads();
  console.log(
    `nabla: a ${[...sizes, 10].join('-')} sigmoid network; unsupervised pretraining on ${count(n)} MNIST images (no labels), ` +
      `then ${finetuneEpochs} epochs of Adam (lr ${lr}, batch 50) on ${count(labels)} labelled digits; backend ${getBackend().name} (${threads} thread${threads === 1 ? '' : 's'})`,
  );
  const started = performance.now();
  const log = (what: string) => (layer: number, epoch: number, error: number) =>
    console.log(`  ${what} layer ${layer + 1}, epoch ${epoch + 1}/${pretrainEpochs}: ${error.toFixed(4)}`);
  console.log(
    'pretraining the RBMs by CD-1 (lr 0.05, momentum 0.5 → 0.9, weight decay 2e-4); reconstruction error per pixel:',
  );
  const rbms = pretrainDBN(trainX, hidden, {
    epochs: pretrainEpochs,
    lr: 0.05,
    generator: new Generator(seed + 2),
    onEpoch: log('RBM'),
  });
  console.log(`  (${((performance.now() - started) / 1000).toFixed(1)} s)`);
  const results: [string, number][] = [];
  manualSeed(seed + 3);
  results.push([
    'random initialisation',
    fineTune(sigmoidClassifier(sizes, 10), fewX, fewY, test, finetuneEpochs, lr, seed + 4),
  ]);
  manualSeed(seed + 3);
  results.push([
    'DBN (stacked RBMs) pretraining',
    fineTune(unrolledClassifier(rbms.map(rbmToLinear), 10), fewX, fewY, test, finetuneEpochs, lr, seed + 4),
  ]);
  if (sda) {
    const t0 = performance.now();
    console.log(
      'pretraining stacked denoising autoencoders (masking 25%, Adam lr 1e-3); cross-entropy per pixel:',
    );
    const encoders = pretrainDenoisingStack(trainX, hidden, {
      epochs: pretrainEpochs,
      generator: new Generator(seed + 5),
      onEpoch: log('autoencoder'),
    });
    console.log(`  (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
    manualSeed(seed + 3);
    results.push([
      'stacked denoising autoencoders',
      fineTune(unrolledClassifier(encoders, 10), fewX, fewY, test, finetuneEpochs, lr, seed + 4),
    ]);
  }
  for (const [name, acc] of results) {
    console.log(
      `test accuracy with ${name}: ${(100 * acc).toFixed(2)}% on ${count(test[0].shape[0]!)} digits (${count(labels)} labels)`,
    );
  }
  let dreamer = rbms[0]!;
  if (dreamEpochs > 0) {
    const t0 = performance.now();
    console.log(
      `training a copy of the first RBM further by persistent CD for the samples (${dreamEpochs} epochs, lr ${dreamLr}, 100 persistent chains):`,
    );
    dreamer = persistentCopy(dreamer, trainX, dreamEpochs, dreamLr, seed + 6);
    console.log(`  (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  }
  dream(dreamer, test[0].narrow(0, 0, 16), out);
  console.log(
    `wrote 16 Gibbs chains of the first RBM${dreamEpochs > 0 ? ' (PCD copy)' : ''} (rows: the test digits they start from, then after 1, 10, 100 and 1,000 steps) to ${out}`,
  );
  console.log(`total ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return 0;
}
