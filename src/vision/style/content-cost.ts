import { div, square, sub, sum, type Tensor } from '../../index.js';
import { asSingleActivation, checkSameShape } from './check-activation.js';

/**
 * The content cost of neural style transfer: how far the generated image's activations aG are
 * from the content image's aC at one layer, J = 1/(4·nH·nW·nC) · Σ (aC − aG)². Activations are
 * [nC, nH, nW] or [1, nC, nH, nW]; empty activations cost 0 (a sum of no terms). Differentiable.
 * @see https://arxiv.org/abs/1508.06576
 * @example
 * const aC = ones([1, 2, 2, 2]);
 * const aG = zeros([1, 2, 2, 2]);
 * contentCost(aC, aG); // 8 / (4·2·2·2) = 0.25
 */
export function contentCost(aC: Tensor, aG: Tensor): Tensor {
  const c = asSingleActivation(aC, 'contentCost', 'aC');
  const g = asSingleActivation(aG, 'contentCost', 'aG');
  checkSameShape(c, g, 'contentCost', ['aC', 'aG']);
  const [nC, nH, nW] = c.shape as [number, number, number];
  const squares = sum(square(sub(c, g)));
  // Empty activations: the sum is 0 and stays on the graph; dividing by 0 would make it NaN.
  return c.size === 0 ? squares : div(squares, 4 * nH * nW * nC);
}
