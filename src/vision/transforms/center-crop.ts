import type { Tensor } from '../../index.js';
import { crop } from './crop.js';
import { type ImageSize, sizePair, type Transform } from './per-image.js';

/**
 * Cuts the central `size` window of an image or of every image of a batch: the usual
 * evaluation-time view when training used random crops.
 * @example
 * const photo = rand([3, 256, 256]);
 * centerCrop(224)(photo).shape; // => [3, 224, 224]
 */
export function centerCrop(size: ImageSize): Transform {
  const [height, width] = sizePair(size, 'centerCrop');
  return (x: Tensor) => {
    const h = x.shape[x.ndim - 2] ?? 0;
    const w = x.shape[x.ndim - 1] ?? 0;
    return crop(x, Math.floor((h - height) / 2), Math.floor((w - width) / 2), height, width);
  };
}
