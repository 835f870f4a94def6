import { defaultGenerator, type PadMode, pad, type Tensor, ValueError } from '../../index.js';
import { crop } from './crop.js';
import { type ImageSize, perImage, sizePair, type Transform } from './per-image.js';
import type { RandomOptions } from './random-flip.js';

export interface RandomCropOptions extends RandomOptions {
  /** Pixels added on every side before cropping (default 0). */
  padding?: number;
  /** How the padding is filled (default 'constant' zeros). */
  padMode?: PadMode;
}

/**
 * Pads each image by `padding` on every side, then cuts a `size` window at a uniformly random
 * position. Random cropping teaches the network that an object is the same wherever it sits in
 * the frame; with padding 4 on 32×32 images it is the classic CIFAR-10 augmentation.
 * @example
 * const augment = randomCrop(32, { padding: 4, generator: new Generator(0) });
 * const image = rand([3, 32, 32]);
 * augment(image).shape; // => [3, 32, 32]
 */
export function randomCrop(size: ImageSize, options: RandomCropOptions = {}): Transform {
  const [height, width] = sizePair(size, 'randomCrop');
  const padding = options.padding ?? 0;
  if (!Number.isSafeInteger(padding) || padding < 0)
    throw new ValueError(`randomCrop: padding must be a non-negative integer, got ${padding}`);
  const generator = options.generator ?? defaultGenerator;
  return (x: Tensor) =>
    perImage(x, 'randomCrop', (image) => {
      const padded =
        padding > 0 ? pad(image, [padding, padding, padding, padding], { mode: options.padMode }) : image;
      const h = padded.shape[1]!;
      const w = padded.shape[2]!;
      if (height > h || width > w)
        throw new ValueError(`randomCrop: crop ${height}×${width} is larger than the padded image ${h}×${w}`);
      const top = generator.below(h - height + 1);
      const left = generator.below(w - width + 1);
      return crop(padded, top, left, height, width);
    });
}
