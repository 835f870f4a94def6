import { existsSync } from 'node:fs';
import {
  DCGANDiscriminator,
  DCGANGenerator,
  dcganInit,
  forEachBatch,
  GANTrainer,
  truncatedNoise,
  WeightAverage,
  withBatchStatistics,
} from '../../generative/index.js';
import {
  cat,
  Generator,
  getBackend,
  getNumThreads,
  loadMnist,
  manualSeed,
  noGrad,
  type Tensor,
  tensor,
} from '../../index.js';
import { saveGrid } from '../../vision/visualize.js';
import { checkOutput, numberOption, parseCommand, seedOption, UsageError } from '../args.js';
import {
  batched,
  LenetScorer,
  rowIndex,
  type SampleScores,
  scoreSummary,
  scoringLenet,
} from './lenet-scorer.js';

export const trainGanUsage = `nabla train gan [--epochs 8] [--batch-size 64] [--width 64] [--lr 4e-4] [--no-refine] [--codes 0]
                [--ema 0.999] [--truncation none|T] [--conditional] [--classifier lenet-mnist.safetensors]
                [--seed 0] [--limit N] [--out gan]`;

const count = (n: number): string => n.toLocaleString('en-US');

/** The options of {@link scoreGenerator}. */
interface SampleOptions {
  /** Draw z with |z| ≤ truncation (default Infinity: full noise). */
  truncation?: number;
  /** Batch norm uses each 500-sample batch's statistics (for an averaged generator, whose running statistics are not its own). */
  batchStatistics?: boolean;
  /** Draw 2,000 and keep the 1,000 this (unconditional) discriminator rates most real. */
  reject?: DCGANDiscriminator;
  /** The seed of the noise (default 12345; every epoch and every row of the table uses the same draws). */
  noiseSeed?: number;
}

/**
 * Scores 1,000 samples of `g` with LeNet-5, generated in batches of 500 from fixed noise; a
 * conditional generator is asked for 100 of each digit (an InfoGAN's codes are cycled the same
 * way, as evenly as the uniform codes it trained on). `reject` is the simplest form of
 * discriminator rejection sampling (Azadi et al., https://arxiv.org/abs/1810.06758).
 */
function scoreGenerator(
  scorer: LenetScorer,
  g: DCGANGenerator,
  conditional: boolean,
  { truncation = Infinity, batchStatistics = false, reject, noiseSeed = 12345 }: SampleOptions = {},
): SampleScores {
  const n = 1000;
  const drawn = reject ? 2 * n : n;
  const z = truncatedNoise(drawn, g.latent, truncation, new Generator(noiseSeed));
  const asked =
    g.numClasses > 0
      ? tensor(
          Array.from({ length: drawn }, (_, i) => i % g.numClasses),
          { dtype: 'int32' },
        )
      : undefined;
  const generate = () => {
    const parts: Tensor[] = [];
    for (let s = 0; s < drawn; s += 500) parts.push(g.forward(z.narrow(0, s, 500), asked?.narrow(0, s, 500)));
    return cat(parts, 0);
  };
  g.eval();
  let images = batchStatistics ? withBatchStatistics(g, generate) : noGrad(generate);
  if (reject) {
    reject.eval();
    const realness = batched(images, (x) => reject.forward(x).narrow(1, 0, 1)).data();
    const best = Array.from({ length: drawn }, (_, i) => i)
      .sort((a, b) => realness[b]! - realness[a]!)
      .slice(0, n);
    images = images.indexSelect(0, tensor(best, { dtype: 'int32' }));
    reject.train();
  }
  return scorer.score(images.add(1).div(2), conditional ? asked : undefined);
}

const noise = (truncation: number): string =>
  Number.isFinite(truncation) ? `noise truncated at ${truncation}` : 'full noise';

/**
 * Trains a DCGAN on MNIST, writes a sample grid per epoch, and scores 1,000 samples with LeNet-5.
 * The recipe (DCGAN paper and the GAN-training literature):
 * - DCGAN's architecture and optimizer: batch norm in G (not on D's first layer), LeakyReLU(0.2)
 *   in D, tanh output on images scaled to [−1, 1], Adam β₁ 0.5, weights from N(0, 0.02²)
 *   ({@link dcganInit}); a 3×3 convolution at 7×7 in G (`--no-refine` drops it) and Adam lr
 *   4e-4 rather than the paper's 2e-4 (`--lr`): within 4 epochs both raise LeNet's confidence
 *   in the samples and lower their LeNet-FID (bench/generative.md);
 * - 8 epochs (`--epochs`): LeNet's mean confidence in two sets of 1,000 samples is 0.904 and
 *   0.899 after 4, 0.917 and 0.910 after 8, 0.919 and 0.910 after 10 (bench/generative.md);
 * - the non-saturating generator loss and one-sided label smoothing (real target 0.9), in GANTrainer;
 * - samples come from an exponential moving average of G's weights (decay 0.999, `--ema`; its
 *   warmup ramps the decay as (1 + t)/(10 + t), which reaches 0.999 only after 8,991 steps, 9.6
 *   epochs, so until then the average spans roughly the last ninth of the steps and `--ema`
 *   values above 0.998 change nothing), with batch norm using each 500-sample batch's statistics (the running statistics belong to the
 *   last iterate's weights), from full noise (`--truncation T` cuts it at |z| ≤ T, BigGAN's
 *   trick: fidelity for variety, which pays in the conditional model, not the unconditional one).
 *   The final scores list the truncation sweep, discriminator rejection and the ablations
 *   (running statistics, last iterate) beside the headline;
 * - `--codes K` adds InfoGAN's categorical code to the unconditional model (no labels).
 */
export function trainGan(args: string[]): number {
  const names = [
    'epochs',
    'batch-size',
    'width',
    'ema',
    'truncation',
    'codes',
    'lr',
    'classifier',
    'seed',
    'limit',
    'out',
  ];
  const { values, flags } = parseCommand('train gan', args, names, { flags: ['conditional', 'no-refine'] });
  const conditional = flags.has('conditional');
  const refine = !flags.has('no-refine');
  const lr = numberOption('train gan', 'lr', values.lr, 4e-4);
  const epochs = numberOption('train gan', 'epochs', values.epochs, 8, { integer: true });
  const batchSize = numberOption('train gan', 'batch-size', values['batch-size'], 64, { integer: true });
  const width = numberOption('train gan', 'width', values.width, 64, { integer: true });
  if (width % 2 !== 0) throw new UsageError(`nabla train gan: --width must be even, got ${width}`);
  const emaDecay = numberOption('train gan', 'ema', values.ema, 0.999);
  if (emaDecay >= 1) throw new UsageError(`nabla train gan: --ema must be below 1, got ${emaDecay}`);
  const truncation =
    values.truncation === undefined || values.truncation === 'none'
      ? Infinity
      : numberOption('train gan', 'truncation', values.truncation, Infinity);
  if (truncation < 0.1)
    throw new UsageError(`nabla train gan: --truncation must be ≥ 0.1, got ${truncation}`);
  const codes = numberOption('train gan', 'codes', values.codes, 0, { integer: true });
  if (codes < 0 || codes === 1)
    throw new UsageError(`nabla train gan: --codes must be 0 (none) or ≥ 2, got ${codes}`);
  if (conditional && codes > 0)
    throw new UsageError('nabla train gan: --codes is for the unconditional model; drop it or --conditional');
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
  const scorer = new LenetScorer(scoringLenet(classifierPath, [trainX, trainY], test, seed + 10), test[0]);
  const sample = (model: DCGANGenerator, options?: SampleOptions) =>
    scoreGenerator(scorer, model, conditional, options);
  manualSeed(seed);
  const numClasses = conditional ? 10 : 0;
  // An InfoGAN's generator takes its code where a conditional one takes the label.
  const gOptions = { latent: 64, width, numClasses: conditional ? 10 : codes, refine };
  const init = new Generator(seed + 2);
  const g = dcganInit(new DCGANGenerator(gOptions), init);
  const d = dcganInit(new DCGANDiscriminator({ latent: 64, width, numClasses, codes }), init);
  const average = new WeightAverage(g, new DCGANGenerator(gOptions), { decay: emaDecay });
  const trainer = new GANTrainer(g, d, { generator: new Generator(seed + 1), lr });
  const threads = getNumThreads();
  console.log(
    `nabla: training a${conditional ? ' conditional' : ''} DCGAN (generator ${count(g.numParameters())}, discriminator ${count(d.numParameters())} parameters) ` +
      `on ${count(trainX.shape[0]!)} MNIST digits scaled to [−1, 1]; weights from N(0, 0.02²), Adam lr ${lr} β₁ 0.5, batch ${batchSize}, ${epochs} epochs, ` +
      `real label 0.9, ${codes > 0 ? `an InfoGAN code of ${codes} categories (λ 1, no labels), ` : ''}generator weights averaged with decay ${emaDecay}, samples scored with ${noise(truncation)}; backend ${getBackend().name} (${threads} thread${threads === 1 ? '' : 's'})`,
  );
  const scaled = trainX.mul(2).sub(1);
  const index = rowIndex(trainX.shape[0]!);
  // In the conditional grid, row r shows digit r (0–7); in an InfoGAN's, code r (every code).
  const rows = codes > 0 ? codes : 8;
  const fixed = trainer.noise(8 * rows);
  const fixedLabels =
    g.numClasses > 0
      ? tensor(
          Array.from({ length: 8 * rows }, (_, i) => Math.floor(i / 8)),
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
      average.update(g);
      [dSum, gSum, steps] = [dSum + dLoss, gSum + gLoss, steps + 1];
    });
    const sampler = average.model;
    const grid = withBatchStatistics(sampler, () =>
      sampler
        .forward(fixed.z, fixedLabels ?? fixed.labels)
        .add(1)
        .div(2),
    );
    const path = `${out}-epoch-${epoch}.png`;
    saveGrid(path, grid, { nrow: 8, upscale: 2 });
    const seconds = ((performance.now() - started) / 1000).toFixed(0);
    console.log(
      `epoch ${epoch}/${epochs}: D loss ${(dSum / steps).toFixed(3)}, G loss ${(gSum / steps).toFixed(3)} (${seconds} s); wrote ${path}`,
    );
    const full = sample(sampler, { batchStatistics: true });
    const other = sample(sampler, { batchStatistics: true, noiseSeed: 54321 });
    const cut = Number.isFinite(truncation)
      ? `; ${noise(truncation)}: ${scoreSummary(sample(sampler, { batchStatistics: true, truncation }))}`
      : '';
    console.log(
      `  1,000 samples of the averaged generator: ${scoreSummary(full)} (another 1,000: confidence ${other.meanConfidence.toFixed(3)}, LeNet-FID ${other.fid.toFixed(2)})${cut}`,
    );
  }
  // The headline and a second set of 1,000 (how much two sets differ), then the truncation sweep and the two ablations (running statistics, last iterate).
  const table: [string, SampleScores][] = [
    [
      `averaged generator, ${noise(truncation)}`,
      sample(average.model, { batchStatistics: true, truncation }),
    ],
    [
      `averaged generator, ${noise(truncation)}, a second set (other noise)`,
      sample(average.model, { batchStatistics: true, truncation, noiseSeed: 54321 }),
    ],
  ];
  for (const t of [Infinity, 2, 1.5, 1, 0.7, 0.5].filter((t) => t !== truncation)) {
    table.push([
      `averaged generator, ${noise(t)}`,
      sample(average.model, { batchStatistics: true, truncation: t }),
    ]);
  }
  if (!conditional) {
    table.push([
      'averaged generator, full noise, the best 1,000 of 2,000 by the discriminator',
      sample(average.model, { batchStatistics: true, reject: d }),
    ]);
  }
  table.push(['averaged generator with running statistics, full noise', sample(average.model)]);
  table.push(['last iterate (running statistics, full noise)', sample(g)]);
  console.log(
    `scores of 1,000 samples by LeNet-5 (LeNet-FID: Fréchet distance of LeNet's 84 penultimate features to the ${count(test[0].shape[0]!)} real test digits; ` +
      `${scorer.baseline.toFixed(2)} between the two halves of the real test set; mean confidence on the real test digits ${scorer.realConfidence.toFixed(3)}):`,
  );
  for (const [name, s] of table) {
    const agreement =
      s.agreement === undefined
        ? ''
        : `; LeNet-5 reads the requested digit in ${(100 * s.agreement).toFixed(1)}%`;
    console.log(
      `  ${name}: class coverage ${s.coverage}/10 (counts ${s.counts.join(' ')}), mean confidence ${s.meanConfidence.toFixed(3)}, LeNet-FID ${s.fid.toFixed(2)}${agreement}`,
    );
  }
  return 0;
}
