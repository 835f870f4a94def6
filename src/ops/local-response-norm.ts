import { ShapeError, ValueError } from '../errors.js';
import { formatShape } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { add } from './add.js';
import { avgPool2d } from './avg-pool.js';
import { expectFloat, expectTensor } from './core/convert.js';
import { div } from './div.js';
import { mul } from './mul.js';
import { pad } from './pad.js';
import { pow } from './pow.js';
import { reshape } from './reshape.js';
import { square } from './square.js';

export interface LocalResponseNormOptions {
  /** How many neighbouring channels (including itself) normalize each channel. */
  size: number;
  /** Scale of the sum of squares (default 1e-4; PyTorch divides it by size). */
  alpha?: number;
  /** Exponent (default 0.75). */
  beta?: number;
  /** Additive constant (default 1). */
  k?: number;
}

/**
 * AlexNet's local response normalization across channels, with PyTorch's convention:
 * b_c = a_c / (k + α/n · Σ a_{c'}²)^β over the n channels c − ⌊n/2⌋ ≤ c' ≤ c + ⌊(n − 1)/2⌋
 * (missing channels count as 0). `x` is [batch, channels, ...spatial].
 * @see https://papers.nips.cc/paper/4824-imagenet-classification-with-deep-convolutional-neural-networks
 * @example
 * const x = randn([2, 8, 5, 5]);
 * localResponseNorm(x, { size: 5, alpha: 1e-4, beta: 0.75, k: 2 }); // AlexNet's setting
 */
export function localResponseNorm(x: Tensor, options: LocalResponseNormOptions): Tensor {
  expectTensor(x, 'localResponseNorm', 'x');
  expectFloat(x, 'localResponseNorm');
  if (x.ndim < 3)
    throw new ShapeError(
      `localResponseNorm: x must have rank ≥ 3 [batch, channels, ...spatial], got shape ${formatShape(x.shape)}`,
    );
  const { size, alpha = 1e-4, beta = 0.75, k = 1 } = options ?? ({} as LocalResponseNormOptions);
  if (!Number.isSafeInteger(size) || size < 1)
    throw new ValueError(`localResponseNorm: size must be a positive integer, got ${String(size)}`);
  const [n, c] = x.shape as [number, number];
  const rest = x.shape.slice(2).reduce((a, b) => a * b, 1);
  if (x.size === 0) return mul(x, 1);
  // Squares as one [n, 1, channels, positions] image; a (size × 1) average pool over the zero-padded
  // channel axis is the windowed mean (α/n · Σ = α · mean, the pool divides by size).
  const squares = pad(reshape(square(x), [n, 1, c, rest]), [
    0,
    0,
    Math.floor(size / 2),
    Math.floor((size - 1) / 2),
  ]);
  const windowMean = reshape(avgPool2d(squares, { kernelSize: [size, 1], stride: 1 }), x.shape);
  return div(x, pow(add(mul(windowMean, alpha), k), beta));
}
