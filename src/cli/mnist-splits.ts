import { Generator, loadMnist, randomSplit, type TensorDataset } from '../index.js';

/** How `nabla train` split MNIST's training digits; saved in the model file so the split can be rebuilt. */
export interface TrainingSplit {
  seed: number;
  /** Training digits used (all 60,000 when absent). */
  limit?: number;
  /** Digits carved from the training split as a train-dev set (0 or absent: none). */
  trainDev?: number;
}

export interface MnistSplits {
  train: TensorDataset;
  trainDev: TensorDataset;
  dev: TensorDataset;
}

/**
 * MNIST's training digits split into train, train-dev and dev (a twelfth, at least one) by one
 * shuffle seeded with `seed`: the same call gives the same split, which `nabla diagnose` relies on.
 */
export function mnistSplits(
  { seed, limit, trainDev = 0 }: TrainingSplit,
  shape: 'flat' | 'image',
): MnistSplits {
  const all = loadMnist('train', { limit, shape });
  const devSize = Math.max(1, Math.round(all.length / 12));
  const [train, trainDevSet, dev] = randomSplit(all, [all.length - devSize - trainDev, trainDev, devSize], {
    generator: new Generator(seed),
  });
  return { train: train!, trainDev: trainDevSet!, dev: dev! };
}
