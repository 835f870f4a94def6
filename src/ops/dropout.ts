import { ShapeError, ValueError } from '../errors.js';
import { bernoulli } from '../tensor/creation.js';
import { defaultGenerator, type Generator } from '../tensor/random.js';
import { formatShape } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { expectFloat, expectTensor } from './core/convert.js';
import { mul } from './mul.js';

/** Options of {@link dropout} and {@link dropout2d}. */
export interface DropoutOpOptions {
  /** Drop in training; false makes the op the identity (default true, as PyTorch's functional form). */
  training?: boolean;
  /** The random stream the mask is drawn from (default: the global generator). */
  generator?: Generator;
}

/**
 * Inverted dropout, as PyTorch's `F.dropout`: in training each element is kept with probability
 * keep = 1 − p (the course's keep_prob) and scaled by 1/keep, so the expected activation is
 * unchanged and evaluation needs no rescaling; with `training: false` (or p = 0) it returns `x`.
 * p = 1 zeroes everything.
 * @see https://jmlr.org/papers/v15/srivastava14a.html
 * @example
 * const x = ones([4]);
 * dropout(x, 0.5); // some 0s, the rest 2s
 * dropout(x, 0.5, { training: false }); // x itself
 */
export function dropout(x: Tensor, p = 0.5, options: DropoutOpOptions = {}): Tensor {
  checkDropout(x, p, 'dropout');
  return dropWith(x, p, x.shape, options);
}

/**
 * Channel dropout, as PyTorch's `F.dropout2d`, for `x [batch, channels, height, width]`: in
 * training each whole channel of each sample is zeroed with probability p and the kept ones are
 * scaled by 1/(1 − p). Neighbouring pixels are strongly correlated, so dropping single pixels
 * barely regularizes a convolutional net; dropping feature maps does.
 * @see https://arxiv.org/abs/1411.4280
 * @example
 * dropout2d(ones([1, 4, 2, 2]), 0.5); // each of the 4 channels is all 0s or all 2s
 */
export function dropout2d(x: Tensor, p = 0.5, options: DropoutOpOptions = {}): Tensor {
  checkDropout(x, p, 'dropout2d');
  if (x.ndim !== 4)
    throw new ShapeError(
      `dropout2d: x must have rank 4 [batch, channels, height, width], got shape ${formatShape(x.shape)}`,
    );
  // One draw per (sample, channel); the [N, C, 1, 1] mask broadcasts over the plane.
  return dropWith(x, p, [x.shape[0]!, x.shape[1]!, 1, 1], options);
}

function checkDropout(x: Tensor, p: number, op: string): void {
  expectTensor(x, op, 'x');
  expectFloat(x, op);
  if (typeof p !== 'number' || !(p >= 0 && p <= 1))
    throw new ValueError(`${op}: p must be in [0, 1], got ${String(p)}`);
}

/** x times a mask of shape `maskShape` (broadcast) that holds 1/keep with probability keep, else 0. */
function dropWith(x: Tensor, p: number, maskShape: readonly number[], options: DropoutOpOptions): Tensor {
  const { training = true, generator = defaultGenerator } = options;
  if (!training || p === 0) return x;
  const keep = 1 - p;
  const mask = bernoulli(keep, maskShape, { dtype: x.dtype, generator });
  // Scale the mask rather than the output: one pass over a fresh tensor that records no graph.
  if (keep > 0) {
    const data = mask.data();
    for (let i = 0; i < data.length; i++) data[i]! /= keep;
  }
  return mul(x, mask);
}
