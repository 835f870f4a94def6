import {
  div,
  Generator,
  getBackend,
  getNumThreads,
  indexSelect,
  loadMnistRaw,
  manualSeed,
  modelToRaw,
  nn,
  noGrad,
  norm,
  optim,
  ProgressBar,
  rocAuc,
  saveSafetensors,
  type Tensor,
  tensor,
  tripletMarginLoss,
} from '../../index.js';
import {
  bestThreshold,
  IdentityDatabase,
  type MiningStrategy,
  mineTriplets,
  randomAffine,
  verificationPairs,
  verify,
} from '../../vision/index.js';
import { numberOption, outputOption, parseCommand, seedOption, UsageError } from '../args.js';

export const trainSiameseUsage = `nabla train siamese [--steps 1500] [--per-digit 12] [--lr 0.001] [--margin 0.2] [--mining semi-hard|hard|all]
                [--pairs 2000] [--limit N] [--augment] [--seed 0] [--out siamese-mnist.safetensors]
      --augment: each training digit gets a random affine warp (±15°, shift ±10%, scale 0.9–1.1, shear ±10°)`;

/** Digits 0–6 are the identities seen in training; 7–9 are never seen until the test. */
const SEEN = [0, 1, 2, 3, 4, 5, 6];
const UNSEEN = [7, 8, 9];
/** The warps of --augment: small enough that a digit stays the same digit. */
const AUGMENT = {
  degrees: 15,
  translate: [0.1, 0.1] as const,
  scale: [0.9, 1.1] as const,
  shear: 10,
  mode: 'bilinear' as const,
};
/** Training-split digits 0–6 held out to choose the distance threshold on (never trained on). */
const DEV_SIZE = 5000;

interface SiameseOptions {
  steps: number;
  perDigit: number;
  lr: number;
  margin: number;
  mining: MiningStrategy;
  pairs: number;
  /** At most this many images per set (training, dev, seen test, unseen test): for quick runs. */
  limit?: number;
  /** Random affine warps of the training digits. */
  augment: boolean;
  seed: number;
  out: string;
}

function parseOptions(args: string[]): SiameseOptions {
  const names = ['steps', 'per-digit', 'lr', 'margin', 'mining', 'pairs', 'limit', 'seed', 'out'];
  const { values, flags } = parseCommand('train', args, names, { flags: ['augment'] });
  const integer = { integer: true };
  const mining = (values.mining ?? 'semi-hard') as MiningStrategy;
  if (!['semi-hard', 'hard', 'all'].includes(mining))
    throw new UsageError(`nabla train: --mining must be semi-hard, hard or all, got '${mining}'`);
  const seed = seedOption('train', values.seed);
  const perDigit = numberOption('train', 'per-digit', values['per-digit'], 12, integer);
  if (perDigit < 2)
    throw new UsageError(
      `nabla train: --per-digit must be at least 2 (a positive per anchor), got ${perDigit}`,
    );
  return {
    steps: numberOption('train', 'steps', values.steps, 1500, integer),
    perDigit,
    lr: numberOption('train', 'lr', values.lr, 1e-3),
    margin: numberOption('train', 'margin', values.margin, 0.2),
    mining,
    pairs: numberOption('train', 'pairs', values.pairs, 2000, integer),
    limit: values.limit === undefined ? undefined : numberOption('train', 'limit', values.limit, 0, integer),
    augment: flags.has('augment'),
    seed,
    out: outputOption('train', 'out', values.out, 'siamese-mnist.safetensors'),
  };
}

/** Digit images as [n, 1, 28, 28] floats in [0, 1] with their labels. */
interface Digits {
  images: Float32Array;
  labels: number[];
}

const loaded = new Map<string, ReturnType<typeof loadMnistRaw>>();

/** The images of `split` whose labels pass `keep`, the first `limit` of them when given. */
function digitsOf(split: 'train' | 'test', keep: (label: number) => boolean, limit?: number): Digits {
  if (!loaded.has(split)) loaded.set(split, loadMnistRaw(split));
  const raw = loaded.get(split)!;
  const picked = Array.from({ length: raw.count }, (_, i) => i)
    .filter((i) => keep(raw.labels[i]!))
    .slice(0, limit);
  const images = new Float32Array(picked.length * 784);
  picked.forEach((src, k) => {
    for (let p = 0; p < 784; p++) images[k * 784 + p] = raw.images[src * 784 + p]! / 255;
  });
  return { images, labels: picked.map((i) => raw.labels[i]!) };
}

function batchOf(digits: Digits, indices: readonly number[]): Tensor {
  const data = new Float32Array(indices.length * 784);
  indices.forEach((i, k) => {
    data.set(digits.images.subarray(i * 784, (i + 1) * 784), k * 784);
  });
  return tensor(data, { shape: [indices.length, 1, 28, 28] });
}

/** The encoder f: two conv blocks and two dense layers to a 64-d code on the unit sphere. */
function makeEncoder(): { network: nn.Sequential; encode: (x: Tensor) => Tensor } {
  const network = new nn.Sequential(
    new nn.Conv2d(1, 16, 5, { padding: 2 }),
    new nn.ReLU(),
    new nn.MaxPool2d(2),
    new nn.Conv2d(16, 32, 5, { padding: 2 }),
    new nn.ReLU(),
    new nn.MaxPool2d(2),
    new nn.Flatten(),
    new nn.Linear(32 * 7 * 7, 128),
    new nn.ReLU(),
    new nn.Linear(128, 64),
  );
  // Unit-length codes make the distance scale (and so the margin and threshold) independent of training.
  const encode = (x: Tensor) => {
    const y = network.forward(x);
    return div(y, norm(y, 2, -1, true).add(1e-12));
  };
  return { network, encode };
}

/** Triplet-loss training on P×K batches: every seen digit, `perDigit` images of each. */
function trainEncoder(
  encode: (x: Tensor) => Tensor,
  network: nn.Module,
  digits: Digits,
  options: SiameseOptions,
): number {
  const byDigit = SEEN.map((d) => digits.labels.flatMap((l, i) => (l === d ? [i] : [])));
  const generator = new Generator(options.seed + 1);
  const optimizer = new optim.Adam(network.parameters(), { lr: options.lr });
  const scheduler = new optim.CosineAnnealingLR(optimizer, options.steps);
  const bar = new ProgressBar({ total: options.steps });
  const warp = randomAffine({ ...AUGMENT, generator: new Generator(options.seed + 5) });
  network.train();
  let smoothed = Number.NaN;
  for (let step = 0; step < options.steps; step++) {
    const indices = byDigit.flatMap((pool) =>
      Array.from({ length: options.perDigit }, () => pool[generator.below(pool.length)]!),
    );
    const labels = tensor(Int32Array.from(indices, (i) => digits.labels[i]!));
    optimizer.zeroGrad();
    const batch = batchOf(digits, indices);
    const codes = encode(options.augment ? warp(batch) : batch);
    const t = mineTriplets(codes, labels, options.mining);
    const loss = tripletMarginLoss(
      indexSelect(codes, 0, t.anchor),
      indexSelect(codes, 0, t.positive),
      indexSelect(codes, 0, t.negative),
      { margin: options.margin },
    );
    loss.backward();
    optimizer.step();
    scheduler.step();
    smoothed = Number.isNaN(smoothed) ? loss.item() : 0.95 * smoothed + 0.05 * loss.item();
    bar.update(step + 1, { loss: smoothed });
  }
  bar.done({ loss: smoothed });
  return smoothed;
}

/** Encodes every image of `digits`, 1,000 at a time, without a graph. */
function encodeAll(encode: (x: Tensor) => Tensor, digits: Digits): Tensor {
  const n = digits.labels.length;
  const parts: Float32Array[] = [];
  for (let at = 0; at < n; at += 1000) {
    const indices = Array.from({ length: Math.min(1000, n - at) }, (_, k) => at + k);
    parts.push(Float32Array.from(noGrad(() => encode(batchOf(digits, indices))).data()));
  }
  const all = new Float32Array(n * 64);
  parts.forEach((p, k) => {
    all.set(p, k * 1000 * 64);
  });
  return tensor(all, { shape: [n, 64] });
}

/** Distances and same/different truths of `count` seeded pairs drawn from `digits`. */
function pairDistances(
  codes: Tensor,
  digits: Digits,
  count: number,
  seed: number,
): { distances: number[]; same: boolean[] } {
  const pairs = verificationPairs(digits.labels, count, new Generator(seed));
  const pick = (ix: number[]) => indexSelect(codes, 0, tensor(Int32Array.from(ix)));
  // verify's own threshold is irrelevant here: only the distances are used.
  const { distance } = verify(pick(pairs.first), pick(pairs.second), 1);
  return { distances: [...distance.data()], same: pairs.same };
}

const percent = (x: number): string => `${(100 * x).toFixed(2)}%`;
const count = (n: number): string => n.toLocaleString('en-US');

/** Accuracy at `threshold` and ROC AUC (score −distance) of a set of pairs. */
function score(pairs: { distances: number[]; same: boolean[] }, threshold: number): string {
  const right = pairs.distances.filter((d, i) => d < threshold === pairs.same[i]).length;
  const auc = rocAuc(tensor(pairs.distances.map((d) => -d)), tensor(pairs.same.map(Number)));
  return `accuracy ${percent(right / pairs.distances.length)} on ${count(pairs.distances.length)} pairs, ROC AUC ${auc.toFixed(4)}`;
}

/**
 * The course's face verification with MNIST digits as the identities: an encoder trained with
 * the triplet loss (FaceNet) on digits 0–6 only, then tested on one-shot verification of pairs
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
  const { network, encode } = makeEncoder();
  const threads = getNumThreads();
  console.log(
    `nabla: training a siamese encoder (${count(network.numParameters())} parameters, 64-d unit codes) with the triplet loss ` +
      `(margin ${options.margin}, ${options.mining} mining${options.augment ? ', random affine warps' : ''}) on ${count(train.labels.length)} MNIST digits 0–6; batches of ${options.perDigit} per digit, ` +
      `Adam lr ${options.lr} (cosine decay); backend ${getBackend().name} (${threads} thread${threads === 1 ? '' : 's'})`,
  );
  const started = performance.now();
  trainEncoder(encode, network, train, options);
  console.log(
    `trained ${count(options.steps)} steps in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  network.eval();
  const devPairs = pairDistances(encodeAll(encode, dev), dev, options.pairs, options.seed + 2);
  const { threshold, accuracy } = bestThreshold(devPairs.distances, devPairs.same);
  console.log(
    `threshold ${threshold.toFixed(4)} chosen on ${count(options.pairs)} dev pairs of held-out training digits 0–6 (${percent(accuracy)})`,
  );
  const seenTest = digitsOf('test', (l) => SEEN.includes(l), options.limit);
  const unseenTest = digitsOf('test', (l) => UNSEEN.includes(l), options.limit);
  const seenPairs = pairDistances(encodeAll(encode, seenTest), seenTest, options.pairs, options.seed + 3);
  const unseenPairs = pairDistances(
    encodeAll(encode, unseenTest),
    unseenTest,
    options.pairs,
    options.seed + 4,
  );
  console.log(`verification, seen digits 0–6 (test images): ${score(seenPairs, threshold)}`);
  console.log(`verification, unseen digits 7–9 (never trained on): ${score(unseenPairs, threshold)}`);
  reportRecognition(encode, threshold, unseenTest);
  saveSafetensors(options.out, modelToRaw(network), {
    format: 'nabla-model',
    architecture: 'siamese-encoder',
  });
  console.log(`saved the encoder to ${options.out}`);
  return 0;
}

/** One-shot recognition of the unseen digits: one training image each in the database. */
function reportRecognition(encode: (x: Tensor) => Tensor, threshold: number, test: Digits): void {
  const shots = digitsOf('train', (l) => UNSEEN.includes(l));
  const db = new IdentityDatabase(encode, { threshold });
  for (const d of UNSEEN) db.add(String(d), batchOf(shots, [shots.labels.indexOf(d)]).select(0, 0));
  let right = 0;
  let unknown = 0;
  for (let at = 0; at < test.labels.length; at += 1000) {
    const indices = Array.from({ length: Math.min(1000, test.labels.length - at) }, (_, k) => at + k);
    db.recognize(batchOf(test, indices)).forEach((r, k) => {
      if (r.identity === String(test.labels[indices[k]!])) right++;
      if (r.identity === null) unknown++;
    });
  }
  console.log(
    `one-shot recognition of unseen digits 7–9 from one image each: ${percent(right / test.labels.length)} of ${count(test.labels.length)} test digits ` +
      `(${count(unknown)} judged "not in the database")`,
  );
}
