import {
  defaultGenerator,
  type Generator,
  interpolate,
  squeeze,
  type Tensor,
  unsqueeze,
  ValueError,
} from '../../index.js';
import { crop } from './crop.js';
import { type ImageSize, perImage, sizePair, type Transform } from './per-image.js';
import type { RandomOptions } from './random-flip.js';

export interface RandomResizedCropOptions extends RandomOptions {
  /** The range of the crop's area as a fraction of the image's (default [0.08, 1]). */
  scale?: readonly [number, number];
  /** The range of the crop's width/height aspect ratio, sampled log-uniformly (default [3/4, 4/3]). */
  ratio?: readonly [number, number];
}

interface Window {
  top: number;
  left: number;
  height: number;
  width: number;
}

/**
 * Draws a window as Inception does: up to ten tries at a random area and log-uniform aspect
 * ratio; if none fits, the largest centred window whose ratio is clamped into range.
 */
function sampleWindow(
  h: number,
  w: number,
  scale: readonly number[],
  ratio: readonly number[],
  g: Generator,
): Window {
  const logLo = Math.log(ratio[0]!);
  const logHi = Math.log(ratio[1]!);
  for (let attempt = 0; attempt < 10; attempt++) {
    const area = h * w * (scale[0]! + (scale[1]! - scale[0]!) * g.uniform());
    const aspect = Math.exp(logLo + (logHi - logLo) * g.uniform());
    const width = Math.round(Math.sqrt(area * aspect));
    const height = Math.round(Math.sqrt(area / aspect));
    if (width > 0 && width <= w && height > 0 && height <= h)
      return { top: g.below(h - height + 1), left: g.below(w - width + 1), height, width };
  }
  const aspect = w / h;
  let width = w;
  let height = h;
  if (aspect < ratio[0]!) height = Math.round(w / ratio[0]!);
  else if (aspect > ratio[1]!) width = Math.round(h * ratio[1]!);
  return { top: Math.floor((h - height) / 2), left: Math.floor((w - width) / 2), height, width };
}

function checkRange(range: readonly number[], name: string, upper: number): void {
  const [lo, hi] = range;
  if (range.length !== 2 || !(lo! > 0 && lo! <= hi! && hi! <= upper))
    throw new ValueError(
      `randomResizedCrop: ${name} must be [low, high] with 0 < low ≤ high ≤ ${upper}, got ${JSON.stringify(range)}`,
    );
}

/**
 * Cuts a window of random area (a fraction `scale` of the image) and aspect ratio (`ratio`) and
 * resizes it to `size` bilinearly: the Inception/ResNet ImageNet augmentation, which shows the
 * network objects at many scales and proportions so it stops relying on one framing.
 * @see https://arxiv.org/abs/1409.4842
 * @example
 * const augment = randomResizedCrop(224, { generator: new Generator(0) });
 * const photo = rand([3, 256, 320]);
 * augment(photo).shape; // => [3, 224, 224]
 */
export function randomResizedCrop(size: ImageSize, options: RandomResizedCropOptions = {}): Transform {
  const [height, width] = sizePair(size, 'randomResizedCrop');
  const scale = options.scale ?? [0.08, 1];
  const ratio = options.ratio ?? [3 / 4, 4 / 3];
  checkRange(scale, 'scale', 1);
  checkRange(ratio, 'ratio', Number.POSITIVE_INFINITY);
  const generator = options.generator ?? defaultGenerator;
  return (x: Tensor) =>
    perImage(x, 'randomResizedCrop', (image) => {
      const win = sampleWindow(image.shape[1]!, image.shape[2]!, scale, ratio, generator);
      const window = unsqueeze(crop(image, win.top, win.left, win.height, win.width), 0);
      return squeeze(interpolate(window, { size: [height, width], mode: 'bilinear' }), 0);
    });
}
