import type { Tensor } from '../../index.js';
import type { Transform } from './per-image.js';

/**
 * Chains transforms left to right into one, as torchvision's `Compose`.
 * @example
 * const [mean, std] = [[0.49, 0.48, 0.45], [0.25, 0.24, 0.26]]; // CIFAR-10's per channel
 * const augment = compose([randomCrop(32, { padding: 4 }), randomHorizontalFlip(), normalize(mean, std)]);
 * augment(rand([3, 32, 32])).shape; // => [3, 32, 32]
 */
export function compose(transforms: readonly Transform[]): Transform {
  const steps = [...transforms];
  return (x: Tensor) => steps.reduce((y, transform) => transform(y), x);
}
