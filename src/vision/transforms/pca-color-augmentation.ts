import {
  add,
  defaultGenerator,
  div,
  matmul,
  mean,
  permute,
  reshape,
  ShapeError,
  sub,
  type Tensor,
  tensor,
  transpose,
  unsqueeze,
  ValueError,
} from '../../index.js';
import { jacobiEigen } from './jacobi-eigen.js';
import { perImage, type Transform } from './per-image.js';
import type { RandomOptions } from './random-flip.js';

/** The principal components of RGB pixel values: eigenvalues (descending) and unit eigenvectors. */
export interface RgbPca {
  eigenvalues: number[];
  eigenvectors: number[][];
}

/**
 * The eigen-decomposition of the 3×3 covariance of the RGB values of every pixel of `images`
 * (`[batch, 3, H, W]` or one `[3, H, W]`), the statistics AlexNet's colour augmentation needs.
 * @example
 * const trainImages = rand([8, 3, 16, 16]);
 * const pca = fitRgbPca(trainImages); // { eigenvalues: [λ1, λ2, λ3], eigenvectors: [p1, p2, p3] }
 */
export function fitRgbPca(images: Tensor): RgbPca {
  const batch = images.ndim === 3 ? unsqueeze(images, 0) : images;
  if (batch.ndim !== 4 || batch.shape[1] !== 3)
    throw new ShapeError(
      `fitRgbPca: images must be [batch, 3, H, W] or [3, H, W], got shape [${images.shape.join(', ')}]`,
    );
  const count = batch.shape[0]! * batch.shape[2]! * batch.shape[3]!;
  if (count < 2) throw new ValueError(`fitRgbPca: a covariance needs at least 2 pixels, got ${count}`);
  const pixels = reshape(permute(batch, [0, 2, 3, 1]), [count, 3]);
  const centred = sub(pixels, mean(pixels, 0, true));
  // The unbiased covariance Xᵀ X / (n − 1) of the centred pixel matrix X [n, 3].
  const covariance = div(matmul(transpose(centred), centred), count - 1).toArray() as number[][];
  const { values, vectors } = jacobiEigen(covariance);
  return { eigenvalues: values, eigenvectors: vectors };
}

/**
 * The RGB offset Σᵢ αᵢ λᵢ pᵢ that AlexNet adds to every pixel of an image, for given α.
 * @example
 * pcaColorOffset({ eigenvalues: [2, 1, 0.5], eigenvectors: [[1, 0, 0], [0, 1, 0], [0, 0, 1]] }, [0.1, 0, 0]);
 * // [0.2, 0, 0]
 */
export function pcaColorOffset(pca: RgbPca, alphas: readonly number[]): number[] {
  if (alphas.length !== 3)
    throw new ValueError(`pcaColorOffset: alphas needs 3 entries, got ${alphas.length}`);
  const offset = [0, 0, 0];
  for (let i = 0; i < 3; i++) {
    const weight = alphas[i]! * pca.eigenvalues[i]!;
    for (let c = 0; c < 3; c++) offset[c]! += weight * pca.eigenvectors[i]![c]!;
  }
  return offset;
}

export interface PcaColorOptions extends RandomOptions {
  /** The standard deviation of each αᵢ ~ N(0, std²) (default 0.1, as in AlexNet). */
  std?: number;
}

/**
 * AlexNet's "fancy PCA" colour augmentation: to each image it adds Σᵢ αᵢ λᵢ pᵢ, with (λᵢ, pᵢ) the
 * principal components of the training set's RGB values ({@link fitRgbPca}) and αᵢ ~ N(0, 0.1²)
 * drawn once per image. It changes the intensity and colour of the lighting along the directions
 * in which natural colours actually vary; AlexNet credits it with over 1% of top-1 error.
 * @see https://papers.nips.cc/paper/4824-imagenet-classification-with-deep-convolutional-neural-networks
 * @example
 * const [trainImages, photo] = [rand([8, 3, 16, 16]), rand([3, 16, 16])];
 * const augment = pcaColorAugmentation(fitRgbPca(trainImages), { generator: new Generator(0) });
 * augment(photo).shape; // => [3, 16, 16]
 */
export function pcaColorAugmentation(pca: RgbPca, options: PcaColorOptions = {}): Transform {
  const std = options.std ?? 0.1;
  if (!(std >= 0 && Number.isFinite(std)))
    throw new ValueError(`pcaColorAugmentation: std must be a finite number ≥ 0, got ${std}`);
  const generator = options.generator ?? defaultGenerator;
  return (x: Tensor) =>
    perImage(x, 'pcaColorAugmentation', (image) => {
      if (image.shape[0] !== 3)
        throw new ShapeError(
          `pcaColorAugmentation: images must have 3 (RGB) channels, got shape [${image.shape.join(', ')}]`,
        );
      const alphas = [0, 1, 2].map(() => std * generator.normal());
      return add(image, tensor(pcaColorOffset(pca, alphas), { dtype: image.dtype, shape: [3, 1, 1] }));
    });
}
