import type { Tensor } from '../../index.js';
import type { Transform } from './per-image.js';

/**
 * Chains transforms left to right into one, as torchvision's `Compose`.
 * @example
 * const augment = compose([randomCrop(32, { padding: 4 }), randomHorizontalFlip(), normalize(mean, std)]);
 * augment(image);
 */
export function compose(transforms: readonly Transform[]): Transform {
  const steps = [...transforms];
  return (x: Tensor) => steps.reduce((y, transform) => transform(y), x);
}
