import { defaultGenerator, flip, type Generator, type Tensor } from '../../index.js';
import { checkProbability, perImage, type Transform } from './per-image.js';

export interface RandomOptions {
  /** The generator the random draws come from (default: the global one, seeded by `manualSeed`). */
  generator?: Generator;
}

function randomFlip(p: number, axisFromEnd: number, op: string, options: RandomOptions): Transform {
  checkProbability(p, op);
  const generator = options.generator ?? defaultGenerator;
  return (x: Tensor) =>
    perImage(x, op, (image) => (generator.uniform() < p ? flip(image, [image.ndim - axisFromEnd]) : image));
}

/**
 * Mirrors each image left–right with probability `p`. Mirroring is the cheapest data
 * augmentation the course teaches: a mirrored cat is still a cat, so the training set doubles for
 * free in most vision tasks (not for text or digits, where mirroring changes the label).
 * @example
 * const augment = randomHorizontalFlip(0.5, { generator: new Generator(0) });
 * const image = rand([3, 8, 8]);
 * const y = augment(image); // [3, 8, 8], mirrored half of the time
 */
export function randomHorizontalFlip(p = 0.5, options: RandomOptions = {}): Transform {
  return randomFlip(p, 1, 'randomHorizontalFlip', options);
}

/**
 * Flips each image upside down with probability `p`: for images with no natural "up" (aerial,
 * microscope or satellite photos), where the flipped image is as likely as the original.
 * @example
 * const augment = randomVerticalFlip(0.5, { generator: new Generator(0) });
 */
export function randomVerticalFlip(p = 0.5, options: RandomOptions = {}): Transform {
  return randomFlip(p, 2, 'randomVerticalFlip', options);
}
