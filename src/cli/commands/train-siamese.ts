import {
  div,
  Generator,
  getBackend,
  getNumThreads,
  indexSelect,
  manualSeed,
  marginSoftmaxLoss,
  modelToRaw,
  nn,
  norm,
  optim,
  ProgressBar,
  saveSafetensors,
  type Tensor,
  tripletMarginLoss,
} from '../../index.js';
import {
  bestThreshold,
  type MiningStrategy,
  mineTriplets,
  randomAffine,
  randomStrokeWidth,
  type SquareSymmetry,
} from '../../vision/index.js';
import { numberOption, outputOption, parseCommand, seedOption, UsageError } from '../args.js';
import { type Digits, digitsOf, type Identities, identitiesOf } from './siamese-digits.js';
import {
  count,
  encodeAll,
  errorsByDigits,
  pairDistances,
  percent,
  reportRecognition,
  score,
  shiftAveraged,
} from './siamese-eval.js';

export const trainSiameseUsage = `nabla train siamese [--steps 2000] [--loss cosface|triplet|arcface] [--identities halves|symmetries|digits]
                [--per-batch P] [--per-identity K] [--digit-share 0.67] [--width 1] [--dim 64] [--lr 0.001]
                [--margin M] [--scale 16] [--mining semi-hard|hard|all] [--stroke-width 0.25]
                [--pairs 2000] [--limit N] [--no-augment] [--tta] [--seed 0] [--out siamese-mnist.safetensors]
      --loss: softmax over the training identities on cosines with CosFace's margin (default 0.35) or
        ArcFace's angular one (default 0.3 rad), logits ×scale; or the triplet loss (margin 0.2, mined in the batch)
      --identities: halves: each digit 0–6, and the top half of one over the bottom half of another (or
        left beside right), under six symmetries of the square (546 identities); symmetries: the digits
        under the symmetries (42); digits: each digit (7)
      --per-batch, --per-identity: P identities × K images per batch (halves, symmetries: 24 × 4; digits: 7 × 12)
      --digit-share: the share of each batch's P identities drawn among the whole digits (halves only)
      --width: the encoder's channels ×width; --dim: the code's size
      --no-augment: no random affine warps of the training images (±15°, shift ±10%, scale 0.9–1.1, shear ±10°)
        nor stroke widths
      --stroke-width: the probability a training image's strokes are thickened, and that they are thinned
      --tta: test-time augmentation, each code is the mean of the codes of the image and its four 1-pixel shifts`;

/** Digits 0–6 are the identities seen in training; 7–9 are never seen until the test. */
const SEEN = [0, 1, 2, 3, 4, 5, 6];
const UNSEEN = [7, 8, 9];
/**
 * The symmetries of --identities halves and symmetries. flipY and rotate180 are left out: they turn a 6
 * into a 9, an identity the test must not have seen.
 */
const SYMMETRIES: readonly SquareSymmetry[] = [
  'identity',
  'rotate90',
  'rotate270',
  'flipX',
  'transpose',
  'antiTranspose',
];
/** The training warps (unless --no-augment): small enough that a digit stays the same digit. */
const AUGMENT = {
  degrees: 15,
  translate: [0.1, 0.1] as const,
  scale: [0.9, 1.1] as const,
  shear: 10,
  mode: 'bilinear' as const,
};
/** Training-split digits 0–6 held out to choose the distance threshold on (never trained on). */
const DEV_SIZE = 5000;

type SiameseLoss = 'triplet' | 'cosface' | 'arcface';
/** --margin's default for each loss: a distance, a cosine, an angle in radians. */
const MARGIN: Record<SiameseLoss, number> = { triplet: 0.2, cosface: 0.35, arcface: 0.3 };

interface SiameseOptions {
  steps: number;
  loss: SiameseLoss;
  /** The logits' scale s of cosface and arcface. */
  scale: number;
  identities: 'halves' | 'symmetries' | 'digits';
  perBatch: number;
  perIdentity: number;
  /** The share of each batch's identities drawn among the whole digits. */
  digitShare: number;
  width: number;
  dim: number;
  lr: number;
  margin: number;
  mining: MiningStrategy;
  pairs: number;
  /** At most this many images per set (training, dev, seen test, unseen test): for quick runs. */
  limit?: number;
  /** Random affine warps and stroke widths of the training images. */
  augment: boolean;
  /** The probability of a thicker, and that of a thinner, stroke (with augment). */
  strokeWidth: number;
  /** Test-time augmentation: each code averages those of the image and its four 1-pixel shifts. */
  tta: boolean;
  seed: number;
  out: string;
}

function choice<T extends string>(name: string, value: string | undefined, allowed: readonly T[]): T {
  const v = (value ?? allowed[0]) as T;
  if (!allowed.includes(v))
    throw new UsageError(`nabla train: --${name} must be ${allowed.join(' or ')}, got '${value}'`);
  return v;
}

/** A number option in [0, most]. */
function fraction(name: string, value: string | undefined, fallback: number, most = 1): number {
  const x = numberOption('train', name, value, fallback);
  if (!(x >= 0 && x <= most))
    throw new UsageError(`nabla train: --${name} must be in [0, ${most}], got ${x}`);
  return x;
}

function parseOptions(args: string[]): SiameseOptions {
  const names = [
    'steps',
    'loss',
    'scale',
    'identities',
    'per-batch',
    'per-identity',
    'width',
    'dim',
    'lr',
    'margin',
  ];
  const more = ['mining', 'pairs', 'limit', 'seed', 'out', 'digit-share', 'stroke-width'];
  const { values, flags } = parseCommand('train', args, [...names, ...more], {
    flags: ['no-augment', 'tta'],
  });
  const integer = { integer: true };
  const int = (name: string, fallback: number) =>
    numberOption('train', name, values[name], fallback, integer);
  const identities = choice('identities', values.identities, ['halves', 'symmetries', 'digits'] as const);
  const symmetries = identities !== 'digits';
  const perIdentity = int('per-identity', symmetries ? 4 : 12);
  if (perIdentity < 2)
    throw new UsageError(
      `nabla train: --per-identity must be at least 2 (a positive per anchor), got ${perIdentity}`,
    );
  const perBatch = int('per-batch', symmetries ? 24 : SEEN.length);
  // Halves: each digit and each ordered pair of two digits in two ways (7 + 2·7·6 = 91), per symmetry.
  const recipes = identities === 'halves' ? SEEN.length * (2 * SEEN.length - 1) : SEEN.length;
  const most = recipes * (symmetries ? SYMMETRIES.length : 1);
  if (perBatch < 2 || perBatch > most)
    throw new UsageError(`nabla train: --per-batch must be 2 to ${most} identities, got ${perBatch}`);
  const loss = choice('loss', values.loss, ['cosface', 'triplet', 'arcface'] as const);
  return {
    steps: int('steps', 2000),
    loss,
    scale: numberOption('train', 'scale', values.scale, 16),
    identities,
    perBatch,
    perIdentity,
    digitShare: fraction('digit-share', values['digit-share'], identities === 'halves' ? 0.67 : 0),
    width: int('width', 1),
    dim: int('dim', 64),
    lr: numberOption('train', 'lr', values.lr, 1e-3),
    margin: numberOption('train', 'margin', values.margin, MARGIN[loss]),
    mining: choice('mining', values.mining, ['semi-hard', 'hard', 'all'] as const),
    pairs: int('pairs', 2000),
    limit: values.limit === undefined ? undefined : int('limit', 0),
    augment: !flags.has('no-augment'),
    strokeWidth: fraction('stroke-width', values['stroke-width'], 0.25, 0.5),
    tta: flags.has('tta'),
    seed: seedOption('train', values.seed),
    out: outputOption('train', 'out', values.out, 'siamese-mnist.safetensors'),
  };
}

/**
 * The encoder f: two conv blocks (16·width, 32·width channels) and two dense layers (128·width
 * hidden) to a `dim`-d code on the unit sphere.
 */
function makeEncoder(width: number, dim: number): { network: nn.Sequential; encode: (x: Tensor) => Tensor } {
  const [c1, c2, hidden] = [16 * width, 32 * width, 128 * width];
  const network = new nn.Sequential(
    new nn.Conv2d(1, c1, 5, { padding: 2 }),
    new nn.ReLU(),
    new nn.MaxPool2d(2),
    new nn.Conv2d(c1, c2, 5, { padding: 2 }),
    new nn.ReLU(),
    new nn.MaxPool2d(2),
    new nn.Flatten(),
    new nn.Linear(c2 * 7 * 7, hidden),
    new nn.ReLU(),
    new nn.Linear(hidden, dim),
  );
  // Unit-length codes make the distance scale (and so the margin and threshold) independent of training.
  const encode = (x: Tensor) => {
    const y = network.forward(x);
    return div(y, norm(y, 2, -1, true).add(1e-12));
  };
  return { network, encode };
}

/**
 * The loss of a batch of unit codes with their identity labels: the triplet loss over the triplets
 * mined in the batch, or the margin softmax over the identities through `head`'s cosines.
 */
function batchLoss(codes: Tensor, labels: Tensor, head: nn.CosineLinear, options: SiameseOptions): Tensor {
  if (options.loss === 'triplet') {
    const t = mineTriplets(codes, labels, options.mining);
    return tripletMarginLoss(
      indexSelect(codes, 0, t.anchor),
      indexSelect(codes, 0, t.positive),
      indexSelect(codes, 0, t.negative),
      { margin: options.margin },
    );
  }
  const margin =
    options.loss === 'cosface' ? { cosineMargin: options.margin } : { angularMargin: options.margin };
  return marginSoftmaxLoss(head.forward(codes), labels, { scale: options.scale, ...margin });
}

/**
 * Training on P×K batches (P identities, K images of each). The softmax losses' head (one weight
 * row per training identity) is thrown away after training: verification uses the codes alone.
 */
function trainEncoder(
  encode: (x: Tensor) => Tensor,
  network: nn.Module,
  identities: Identities,
  options: SiameseOptions,
): number {
  const generator = new Generator(options.seed + 1);
  const head = new nn.CosineLinear(options.dim, identities.count, {
    generator: new Generator(options.seed + 6),
  });
  const parameters = [...network.parameters(), ...(options.loss === 'triplet' ? [] : head.parameters())];
  const optimizer = new optim.Adam(parameters, { lr: options.lr });
  const scheduler = new optim.CosineAnnealingLR(optimizer, options.steps);
  const bar = new ProgressBar({ total: options.steps });
  const warp = randomAffine({ ...AUGMENT, generator: new Generator(options.seed + 5) });
  const strokes = randomStrokeWidth({ p: options.strokeWidth, generator: new Generator(options.seed + 7) });
  const augment = (x: Tensor) => (options.strokeWidth > 0 ? strokes(warp(x)) : warp(x));
  network.train();
  let smoothed = Number.NaN;
  for (let step = 0; step < options.steps; step++) {
    const { perBatch, perIdentity, digitShare } = options;
    const { images, labels } = identities.batch(perBatch, perIdentity, generator, digitShare);
    optimizer.zeroGrad();
    const codes = encode(options.augment ? augment(images) : images);
    const loss = batchLoss(codes, labels, head, options);
    loss.backward();
    optimizer.step();
    scheduler.step();
    smoothed = Number.isNaN(smoothed) ? loss.item() : 0.95 * smoothed + 0.05 * loss.item();
    bar.update(step + 1, { loss: smoothed });
  }
  bar.done({ loss: smoothed });
  return smoothed;
}

/** How the run's loss reads in its first line. */
function lossName(options: SiameseOptions): string {
  if (options.loss === 'triplet')
    return `the triplet loss (margin ${options.margin}, ${options.mining} mining)`;
  const margin =
    options.loss === 'cosface' ? `cosine margin ${options.margin}` : `angular margin ${options.margin} rad`;
  return `${options.loss === 'cosface' ? 'CosFace' : 'ArcFace'}'s softmax over the identities (${margin}, scale ${options.scale})`;
}

/** How the run's augmentation reads in its first line. */
function augmentName(options: SiameseOptions): string {
  if (!options.augment) return '';
  return options.strokeWidth > 0
    ? ` and random affine warps and stroke widths (thicker or thinner, p ${options.strokeWidth} each)`
    : ' and random affine warps';
}

/** How the run's identities read in its first line. */
function identitiesName(options: SiameseOptions, identities: Identities): string {
  const n = count(identities.count);
  if (options.identities === 'digits') return `${n} identities`;
  const under = `${SYMMETRIES.length} symmetries of the square`;
  if (options.identities === 'symmetries') return `${n} identities (each digit under ${under})`;
  return `${n} identities (each digit, and the top half of one over the bottom half of another or left half beside right half, under ${under}: ${count(identities.digitCount)} whole digits)`;
}

/**
 * The course's face verification with MNIST digits as the identities: an encoder trained on
 * digits 0–6 only (by default with CosFace's margin softmax over 546 identities: each digit, and
 * each digit's top or left half joined to another's bottom or right half, under six symmetries of
 * the square; on randomly warped digits of random stroke widths; or with FaceNet's triplet loss),
 * then tested on one-shot verification of pairs
 * of test digits, both of seen identities (0–6) and of identities never seen in training (7–9),
 * at a distance threshold chosen on held-out training digits of 0–6; and one-shot recognition
 * from a database holding one training image per digit. Returns the exit code.
 * @example
 * trainSiamese(['--steps', '5', '--pairs', '200', '--limit', '1000', '--out', 'siamese.safetensors']); // => 0
 */
export function trainSiamese(args: string[]): number {
  const options = parseOptions(args);
  manualSeed(options.seed);
  const seenTrain = digitsOf('train', (l) => SEEN.includes(l), options.limit && 2 * options.limit);
  const cut = seenTrain.labels.length - Math.min(DEV_SIZE, Math.floor(seenTrain.labels.length / 2));
  const train: Digits = {
    images: seenTrain.images.subarray(0, cut * 784),
    labels: seenTrain.labels.slice(0, cut),
  };
  const dev: Digits = { images: seenTrain.images.subarray(cut * 784), labels: seenTrain.labels.slice(cut) };
  const { network, encode } = makeEncoder(options.width, options.dim);
  const identities = identitiesOf(train, SEEN, options.identities === 'digits' ? ['identity'] : SYMMETRIES, {
    halves: options.identities === 'halves',
  });
  const threads = getNumThreads();
  const digitsInBatch = Math.min(Math.round(options.digitShare * options.perBatch), identities.digitCount);
  console.log(
    `nabla: training a siamese encoder (${count(network.numParameters())} parameters, ${options.dim}-d unit codes) with ${lossName(options)}` +
      `${augmentName(options)} on ${count(train.labels.length)} MNIST digits 0–6 as ${identitiesName(options, identities)}; ` +
      `batches of ${options.perBatch} identities × ${options.perIdentity} images${digitsInBatch > 0 ? ` (${digitsInBatch} of them whole digits)` : ''}, ` +
      `Adam lr ${options.lr} (cosine decay); backend ${getBackend().name} (${threads} thread${threads === 1 ? '' : 's'})`,
  );
  const started = performance.now();
  trainEncoder(encode, network, identities, options);
  console.log(
    `trained ${count(options.steps)} steps in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  network.eval();
  const encodeTest = options.tta ? shiftAveraged(encode) : encode;
  if (options.tta)
    console.log('test-time augmentation: each code averages the image and its four 1-pixel shifts');
  const devPairs = pairDistances(encodeAll(encodeTest, dev), dev, options.pairs, options.seed + 2);
  const { threshold, accuracy } = bestThreshold(devPairs.distances, devPairs.same);
  console.log(
    `threshold ${threshold.toFixed(4)} chosen on ${count(options.pairs)} dev pairs of held-out training digits 0–6 (${percent(accuracy)})`,
  );
  const seenTest = digitsOf('test', (l) => SEEN.includes(l), options.limit);
  const unseenTest = digitsOf('test', (l) => UNSEEN.includes(l), options.limit);
  const seenPairs = pairDistances(encodeAll(encodeTest, seenTest), seenTest, options.pairs, options.seed + 3);
  const unseenPairs = pairDistances(
    encodeAll(encodeTest, unseenTest),
    unseenTest,
    options.pairs,
    options.seed + 4,
  );
  console.log(`verification, seen digits 0–6 (test images): ${score(seenPairs, threshold)}`);
  console.log(`verification, unseen digits 7–9 (never trained on): ${score(unseenPairs, threshold)}`);
  // Not a result: a threshold fitted on the test pairs themselves shows how much of the gap is
  // the threshold's placement and how much the codes' ranking (the AUC).
  const oracle = bestThreshold(unseenPairs.distances, unseenPairs.same);
  console.log(
    `  (diagnosis only: the best threshold for these very pairs, ${oracle.threshold.toFixed(4)}, would give ${percent(oracle.accuracy)})`,
  );
  console.log(`  errors by the pair's digits: ${errorsByDigits(unseenPairs, threshold)}`);
  reportRecognition(encodeTest, threshold, unseenTest, UNSEEN);
  saveSafetensors(options.out, modelToRaw(network), {
    format: 'nabla-model',
    architecture: 'siamese-encoder',
  });
  console.log(`saved the encoder to ${options.out}`);
  return 0;
}
