import { isFloat } from '../tensor/dtype.js';
import type { Tensor } from '../tensor/tensor.js';
import { add } from './add.js';
import { affine } from './affine.js';
import { matmul } from './matmul.js';
import { transpose } from './permute.js';
import { reshape } from './reshape.js';

/**
 * x·Wᵀ + b, the affine map of a fully connected layer: x `[..., in]`, weight `[out, in]`,
 * bias `[out]`.
 * @example
 * linear(ones([2, 3]), ones([4, 3]), zeros([4])); // => [[3, 3, 3, 3], [3, 3, 3, 3]]
 */
export function linear(x: Tensor, weight: Tensor, bias?: Tensor): Tensor {
  // Leading axes fold into the rows of one 2-D product (a view when x is contiguous): a batched
  // product against the one weight would take the weight's gradient as one small product per
  // batch item and then sum them, through a strided copy of all of them.
  const folded = x.ndim > 2 && x.isContiguous();
  const leading = x.shape.slice(0, -1).reduce((a, b) => a * b, 1);
  const rows = folded ? reshape(x, [leading, x.shape[x.ndim - 1]!]) : x;
  // The common layer (one float dtype, a bias row) is one primitive that adds the bias in the product.
  const fused =
    bias !== undefined &&
    rows.ndim === 2 &&
    weight.ndim === 2 &&
    bias.ndim === 1 &&
    rows.shape[1] === weight.shape[1] &&
    bias.shape[0] === weight.shape[0] &&
    isFloat(rows.dtype) &&
    rows.dtype === weight.dtype &&
    rows.dtype === bias.dtype;
  const product = fused ? affine(rows, weight, bias) : matmul(rows, transpose(weight));
  const y = folded ? reshape(product, [...x.shape.slice(0, -1), product.shape[1]!]) : product;
  return bias && !fused ? add(y, bias) : y;
}
