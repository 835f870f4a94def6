import { existsSync } from 'node:fs';
import {
  downPass,
  LabeledRBM,
  pretrainDBN,
  pretrainDenoisingStack,
  type RBM,
  rbmToLinear,
  sigmoidClassifier,
  trainRBM,
  unrolledClassifier,
  upPass,
} from '../../generative/index.js';
import {
  accuracy,
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
  tensor,
} from '../../index.js';
import { saveGrid } from '../../vision/visualize.js';
import { checkOutput, numberOption, outputOption, parseCommand, seedOption, UsageError } from '../args.js';
import { LenetScorer, scoreSummary, scoringLenet } from './lenet-scorer.js';

export const trainDbnUsage = `nabla train dbn [--hidden 500,500] [--pretrain-epochs 5] [--labels 1000] [--finetune-epochs 50] [--lr 0.001]
                [--top-hidden 1000] [--top-epochs 5] [--top-lr 0.01] [--gibbs 1000] [--classifier lenet-mnist.safetensors]
                [--no-sda] [--seed 0] [--limit N] [--out dbn-dreams.png]`;

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
 * The DBN's dreams: a top-level RBM over the last hidden layer's features and the 10 labels
 * (trained by persistent CD on all training digits and their labels), sampled with each digit clamped
 * (as sampleDBN does, continued to score the same chains after 10, 100, … steps); writes a grid
 * with one row per digit and scores 1,000 dreams (100 per digit) with LeNet-5.
 */
function dreams(
  rbms: RBM[],
  train: [Tensor, Tensor],
  test: [Tensor, Tensor],
  o: {
    topHidden: number;
    topEpochs: number;
    topLr: number;
    gibbs: number;
    classifier: string;
    seed: number;
    out: string;
  },
): void {
  const t0 = performance.now();
  const generator = new Generator(o.seed + 6);
  const features = upPass(rbms, train[0]);
  const top = new LabeledRBM(features.shape[1]!, 10, o.topHidden, { generator });
  console.log(
    `training the top-level RBM (${features.shape[1]} features + 10 label units, ${o.topHidden} hidden) by persistent CD on the ${count(train[0].shape[0]!)} training digits' features and labels ` +
      `(${o.topEpochs} epochs, lr ${o.topLr}, momentum 0.5, weight decay 2e-4, 100 persistent chains); reconstruction error per unit:`,
  );
  trainRBM(top, top.joint(features, train[1]), {
    epochs: o.topEpochs,
    lr: o.topLr,
    persistent: true,
    // momentum 0.9 after epoch 5 (the guide's schedule) made the persistent chains diverge:
    // reconstruction error 0.012 → 0.060 and the top RBM's test accuracy 92% → 71% (bench/generative.md)
    finalMomentum: 0.5,
    generator,
    onEpoch: (_, epoch, error) => console.log(`  epoch ${epoch + 1}/${o.topEpochs}: ${error.toFixed(4)}`),
  });
  const testFeatures = upPass(rbms, test[0]);
  const read = noGrad(() => accuracy(top.labelProbs(testFeatures), test[1]));
  console.log(
    `  (${((performance.now() - t0) / 1000).toFixed(1)} s); the top RBM as a classifier, argmaxₖ p(y = k | x) from free energies: test accuracy ${(100 * read).toFixed(2)}%`,
  );
  const image = (x: Tensor) => x.reshape([-1, 1, 28, 28]);
  const lenet = scoringLenet(
    o.classifier,
    [image(train[0]), train[1]],
    [image(test[0]), test[1]],
    o.seed + 10,
  );
  const scorer = new LenetScorer(lenet, image(test[0]));
  const t1 = performance.now();
  const asked = tensor(
    Array.from({ length: 1000 }, (_, i) => i % 10),
    { dtype: 'int32' },
  );
  console.log(
    `dreaming 1,000 digits (100 per label): Gibbs sampling in the top RBM with the label clamped, then one down-pass (sampleDBN); ` +
      `scored by LeNet-5 (real test digits: confidence ${scorer.realConfidence.toFixed(3)}, LeNet-FID ${scorer.baseline.toFixed(2)} between their two halves):`,
  );
  // The same chains, scored after 10, 100, … steps: gibbsClamped continues from the last feature probabilities.
  let x: Tensor | undefined;
  let done = 0;
  let images: Tensor | undefined;
  for (const at of [...[10, 100].filter((k) => k < o.gibbs), o.gibbs]) {
    x = top.gibbsClamped(asked, at - done, x);
    done = at;
    images = image(downPass(rbms, x));
    const s = scorer.score(images, asked);
    console.log(
      `  after ${count(at)} steps: LeNet-5 reads the clamped digit in ${(100 * s.agreement!).toFixed(1)}% ` +
        `(per digit 0–9: ${s.perClass!.map((p) => `${Math.round(100 * p)}%`).join(' ')}); ${scoreSummary(s)}`,
    );
  }
  // rows: digits 0–9, 10 dreams each (dream i asked for digit i mod 10)
  const grid = Array.from({ length: 100 }, (_, i) => 10 * (i % 10) + Math.floor(i / 10));
  saveGrid(o.out, images!.indexSelect(0, tensor(grid, { dtype: 'int32' })), { nrow: 10, upscale: 2 });
  console.log(
    `  (${((performance.now() - t1) / 1000).toFixed(1)} s); wrote 10 dreams of each digit after ${count(o.gibbs)} steps (a row per digit) to ${o.out}`,
  );
}

/**
 * Greedy unsupervised pretraining on every MNIST training image, fine-tuning on a small labelled
 * subset, and the same network from random initialisation on the same subset, all scored on the
 * 10,000 test digits; then the DBN's dreams: a top-level RBM with label units over the pretrained
 * stack (trained with all training labels), sampled with each digit clamped and scored by LeNet-5.
 */
export function trainDbn(args: string[]): number {
  const names = [
    'hidden',
    'pretrain-epochs',
    'labels',
    'finetune-epochs',
    'lr',
    'top-hidden',
    'top-epochs',
    'top-lr',
    'gibbs',
    'classifier',
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
  const topHidden = numberOption('train dbn', 'top-hidden', values['top-hidden'], 1000, { integer: true });
  const topEpochs = numberOption('train dbn', 'top-epochs', values['top-epochs'], 5, { integer: true });
  const topLr = numberOption('train dbn', 'top-lr', values['top-lr'], 0.01);
  const gibbs = numberOption('train dbn', 'gibbs', values.gibbs, 1000, { integer: true });
  const classifier = values.classifier ?? 'lenet-mnist.safetensors';
  // A missing classifier is trained and saved there.
  if (!existsSync(classifier)) checkOutput('train dbn', 'classifier', classifier);
  const limit =
    values.limit === undefined
      ? undefined
      : numberOption('train dbn', 'limit', values.limit, 0, { integer: true });
  const seed = seedOption('train dbn', values.seed);
  const out = outputOption('train dbn', 'out', values.out, 'dbn-dreams.png');

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
  dreams(rbms, [trainX, trainY], test, { topHidden, topEpochs, topLr, gibbs, classifier, seed, out });
  console.log(`total ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return 0;
}
