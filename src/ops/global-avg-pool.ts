import { ShapeError } from '../errors.js';
import { formatShape } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { expectFloat, expectTensor } from './core/convert.js';
import { mean } from './mean.js';

/**
 * The mean over every spatial axis of `x` [batch, channels, ...spatial] → [batch, channels]: the
 * head of ResNet-style networks, in place of flattening a feature map.
 * @example
 * globalAvgPool(tensor([[[[1, 2], [3, 6]]]])); // => [[3]]
 */
export function globalAvgPool(x: Tensor): Tensor {
  expectTensor(x, 'globalAvgPool', 'x');
  expectFloat(x, 'globalAvgPool');
  if (x.ndim < 3)
    throw new ShapeError(
      `globalAvgPool: x must have rank ≥ 3 [batch, channels, ...spatial], got shape ${formatShape(x.shape)}`,
    );
  return mean(
    x,
    Array.from({ length: x.ndim - 2 }, (_, i) => i + 2),
    false,
  );
}
