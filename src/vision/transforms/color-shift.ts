import { add, defaultGenerator, type Tensor, tensor, ValueError } from '../../index.js';
import { perImage, type Transform } from './per-image.js';
import type { RandomOptions } from './random-flip.js';

export interface ColorShiftOptions extends RandomOptions {
  /** Each channel moves by a uniform offset in [−maxShift, maxShift] (default 0.1, on a [0, 1] scale). */
  maxShift?: number;
}

/**
 * Adds a random offset to each colour channel of each image (the same offset over the whole
 * image), the course's "colour shifting": e.g. +20 red, −20 green, +20 blue on a 0–255 scale.
 * The network becomes robust to the tint of the light and of the camera. Values are not clamped.
 * @example
 * const augment = colorShift({ maxShift: 0.08, generator: new Generator(0) });
 * const photo = rand([3, 32, 32]);
 * augment(photo).shape; // => [3, 32, 32]
 */
export function colorShift(options: ColorShiftOptions = {}): Transform {
  const maxShift = options.maxShift ?? 0.1;
  if (!(maxShift >= 0 && Number.isFinite(maxShift)))
    throw new ValueError(`colorShift: maxShift must be a finite number ≥ 0, got ${maxShift}`);
  const generator = options.generator ?? defaultGenerator;
  return (x: Tensor) =>
    perImage(x, 'colorShift', (image) => {
      const channels = image.shape[0]!;
      const offsets = Array.from({ length: channels }, () => (2 * generator.uniform() - 1) * maxShift);
      return add(image, tensor(offsets, { dtype: image.dtype, shape: [channels, 1, 1] }));
    });
}
