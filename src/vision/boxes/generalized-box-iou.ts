import { clamp, div, maximum, minimum, mul, sub, type Tensor } from '../../index.js';
import { intersectionAndUnion } from './box-iou.js';
import { checkBoxes } from './check-boxes.js';

/**
 * Generalized IoU of every box in `a` [N, 4] with every box in `b` [M, 4] (xyxy form):
 * IoU − |C \ (A ∪ B)| / |C|, where C is the smallest box enclosing both. It lies in (−1, 1] and,
 * unlike IoU, still tells apart boxes that do not overlap, which makes 1 − GIoU a usable box loss.
 * Differentiable.
 * @see https://arxiv.org/abs/1902.09630
 * @example
 * const a = tensor([[0, 0, 10, 10]]);
 * const b = tensor([[20, 0, 30, 10]]);
 * generalizedBoxIou(a, b); // [[-0.3333]]: IoU 0, hull 300, union 200 → 0 − 100/300
 */
export function generalizedBoxIou(a: Tensor, b: Tensor): Tensor {
  checkBoxes(a, 'generalizedBoxIou', 'a');
  checkBoxes(b, 'generalizedBoxIou', 'b');
  const { inter, union } = intersectionAndUnion(a, b);
  const lo = minimum(a.narrow(1, 0, 2).unsqueeze(1), b.narrow(1, 0, 2).unsqueeze(0));
  const hi = maximum(a.narrow(1, 2, 2).unsqueeze(1), b.narrow(1, 2, 2).unsqueeze(0));
  const wh = clamp(sub(hi, lo), 0);
  const hull = mul(wh.select(2, 0), wh.select(2, 1));
  return sub(div(inter, union), div(sub(hull, union), hull));
}
