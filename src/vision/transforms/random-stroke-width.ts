import { defaultGenerator, maxPool2d, ShapeError, type Tensor, tensor, ValueError } from '../../index.js';
import type { Transform } from './per-image.js';
import type { RandomOptions } from './random-flip.js';

export interface RandomStrokeWidthOptions extends RandomOptions {
  /** The probability an image is thickened, and the same probability it is thinned (default 0.25; at most 0.5). */
  p?: number;
}

/** Grey-level dilation of [N, C, H, W]: each pixel becomes the largest of its 3×3 neighbourhood. */
const dilate = (x: Tensor): Tensor => maxPool2d(x, { kernelSize: 3, stride: 1, padding: 1 });

/**
 * Makes the strokes of each image (light ink on a dark background, as MNIST) randomly bolder or
 * finer, as pens of another width would: with probability `p` a grey-level dilation (each pixel
 * the brightest of its 3×3 neighbourhood, about a pixel more ink on every side), with probability
 * `p` a thinning (the mean of the image and its 3×3 erosion, the darkest of each neighbourhood:
 * edges fade, the middle of the stroke stays), otherwise unchanged. One draw per image.
 * @example
 * const augment = randomStrokeWidth({ p: 0.25, generator: new Generator(0) });
 * augment(rand([8, 1, 28, 28])).shape; // => [8, 1, 28, 28]
 */
export function randomStrokeWidth(options: RandomStrokeWidthOptions = {}): Transform {
  const p = options.p ?? 0.25;
  if (!(p >= 0 && p <= 0.5))
    throw new ValueError(`randomStrokeWidth: p must be in [0, 0.5] (thicken p, thin p), got ${p}`);
  const generator = options.generator ?? defaultGenerator;
  return (x: Tensor) => {
    if (x.ndim !== 3 && x.ndim !== 4)
      throw new ShapeError(
        `randomStrokeWidth: x must be an image [channels, height, width] or a batch [batch, channels, height, width], got shape [${x.shape.join(', ')}]`,
      );
    const batch = x.ndim === 3 ? x.reshape([1, ...x.shape]) : x;
    const n = batch.shape[0]!;
    const draws = Array.from({ length: n }, () => generator.uniform());
    const thick = tensor(
      Float32Array.from(draws, (r) => Number(r < p)),
      { shape: [n, 1, 1, 1] },
    );
    const thin = tensor(
      Float32Array.from(draws, (r) => Number(r >= 1 - p)),
      { shape: [n, 1, 1, 1] },
    );
    const eroded = dilate(batch.neg()).neg();
    // x + thick·(dilated − x) + thin·(½(x + eroded) − x)
    const out = batch.add(thick.mul(dilate(batch).sub(batch))).add(thin.mul(eroded.sub(batch)).mul(0.5));
    return x.ndim === 3 ? out.reshape(x.shape) : out;
  };
}
