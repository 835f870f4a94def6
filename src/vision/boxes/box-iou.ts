import { add, clamp, div, maximum, minimum, mul, sub, type Tensor } from '../../index.js';
import { boxArea } from './box-area.js';
import { checkBoxes } from './check-boxes.js';

/** The pairwise intersections [N, M] and unions [N, M] of two sets of xyxy boxes. */
export function intersectionAndUnion(a: Tensor, b: Tensor): { inter: Tensor; union: Tensor } {
  const lo = maximum(a.narrow(1, 0, 2).unsqueeze(1), b.narrow(1, 0, 2).unsqueeze(0));
  const hi = minimum(a.narrow(1, 2, 2).unsqueeze(1), b.narrow(1, 2, 2).unsqueeze(0));
  const wh = clamp(sub(hi, lo), 0);
  const inter = mul(wh.select(2, 0), wh.select(2, 1));
  const union = sub(add(boxArea(a).unsqueeze(1), boxArea(b).unsqueeze(0)), inter);
  return { inter, union };
}

/**
 * Intersection over union of every box in `a` [N, 4] with every box in `b` [M, 4], both in
 * (x1, y1, x2, y2) form: a matrix [N, M] of |A ∩ B| / |A ∪ B|, as torchvision's `box_iou`.
 * Differentiable.
 * @example
 * const a = tensor([[0, 0, 10, 10]]);
 * const b = tensor([[0, 0, 10, 10], [2, 3, 8, 12]]);
 * boxIou(a, b); // [[1, 0.375]]: the second meets the first in 6·7 = 42 of 100 + 54 − 42
 */
export function boxIou(a: Tensor, b: Tensor): Tensor {
  checkBoxes(a, 'boxIou', 'a');
  checkBoxes(b, 'boxIou', 'b');
  const { inter, union } = intersectionAndUnion(a, b);
  return div(inter, union);
}
