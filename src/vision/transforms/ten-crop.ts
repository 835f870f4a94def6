import { flip, stack, type Tensor } from '../../index.js';
import { crop } from './crop.js';
import { type ImageSize, perImage, sizePair, type Transform } from './per-image.js';

/**
 * The ten classic test-time views of an image: its four corner `size` windows and its centre one,
 * then the same five of its mirror image, stacked as `[10, channels, height, width]` (a batch
 * `[batch, channels, H, W]` gives `[batch, 10, channels, height, width]`). AlexNet averaged its
 * predictions over these ten crops.
 * @see https://papers.nips.cc/paper/4824-imagenet-classification-with-deep-convolutional-neural-networks
 * @example
 * const photo = rand([3, 256, 256]);
 * tenCrop(224)(photo).shape; // => [10, 3, 224, 224]
 */
export function tenCrop(size: ImageSize): Transform {
  const [height, width] = sizePair(size, 'tenCrop');
  const fiveCrops = (image: Tensor): Tensor[] => {
    const h = image.shape[1]!;
    const w = image.shape[2]!;
    return [
      crop(image, 0, 0, height, width),
      crop(image, 0, w - width, height, width),
      crop(image, h - height, 0, height, width),
      crop(image, h - height, w - width, height, width),
      crop(image, Math.floor((h - height) / 2), Math.floor((w - width) / 2), height, width),
    ];
  };
  return (x: Tensor) =>
    perImage(x, 'tenCrop', (image) => stack([...fiveCrops(image), ...fiveCrops(flip(image, [2]))]));
}
