import { ShapeError, select, stack, type Tensor, ValueError } from '../../index.js';

/** A function from an image `[channels, height, width]` (or a batch of them) to a new tensor. */
export type Transform = (x: Tensor) => Tensor;

/** A crop or output size: one number for a square, or `[height, width]`. */
export type ImageSize = number | readonly [number, number];

/**
 * Applies `fn` to an image `[channels, height, width]`, or to each image of a batch
 * `[batch, channels, height, width]` and stacks the results, so random transforms draw fresh
 * randomness for every image of a batch.
 * @example
 * const batch = rand([4, 3, 8, 8]);
 * perImage(batch, 'myTransform', (image) => flip(image, [2])).shape; // => [4, 3, 8, 8]
 */
export function perImage(x: Tensor, op: string, fn: (image: Tensor) => Tensor): Tensor {
  if (x.ndim === 3) return fn(x);
  if (x.ndim !== 4) {
    throw new ShapeError(
      `${op}: x must be an image [channels, height, width] or a batch [batch, channels, height, width], got shape [${x.shape.join(', ')}]`,
    );
  }
  if (x.shape[0] === 0) throw new ValueError(`${op}: x is an empty batch (shape [${x.shape.join(', ')}])`);
  const out: Tensor[] = [];
  for (let i = 0; i < x.shape[0]!; i++) out.push(fn(select(x, 0, i)));
  return stack(out);
}

/**
 * Reads an {@link ImageSize} as `[height, width]` of positive integers.
 * @example
 * sizePair(224, 'centerCrop'); // => [224, 224]
 */
export function sizePair(size: ImageSize, op: string): [number, number] {
  const pair: [number, number] = typeof size === 'number' ? [size, size] : [size[0], size[1]];
  if (!pair.every((s) => Number.isSafeInteger(s) && s > 0))
    throw new ValueError(
      `${op}: size must be a positive integer or [height, width] of them, got ${JSON.stringify(size)}`,
    );
  return pair;
}

/**
 * Checks that `p` is a probability.
 * @example
 * checkProbability(0.5, 'randomHorizontalFlip');
 */
export function checkProbability(p: number, op: string): void {
  if (!(p >= 0 && p <= 1)) throw new ValueError(`${op}: p must be a probability in [0, 1], got ${p}`);
}
