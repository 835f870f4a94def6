import { isGradEnabled } from '../autograd/grad-mode.js';
import { kernels } from '../backends/registry.js';
import { ShapeError, ValueError } from '../errors.js';
import { allocateUninitialized } from '../tensor/dtype.js';
import { formatShape } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { expectFloat, expectTensor } from './core/convert.js';
import { defineOp } from './core/define-op.js';
import { denseData, fromData } from './core/run-kernel.js';
import { mul } from './mul.js';
import { sub } from './sub.js';
import { sum } from './sum.js';

/** `[batch, queries, keys]` of scores `[..., L, S]`. */
function matrices(x: Tensor): [number, number, number] {
  const queries = x.shape[x.ndim - 2]!;
  const keys = x.shape[x.ndim - 1]!;
  return [queries * keys === 0 ? 0 : x.size / (queries * keys), queries, keys];
}

// One kernel pass each way (Kernels.causalSoftmax): the scale, the mask and the softmax of a
// causal decoder's attention scores, which took a multiply, a masked fill and a softmax (and
// their gradients) over the whole square, of which the fused kernels compute the lower half.
const causalSoftmaxOp = defineOp({
  name: 'causalSoftmax',
  forward: (x: Tensor, scale: number): Tensor => {
    const [batch, queries, keys] = matrices(x);
    const out = allocateUninitialized(x.dtype, x.size);
    kernels().causalSoftmax(denseData(x), batch, queries, keys, scale, out);
    return fromData(out, x.shape, x.dtype);
  },
  backward: (dy, { args: [, scale], output: y }) => {
    // dx = scale · y·(dy − Σ dy·y), zero where y is: as ops when the backward is itself recorded.
    if (isGradEnabled()) return [mul(mul(y, sub(dy, sum(mul(dy, y), [y.ndim - 1], true))), scale)];
    const [batch, queries, keys] = matrices(y);
    const dx = allocateUninitialized(y.dtype, y.size);
    kernels().causalSoftmaxBackward(denseData(y), denseData(dy), batch, queries, keys, scale, dx);
    return [fromData(dx, y.shape, y.dtype)];
  },
});

/**
 * The attention weights of a causal decoder: softmax over the last axis of `scale · scores`
 * (`[..., L, S]`, queries by keys) in which query i sees keys 0..i only, the later keys getting
 * weight 0 (PyTorch's `is_causal`, aligned top-left). The same as `softmax(maskedFill(mul(scores,
 * scale), causalMask(L, S), −∞), −1)` in one pass each way, over the lower half of each matrix.
 * @example
 * causalSoftmax(tensor([[5, 9], [0, Math.log(3)]])); // => [[1, 0], [0.25, 0.75]]
 */
export function causalSoftmax(scores: Tensor, scale = 1): Tensor {
  expectTensor(scores, 'causalSoftmax', 'scores');
  expectFloat(scores, 'causalSoftmax', 'scores');
  if (scores.ndim < 2)
    throw new ShapeError(
      `causalSoftmax: scores must have at least 2 dimensions [..., queries, keys], got ${formatShape(scores.shape)}`,
    );
  if (!Number.isFinite(scale))
    throw new ValueError(`causalSoftmax: scale must be a finite number, got ${scale}`);
  return causalSoftmaxOp(scores, scale);
}
