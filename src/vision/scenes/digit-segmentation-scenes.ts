import { type Tensor, tensor, ValueError } from '../../index.js';
import { type DigitScenes, type DigitScenesOptions, type DigitSource, renderScenes } from './digit-scenes.js';

/** Options of {@link digitSegmentationScenes}: those of `digitScenes` and the ink threshold. */
export interface DigitSegmentationScenesOptions extends DigitScenesOptions {
  /** A digit's pixels are those where its drawn ink (in [0, 1]) is above this (default 0.5). */
  threshold?: number;
}

/** Scenes of digits with a class for every pixel. */
export interface DigitSegmentationScenes extends DigitScenes {
  /** Per-pixel classes [count, size, size] int32: 0 is background, 1 + d a pixel of digit d. */
  masks: Tensor;
}

/**
 * The scenes of `digitScenes` (same options, same seed, same images and boxes) with per-pixel
 * labels for semantic segmentation, 11 classes: 0 for background and 1 + d for the pixels of a
 * digit d, namely those inside its box where its ink is above `threshold`. Where two digits'
 * boxes overlap, a pixel belongs to the one drawn brighter there (the image keeps the brighter ink).
 * @example
 * const source = { images: new Uint8Array(784).fill(255), labels: Uint8Array.of(3), count: 1 };
 * const { images, masks } = digitSegmentationScenes(source, 2, { size: 32, minScale: 8, maxScale: 16, seed: 1 });
 * masks.shape; // => [2, 32, 32]
 * masks.max().item(); // => 4
 */
export function digitSegmentationScenes(
  source: DigitSource,
  count: number,
  options: DigitSegmentationScenesOptions = {},
): DigitSegmentationScenes {
  const { threshold = 0.5, ...sceneOptions } = options;
  if (!(threshold >= 0 && threshold < 1))
    throw new ValueError(`digitSegmentationScenes: threshold must be in [0, 1), got ${threshold}`);
  const { scenes, masks } = renderScenes(source, count, sceneOptions, threshold);
  const size = scenes.images.shape[2]!;
  return { ...scenes, masks: tensor(masks!, { shape: [count, size, size], dtype: 'int32' }) };
}
