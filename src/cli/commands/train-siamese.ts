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
  mineTriplets,
  PartEncoder,
  randomAffine,
  randomStrokeWidth,
  stripeRegions,
} from '../../vision/index.js';
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
import {
  AUGMENT,
  DEV_SIZE,
  parseOptions,
  SEEN,
  type SiameseOptions,
  SYMMETRIES,
  UNSEEN,
} from './siamese-options.js';

export { trainSiameseUsage } from './siamese-options.js';

/** The encoder f, and each part's code when it is a {@link PartEncoder} (else the one code). */
interface Encoder {
  network: nn.Module;
  encode: (x: Tensor) => Tensor;
  parts: (x: Tensor) => Tensor[];
}

/**
 * The encoder f: two conv blocks (16·width, 32·width channels) to a 7×7 feature map, then dense
 * layers (128·width hidden) to a `dim`-d unit code: with `stripes` S > 0 one such head for each
 * of S horizontal and S vertical bands of the map and one for the whole (a {@link PartEncoder};
 * the code is the 2S + 1 side by side), with 0 one head over the whole map.
 */
function makeEncoder(width: number, dim: number, stripes: number): Encoder {
  const [c1, c2, hidden] = [16 * width, 32 * width, 128 * width];
  const trunk = [
    new nn.Conv2d(1, c1, 5, { padding: 2 }),
    new nn.ReLU(),
    new nn.MaxPool2d(2),
    new nn.Conv2d(c1, c2, 5, { padding: 2 }),
    new nn.ReLU(),
    new nn.MaxPool2d(2),
  ];
  if (stripes > 0) {
    const regions = stripeRegions(7, stripes);
    const network = new PartEncoder(new nn.Sequential(...trunk), c2, 7, regions, { hidden, dim });
    return { network, encode: (x) => network.forward(x), parts: (x) => network.parts(x) };
  }
  const network = new nn.Sequential(
    ...trunk,
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
  return { network, encode, parts: (x) => [encode(x)] };
}

/**
 * The loss of a batch of images with their identity labels: the triplet loss over the triplets
 * mined among their codes, or the margin softmax over the identities through each part's head
 * (one per part code), averaged over the parts.
 */
function batchLoss(
  images: Tensor,
  labels: Tensor,
  encoder: Encoder,
  heads: nn.CosineLinear[],
  options: SiameseOptions,
): Tensor {
  if (options.loss === 'triplet') {
    const codes = encoder.encode(images);
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
  const losses = encoder
    .parts(images)
    .map((codes, k) =>
      marginSoftmaxLoss(heads[k]!.forward(codes), labels, { scale: options.scale, ...margin }),
    );
  return losses.reduce((sum, l) => sum.add(l)).div(losses.length);
}

/**
 * Training on P×K batches (P identities, K images of each). The softmax losses' heads (one per part
 * code, one weight row per training identity) are thrown away after training: verification uses
 * the codes alone.
 */
function trainEncoder(encoder: Encoder, identities: Identities, options: SiameseOptions): number {
  const generator = new Generator(options.seed + 1);
  const headGenerator = new Generator(options.seed + 6);
  const partCount = options.stripes > 0 ? 2 * options.stripes + 1 : 1;
  const heads = Array.from(
    { length: options.loss === 'triplet' ? 0 : partCount },
    () => new nn.CosineLinear(options.dim, identities.count, { generator: headGenerator }),
  );
  const { network } = encoder;
  const parameters = [...network.parameters(), ...heads.flatMap((h) => h.parameters())];
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
    const loss = batchLoss(options.augment ? augment(images) : images, labels, encoder, heads, options);
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

/** How the run's codes read in its first line. */
function codeName(options: SiameseOptions): string {
  if (options.stripes === 0) return `${options.dim}-d unit codes`;
  const s = options.stripes;
  return `part codes: ${options.dim}-d unit codes of ${s} horizontal and ${s} vertical stripes of the feature map and of the whole, side by side`;
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
 * digits 0–6 only (by default part codes, one per stripe of the feature map and one for the whole,
 * each with CosFace's margin softmax over 546 identities: each digit, and each digit's top or left
 * half joined to another's bottom or right half, under six symmetries of the square; on randomly
 * warped digits of random stroke widths; or with FaceNet's triplet loss), then tested on one-shot
 * verification of pairs of test digits, both of seen identities (0–6) and of identities never
 * seen in training (7–9), at a distance threshold chosen on held-out training digits of 0–6; and
 * one-shot recognition from a database holding one training image per digit. Returns the exit code.
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
  const encoder = makeEncoder(options.width, options.dim, options.stripes);
  const { network, encode } = encoder;
  const identities = identitiesOf(train, SEEN, options.identities === 'digits' ? ['identity'] : SYMMETRIES, {
    halves: options.identities === 'halves',
  });
  const threads = getNumThreads();
  const digitsInBatch = Math.min(Math.round(options.digitShare * options.perBatch), identities.digitCount);
  console.log(
    `nabla: training a siamese encoder (${count(network.numParameters())} parameters, ${codeName(options)}) with ${lossName(options)}` +
      `${augmentName(options)} on ${count(train.labels.length)} MNIST digits 0–6 as ${identitiesName(options, identities)}; ` +
      `batches of ${options.perBatch} identities × ${options.perIdentity} images${digitsInBatch > 0 ? ` (${digitsInBatch} of them whole digits)` : ''}, ` +
      `Adam lr ${options.lr} (cosine decay); backend ${getBackend().name} (${threads} thread${threads === 1 ? '' : 's'})`,
  );
  const started = performance.now();
  trainEncoder(encoder, identities, options);
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
