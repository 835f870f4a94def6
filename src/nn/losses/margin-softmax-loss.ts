import { ShapeError, ValueError } from '../../errors.js';
import { add } from '../../ops/add.js';
import { clamp } from '../../ops/clamp.js';
import { ge } from '../../ops/compare.js';
import { mul } from '../../ops/mul.js';
import { sqrt } from '../../ops/sqrt.js';
import { unsqueeze } from '../../ops/squeeze.js';
import { sub } from '../../ops/sub.js';
import { sum } from '../../ops/sum.js';
import { where } from '../../ops/where.js';
import { tensor } from '../../tensor/creation.js';
import type { Tensor } from '../../tensor/tensor.js';
import { checkClassInput, checkClassTargets, countClassTargets } from './class-targets.js';
import { crossEntropy } from './cross-entropy.js';
import type { Reduction } from './reduction.js';

/** Options of {@link marginSoftmaxLoss}. */
export interface MarginSoftmaxLossOptions {
  /** s: the logits are s·cos (default 16); the softmax needs it, cosines alone span only [−1, 1]. */
  scale?: number;
  /** ArcFace's m, in radians, added to the target's angle: cos(θ + m) (default 0). */
  angularMargin?: number;
  /** CosFace's m subtracted from the target's cosine: cos θ − m (default 0). */
  cosineMargin?: number;
  reduction?: Reduction;
}

/**
 * Softmax cross-entropy over scaled cosines with a margin on the target class, the losses of
 * NormFace (no margin), CosFace (`cosineMargin` m: target logit s·(cos θ − m)) and ArcFace
 * (`angularMargin` m: s·cos(θ + m)); both margins together are InsightFace's combined margin.
 * `cosine` [N, C] holds the cosines between each L2-normalised feature and each class's
 * normalised weight (as {@link CosineLinear} computes them), `target` [N] int32 classes. The
 * margin makes a sample beat its own class only by a gap, so classes end up compact on the
 * sphere and the features separate identities never trained on better than plain softmax ones.
 * When θ + m would pass π (where cos(θ + m) turns back up), ArcFace's fallback
 * cos θ − m·sin m keeps the target logit falling with θ.
 * @see https://arxiv.org/abs/1801.07698 (ArcFace)
 * @see https://arxiv.org/abs/1801.09414 (CosFace)
 * @see https://arxiv.org/abs/1704.06369 (NormFace)
 * @example
 * const cosine = tensor([[0.8, 0.6]]);
 * const target = tensor([0], { dtype: 'int32' });
 * // CosFace: −log softmax(10·[0.8 − 0.5, 0.6])[0] = log(1 + e³)
 * marginSoftmaxLoss(cosine, target, { scale: 10, cosineMargin: 0.5 }); // => 3.0485873
 */
export function marginSoftmaxLoss(
  cosine: Tensor,
  target: Tensor,
  options: MarginSoftmaxLossOptions = {},
): Tensor {
  const op = 'marginSoftmaxLoss';
  const { scale = 16, angularMargin = 0, cosineMargin = 0, reduction = 'mean' } = options;
  if (!(Number.isFinite(scale) && scale > 0))
    throw new ValueError(`${op}: scale must be a positive finite number, got ${scale}`);
  if (!(angularMargin >= 0 && angularMargin < Math.PI / 2))
    throw new ValueError(`${op}: angularMargin must be in [0, π/2) radians, got ${angularMargin}`);
  if (!Number.isFinite(cosineMargin))
    throw new ValueError(`${op}: cosineMargin must be a finite number, got ${cosineMargin}`);
  checkClassInput(cosine, op);
  if (cosine.ndim !== 2)
    throw new ShapeError(`${op}: cosine must be [batch, classes], got rank ${cosine.ndim}`);
  const ys = checkClassTargets(cosine, target, op);
  const classes = cosine.shape[1]!;
  countClassTargets(ys, classes, Number.NaN, op);
  const mask = new Float64Array(ys.length * classes);
  ys.forEach((y, i) => {
    mask[i * classes + y] = 1;
  });
  const isTarget = tensor(mask, { shape: [...cosine.shape], dtype: cosine.dtype });
  const c = sum(mul(cosine, isTarget), 1);
  let marked = c;
  if (angularMargin > 0) {
    // cos(θ + m) = cos θ·cos m − sin θ·sin m; the clamp keeps √ finite (zero gradient) at |cos θ| = 1.
    const sin = sqrt(clamp(sub(1, mul(c, c)), 1e-12));
    const turned = sub(mul(c, Math.cos(angularMargin)), mul(sin, Math.sin(angularMargin)));
    const fallback = sub(c, angularMargin * Math.sin(angularMargin));
    marked = where(ge(c, -Math.cos(angularMargin)), turned, fallback);
  }
  if (cosineMargin !== 0) marked = sub(marked, cosineMargin);
  const logits = mul(add(cosine, mul(isTarget, unsqueeze(sub(marked, c), 1))), scale);
  return crossEntropy(logits, target, { reduction });
}
