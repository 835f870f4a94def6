import { add, div, mul, ShapeError, square, sub, sum, type Tensor, tensor, ValueError } from '../../index.js';
import { asSingleActivation } from './check-activation.js';
import { gramMatrix } from './gram-matrix.js';

/**
 * The style cost of one layer: J = 1/(4·nC²·(nH·nW)²) · Σ (GS − GG)², with G the
 * {@link gramMatrix} of the style image's activations aS and the generated image's aG. The style
 * image may differ in size: then each Gram matrix is divided by its own nH·nW before the
 * difference (which is the same formula when the sizes agree). Zero channels cost 0; zero
 * positions (nH·nW = 0) with channels leave the per-position Gram matrix undefined and are refused.
 * @example
 * const aS = ones([1, 1, 1, 2]);
 * const aG = zeros([1, 1, 1, 2]);
 * styleLayerCost(aS, aG); // GS = [[2]], GG = [[0]] → 4 / (4·1·4) = 0.25
 */
export function styleLayerCost(aS: Tensor, aG: Tensor): Tensor {
  const s = asSingleActivation(aS, 'styleCost', 'aS');
  const g = asSingleActivation(aG, 'styleCost', 'aG');
  if (s.shape[0] !== g.shape[0])
    throw new ShapeError(`styleCost: aS has ${s.shape[0]} channels and aG ${g.shape[0]}; they must match`);
  const nC = s.shape[0]!;
  // No channels: both sums are of nothing, 0, and keep the inputs on the graph.
  if (nC === 0) return add(sum(s), sum(g));
  for (const [a, name] of [
    [s, 'aS'],
    [g, 'aG'],
  ] as const)
    if (a.shape[1]! * a.shape[2]! === 0)
      throw new ShapeError(
        `styleCost: ${name} [${a.shape.join(', ')}] has no positions (nH·nW = 0); its Gram matrix per position is undefined`,
      );
  const perPosition = (a: Tensor) => div(gramMatrix(a), a.shape[1]! * a.shape[2]!);
  return div(sum(square(sub(perPosition(s), perPosition(g)))), 4 * nC * nC);
}

/**
 * The style cost over several layers: Σₗ λₗ · J_style(aS[l], aG[l]) (see {@link styleLayerCost}),
 * with weights λ (default equal, 1/L each, as the course). Single tensors count as one layer.
 * Differentiable.
 * @see https://arxiv.org/abs/1508.06576
 * @example
 * const aS = [ones([1, 1, 1, 2]), ones([1, 2, 1, 1])];
 * const aG = [zeros([1, 1, 1, 2]), zeros([1, 2, 1, 1])];
 * styleCost(aS, aG, [0.5, 0.5]); // 0.5·0.25 + 0.5·(4 / (4·4·1)) = 0.25
 */
export function styleCost(
  aS: Tensor | readonly Tensor[],
  aG: Tensor | readonly Tensor[],
  weights?: readonly number[],
): Tensor {
  const s = Array.isArray(aS) ? aS : [aS as Tensor];
  const g = Array.isArray(aG) ? aG : [aG as Tensor];
  if (s.length === 0 || s.length !== g.length)
    throw new ValueError(
      `styleCost: aS and aG must list the same layers, at least one, got ${s.length} and ${g.length}`,
    );
  const lambdas = weights ?? s.map(() => 1 / s.length);
  if (lambdas.length !== s.length || lambdas.some((w) => !Number.isFinite(w)))
    throw new ValueError(
      `styleCost: weights must hold one finite number per layer (${s.length}), got ${JSON.stringify(weights)}`,
    );
  return s.reduce<Tensor>(
    (total, a, l) => add(total, mul(styleLayerCost(a, g[l]!), lambdas[l]!)),
    tensor(0, { dtype: s[0]!.dtype }),
  );
}
