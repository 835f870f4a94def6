import { defaultGenerator, ShapeError, type Tensor } from '../../index.js';
import { type AffineOptions, affine, affineBoxes, affineMask } from './affine.js';
import { affineSampler, type RandomAffineRanges } from './affine-params.js';
import { perImage, type Transform } from './per-image.js';
import type { RandomOptions } from './random-flip.js';

export interface RandomAffineOptions extends RandomAffineRanges, AffineOptions, RandomOptions {
  /** The label of mask pixels that come from outside the image (default 0, the background). */
  maskFill?: number;
}

/**
 * Warps each image [C, H, W] (or each of a batch) by a random rotation, shift, scale and shear
 * about its centre, as torchvision's `RandomAffine`: angle uniform in `degrees`, shift up to
 * translate·size (whole pixels), scale uniform in `scale`, shears uniform in `shear`. It teaches
 * a network that a slightly turned, moved or slanted object is the same object.
 * @example
 * const augment = randomAffine({ degrees: 15, translate: [0.1, 0.1], scale: [0.9, 1.1], generator: new Generator(0) });
 * augment(rand([3, 32, 32])).shape; // => [3, 32, 32]
 */
export function randomAffine(options: RandomAffineOptions): Transform {
  const sample = affineSampler(options);
  const generator = options.generator ?? defaultGenerator;
  return (x: Tensor) =>
    perImage(x, 'randomAffine', (image) =>
      affine(image, sample(image.shape[1]!, image.shape[2]!, generator), options),
    );
}

/** An image with what is annotated on it: xyxy pixel boxes [N, 4] and a label mask [H, W] or [1, H, W]. */
export interface AnnotatedImage {
  image: Tensor;
  boxes?: Tensor;
  mask?: Tensor;
}

/**
 * {@link randomAffine} for an image and its annotations: one warp is drawn per call and applied
 * to the image, its boxes (corners mapped, the enclosing box clipped to the image; see
 * {@link affineBoxes}) and its mask (nearest sampling, so labels stay labels). Other fields pass
 * through unchanged (box labels keep their order).
 * @example
 * const augment = randomAffineAnnotated({ degrees: 30, generator: new Generator(0) });
 * const sample = { image: rand([1, 16, 16]), boxes: tensor([[2, 2, 8, 8]]), mask: zeros([16, 16], { dtype: 'int32' }) };
 * augment(sample).boxes!.shape; // => [1, 4]
 */
export function randomAffineAnnotated(
  options: RandomAffineOptions,
): <T extends AnnotatedImage>(sample: T) => T {
  const draw = affineSampler(options);
  const generator = options.generator ?? defaultGenerator;
  return <T extends AnnotatedImage>(sample: T): T => {
    const { image, boxes, mask } = sample;
    if (image?.ndim !== 3)
      throw new ShapeError(
        `randomAffineAnnotated: image must be [channels, height, width], got [${image?.shape?.join(', ')}]`,
      );
    const [h, w] = [image.shape[1]!, image.shape[2]!];
    if (mask && mask.shape.slice(-2).join() !== [h, w].join())
      throw new ShapeError(
        `randomAffineAnnotated: mask must be ${h}×${w} like the image, got [${mask.shape.join(', ')}]`,
      );
    const params = draw(h, w, generator);
    return {
      ...sample,
      image: affine(image, params, options),
      ...(boxes && { boxes: affineBoxes(boxes, params, [h, w]) }),
      ...(mask && { mask: affineMask(mask, params, { fill: options.maskFill ?? 0 }) }),
    };
  };
}
