// The ops every tensor has as methods (`x.exp()` is `exp(x)`): the one listing from which
// ./methods.ts installs the methods and derives their types. Whole modules are listed (export *)
// so that each method keeps its op's declaration, and editors show the op's doc comment on
// `x.exp`; a module listed here therefore exports only ops that take the tensor first (the
// installation's type check fails otherwise). `where` takes it in another place and `at`
// is not an op, so they are written below.
import type { Tensor, TensorLike } from '../tensor/tensor.js';
import { select } from './narrow.js';
import { where as whereOp } from './where.js';

export * from './abs.js';
export * from './add.js';
export * from './argmax.js';
export * from './cast.js';
export * from './ceil.js';
export * from './clamp.js';
export * from './compare.js';
export * from './contiguous.js';
export * from './cos.js';
export * from './cumsum.js';
export * from './div.js';
export * from './dot.js';
export * from './elu.js';
export * from './erf.js';
export * from './exp.js';
export * from './expand.js';
export * from './expm1.js';
export * from './flip.js';
export * from './floor.js';
export * from './gather.js';
export * from './gelu.js';
export * from './hard-tanh.js';
export * from './index-select.js';
export * from './leaky-relu.js';
export * from './log.js';
export * from './log-softmax.js';
export * from './log1p.js';
export * from './logsumexp.js';
export * from './masked-fill.js';
export * from './matmul.js';
export * from './max.js';
export * from './maximum.js';
export * from './mean.js';
export * from './mul.js';
export * from './narrow.js';
export * from './neg.js';
export * from './norm.js';
export * from './one-hot.js';
export * from './outer.js';
export * from './pad.js';
export * from './permute.js';
export * from './pow.js';
export * from './prod.js';
export * from './reciprocal.js';
export * from './relu.js';
export * from './repeat.js';
export * from './reshape.js';
export * from './round.js';
export * from './rsqrt.js';
export * from './scatter-add.js';
export * from './selu.js';
export * from './sigmoid.js';
export * from './sign.js';
export * from './silu.js';
export * from './sin.js';
export * from './softmax.js';
export * from './softplus.js';
export * from './split.js';
export * from './sqrt.js';
export * from './square.js';
export * from './squeeze.js';
export * from './std.js';
export * from './sub.js';
export * from './sum.js';
export * from './tanh.js';
export * from './to.js';
export * from './tril.js';
export * from './var.js';

/**
 * PyTorch's `x.where(condition, other)`: x where the condition holds, else other.
 * @example
 * const x = tensor([1, -2, 3]);
 * x.where(x.gt(0), 0); // => [1, 0, 3]
 */
export function where(x: Tensor, condition: Tensor, other: TensorLike): Tensor {
  return whereOp(condition, x, other);
}

/**
 * The sub-tensor at `indices` along the leading axes: `x.at(1, 2)` is `x[1][2]`.
 * @example
 * const x = tensor([[1, 2], [3, 4]]);
 * x.at(1, 0); // tensor(3)
 */
export function at(x: Tensor, ...indices: number[]): Tensor {
  return indices.reduce((t, i) => select(t, 0, i), x);
}
