import { existsSync } from 'node:fs';
import { classifierScores, forEachBatch, frechetDistance } from '../../generative/index.js';
import {
  accuracy,
  arange,
  cat,
  crossEntropy,
  Generator,
  manualSeed,
  nn,
  noGrad,
  optim,
  softmax,
  type Tensor,
} from '../../index.js';
import { lenet5 } from '../../models/lenet5.js';
import { loadModel, saveModel } from '../../models/model-file.js';

/** Applies f to x in batches of 500 without gradients and joins the results. */
export function batched(x: Tensor, f: (b: Tensor) => Tensor): Tensor {
  return noGrad(() => {
    const parts: Tensor[] = [];
    for (let s = 0; s < x.shape[0]!; s += 500) parts.push(f(x.narrow(0, s, Math.min(500, x.shape[0]! - s))));
    return cat(parts, 0);
  });
}

/** [0, 1, …, n − 1] as an int32 column, to shuffle rows of several tensors together with forEachBatch. */
export function rowIndex(n: number): Tensor {
  return arange(0, n, 1, { dtype: 'int32' }).reshape([n, 1]);
}

/**
 * The LeNet-5 that scores generated digits (`nabla train gan`, `nabla train dbn`): loaded from
 * `path`, or trained for 2 epochs (Adam, lr 1e-3, batch 64) on the training digits `train` and
 * saved there. `test` reports its accuracy when it is trained.
 */
export function scoringLenet(
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

/** How one set of generated digits scores. */
export interface SampleScores {
  coverage: number;
  counts: number[];
  meanConfidence: number;
  fid: number;
  /** Share of the samples LeNet-5 reads as the requested digit (when digits were requested). */
  agreement?: number;
  /** Per requested digit: the share LeNet-5 reads as that digit (when digits were requested). */
  perClass?: number[];
}

/**
 * Scores generated digits with LeNet-5: class coverage (classes LeNet finds), mean confidence
 * (LeNet's mean top-class probability) and LeNet-FID (the Fréchet distance of LeNet's 84
 * penultimate features to the real test digits').
 */
export class LenetScorer {
  readonly features: nn.Sequential;
  readonly realFeatures: Tensor;
  /** LeNet-FID between the two halves of the real test digits: the scale for generated ones. */
  readonly baseline: number;
  /** LeNet-5's mean confidence on the real test digits: the ceiling for generated ones. */
  readonly realConfidence: number;

  constructor(
    readonly lenet: nn.Sequential,
    realTest: Tensor,
  ) {
    lenet.eval();
    this.features = new nn.Sequential(...lenet.layers.slice(0, -1)); // LeNet's 84 penultimate units
    this.realFeatures = batched(realTest, (x) => this.features.forward(x));
    const half = Math.floor(realTest.shape[0]! / 2);
    this.baseline = frechetDistance(
      this.realFeatures.narrow(0, 0, half),
      this.realFeatures.narrow(0, half, half),
    );
    this.realConfidence = classifierScores(
      batched(realTest, (x) => softmax(lenet.forward(x), 1)),
    ).meanConfidence;
  }

  /**
   * Scores `images` [n, 1, 28, 28] with pixels in [0, 1]; with `asked` (int32 [n], the digit each
   * image was generated as), also how often LeNet-5 reads that digit, overall and per digit.
   */
  score(images: Tensor, asked?: Tensor): SampleScores {
    const probabilities = batched(images, (x) => softmax(this.lenet.forward(x), 1));
    const { coverage, counts, meanConfidence } = classifierScores(probabilities);
    const fid = frechetDistance(
      batched(images, (x) => this.features.forward(x)),
      this.realFeatures,
    );
    if (!asked) return { coverage, counts, meanConfidence, fid };
    const predicted = probabilities.argmax(1).data();
    const wanted = asked.data();
    const [hits, total] = [new Array<number>(10).fill(0), new Array<number>(10).fill(0)];
    wanted.forEach((w, i) => {
      total[w]! += 1;
      if (predicted[i] === w) hits[w]! += 1;
    });
    const agreement = hits.reduce((s, h) => s + h, 0) / wanted.length;
    const perClass = hits.map((h, c) => (total[c]! > 0 ? h / total[c]! : Number.NaN));
    return { coverage, counts, meanConfidence, fid, agreement, perClass };
  }
}

/** "class coverage 10/10, mean confidence 0.912, LeNet-FID 5.46". */
export const scoreSummary = (s: SampleScores): string =>
  `class coverage ${s.coverage}/10, mean confidence ${s.meanConfidence.toFixed(3)}, LeNet-FID ${s.fid.toFixed(2)}`;
