import { existsSync } from 'node:fs';
import {
  classifierScores,
  DCGANDiscriminator,
  DCGANGenerator,
  forEachBatch,
  frechetDistance,
  GANTrainer,
} from '../../generative/index.js';
import {
  accuracy,
  arange,
  cat,
  crossEntropy,
  Generator,
  getBackend,
  getNumThreads,
  loadMnist,
  manualSeed,
  nn,
  noGrad,
  optim,
  randn,
  softmax,
  type Tensor,
  tensor,
} from '../../index.js';
import { lenet5 } from '../../models/lenet5.js';
import { loadModel, saveModel } from '../../models/model-file.js';
import { saveGrid } from '../../vision/visualize.js';
import { checkOutput, numberOption, parseCommand, seedOption, UsageError } from '../args.js';

export const trainGanUsage = `nabla train gan [--epochs 2] [--batch-size 64] [--width 64] [--conditional] [--classifier lenet-mnist.safetensors]
                [--seed 0] [--limit N] [--out gan]`;

const count = (n: number): string => n.toLocaleString('en-US');

/** Applies f to x in batches of 500 without gradients and joins the results. */
function batched(x: Tensor, f: (b: Tensor) => Tensor): Tensor {
  return noGrad(() => {
    const parts: Tensor[] = [];
    for (let s = 0; s < x.shape[0]!; s += 500) parts.push(f(x.narrow(0, s, Math.min(500, x.shape[0]! - s))));
    return cat(parts, 0);
  });
}

/** [0, 1, …, n − 1] as an int32 column, to shuffle rows of several tensors together with forEachBatch. */
function rowIndex(n: number): Tensor {
  return arange(0, n, 1, { dtype: 'int32' }).reshape([n, 1]);
}

/** LeNet-5 from `path`, or trained for 2 epochs on the training digits (and saved there). */
function classifier(
  path: string,
  train: [Tensor, Tensor],
  test: [Tensor, Tensor],
  seed: number,
): nn.Sequential {
  if (existsSync(path)) {
    const { model } = loadModel(path);
    console.log(`scoring with the LeNet-5 in ${path}`);
    return model as nn.Sequential;
  }
  manualSeed(seed);
  const net = lenet5({ numClasses: 10 });
  const opt = new optim.Adam(net.parameters(), { lr: 1e-3 });
  const g = new Generator(seed);
  const started = performance.now();
  const index = rowIndex(train[0].shape[0]!);
  for (let epoch = 0; epoch < 2; epoch++) {
    forEachBatch(index, 64, g, (b) => {
      const idx = b.reshape([-1]);
      opt.zeroGrad();
      crossEntropy(net.forward(train[0].indexSelect(0, idx)), train[1].indexSelect(0, idx)).backward();
      opt.step();
    });
  }
  net.eval();
  const acc = noGrad(() =>
    accuracy(
      batched(test[0], (b) => net.forward(b)),
      test[1],
    ),
  );
  console.log(
    `trained the scoring LeNet-5 (2 epochs, Adam) in ${((performance.now() - started) / 1000).toFixed(1)} s: test accuracy ${(100 * acc).toFixed(2)}%; saved to ${path}`,
  );
  saveModel(path, 'lenet', { numClasses: 10, activation: 'relu', inputSize: 28, pool: 'max' }, net);
  return net;
}

/** Trains a DCGAN on MNIST, writes a sample grid per epoch, and scores 1,000 samples with LeNet-5. */
export function trainGan(args: string[]): number {
  const names = ['epochs', 'batch-size', 'width', 'classifier', 'seed', 'limit', 'out'];
  const { values, flags } = parseCommand('train gan', args, names, { flags: ['conditional'] });
  const conditional = flags.has('conditional');
  const epochs = numberOption('train gan', 'epochs', values.epochs, 2, { integer: true });
  const batchSize = numberOption('train gan', 'batch-size', values['batch-size'], 64, { integer: true });
  const width = numberOption('train gan', 'width', values.width, 64, { integer: true });
  if (width % 2 !== 0) throw new UsageError(`nabla train gan: --width must be even, got ${width}`);
  const limit =
    values.limit === undefined
      ? undefined
      : numberOption('train gan', 'limit', values.limit, 0, { integer: true });
  const seed = seedOption('train gan', values.seed);
  const out = values.out ?? 'gan';
  checkOutput('train gan', 'out', `${out}-epoch-1.png`);
  const classifierPath = values.classifier ?? 'lenet-mnist.safetensors';
  // A missing classifier is trained and saved there.
  if (!existsSync(classifierPath)) checkOutput('train gan', 'classifier', classifierPath);

  const [trainX, trainY] = loadMnist('train', { limit, shape: 'image' }).tensors as [Tensor, Tensor];
  const test = loadMnist('test', {
    limit: limit === undefined ? undefined : Math.max(200, Math.round(limit / 6)),
    shape: 'image',
  }).tensors as [Tensor, Tensor];
  const lenet = classifier(classifierPath, [trainX, trainY], test, seed + 10);
  manualSeed(seed);
  const numClasses = conditional ? 10 : 0;
  const g = new DCGANGenerator({ latent: 64, width, numClasses });
  const d = new DCGANDiscriminator({ width, numClasses });
  const trainer = new GANTrainer(g, d, { generator: new Generator(seed + 1) });
  const threads = getNumThreads();
  console.log(
    `nabla: training a${conditional ? ' conditional' : ''} DCGAN (generator ${count(g.numParameters())}, discriminator ${count(d.numParameters())} parameters) ` +
      `on ${count(trainX.shape[0]!)} MNIST digits scaled to [−1, 1]; Adam lr 2e-4 β₁ 0.5, batch ${batchSize}, ${epochs} epochs, ` +
      `real label 0.9; backend ${getBackend().name} (${threads} thread${threads === 1 ? '' : 's'})`,
  );
  const scaled = trainX.mul(2).sub(1);
  const index = rowIndex(trainX.shape[0]!);
  const fixed = trainer.noise(64);
  // In the conditional grid, row r shows digit r (0–7).
  const fixedLabels = conditional
    ? tensor(
        Array.from({ length: 64 }, (_, i) => Math.floor(i / 8)),
        { dtype: 'int32' },
      )
    : undefined;
  const started = performance.now();
  for (let epoch = 1; epoch <= epochs; epoch++) {
    let [dSum, gSum, steps] = [0, 0, 0];
    forEachBatch(index, batchSize, new Generator(seed + 100 + epoch), (b) => {
      const idx = b.reshape([-1]);
      const { dLoss, gLoss } = trainer.step(
        scaled.indexSelect(0, idx),
        conditional ? trainY.indexSelect(0, idx) : undefined,
      );
      [dSum, gSum, steps] = [dSum + dLoss, gSum + gLoss, steps + 1];
    });
    g.eval();
    const grid = noGrad(() =>
      g
        .forward(fixed.z, fixedLabels ?? fixed.labels)
        .add(1)
        .div(2),
    );
    const path = `${out}-epoch-${epoch}.png`;
    saveGrid(path, grid, { nrow: 8, upscale: 2 });
    console.log(
      `epoch ${epoch}/${epochs}: D loss ${(dSum / steps).toFixed(3)}, G loss ${(gSum / steps).toFixed(3)} (${((performance.now() - started) / 1000).toFixed(0)} s); wrote ${path}`,
    );
  }
  score(g, lenet, test[0], conditional);
  return 0;
}

function score(g: DCGANGenerator, lenet: nn.Sequential, realTest: Tensor, conditional: boolean): void {
  g.eval();
  lenet.eval();
  const n = 1000;
  // 1,000 samples from fixed noise; a conditional generator is asked for 100 of each digit.
  const z = randn([n, g.latent], { generator: new Generator(12345) });
  const asked = conditional
    ? tensor(
        Array.from({ length: n }, (_, i) => i % 10),
        { dtype: 'int32' },
      )
    : undefined;
  const fakes = noGrad(() => {
    const parts: Tensor[] = [];
    for (let s = 0; s < n; s += 500) parts.push(g.forward(z.narrow(0, s, 500), asked?.narrow(0, s, 500)));
    return cat(parts, 0).add(1).div(2);
  });
  const features = new nn.Sequential(...lenet.layers.slice(0, -1)); // LeNet's 84 penultimate units
  const probabilities = batched(fakes, (x) => softmax(lenet.forward(x), 1));
  const scores = classifierScores(probabilities);
  const fakeFeatures = batched(fakes, (x) => features.forward(x));
  const realFeatures = batched(realTest, (x) => features.forward(x));
  const half = Math.floor(realTest.shape[0]! / 2);
  const fid = frechetDistance(fakeFeatures, realFeatures);
  const baseline = frechetDistance(realFeatures.narrow(0, 0, half), realFeatures.narrow(0, half, half));
  console.log(
    `scores of ${count(n)} samples by LeNet-5: class coverage ${scores.coverage}/10 (counts ${scores.counts.join(' ')}), ` +
      `mean confidence ${scores.meanConfidence.toFixed(3)}`,
  );
  console.log(
    `LeNet-FID (Fréchet distance of LeNet's 84 penultimate features) to the ${count(realTest.shape[0]!)} real test digits: ${fid.toFixed(2)}; ` +
      `between the two halves of the real test set: ${baseline.toFixed(2)}`,
  );
  if (asked) {
    const predicted = probabilities.argmax(1).data();
    const wanted = asked.data();
    const agree = Array.from(predicted).filter((p, i) => p === wanted[i]).length;
    console.log(
      `conditional: LeNet-5 reads the requested digit in ${((100 * agree) / n).toFixed(1)}% of the samples`,
    );
  }
}
