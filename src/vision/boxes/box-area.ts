import { mul, sub, type Tensor } from '../../index.js';
import { checkBoxes } from './check-boxes.js';

/**
 * The area of each box in (x1, y1, x2, y2) form: (x2 − x1)·(y2 − y1), shape [N]. Differentiable.
 * @example
 * const boxes = tensor([[0, 0, 10, 10], [20, 20, 30, 40]]);
 * boxArea(boxes); // [100, 200]
 */
export function boxArea(boxes: Tensor): Tensor {
  checkBoxes(boxes, 'boxArea');
  const [x1, y1, x2, y2] = [0, 1, 2, 3].map((i) => boxes.select(1, i));
  return mul(sub(x2!, x1!), sub(y2!, y1!));
}
