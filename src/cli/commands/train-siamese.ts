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
import { bestThreshold, mineTriplets, randomAffine, randomStrokeWidth } from '../../vision/index.js';
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
