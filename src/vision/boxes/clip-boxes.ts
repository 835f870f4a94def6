import { clamp, stack, type Tensor, ValueError } from '../../index.js';
import { checkBoxes } from './check-boxes.js';

/**
 * Clips xyxy boxes [N, 4] to an image of `size` = [height, width]: x into [0, width], y into
 * [0, height], as torchvision's `clip_boxes_to_image`.
 * @example
 * const boxes = tensor([[-5, 3, 40, 12]]);
 * clipBoxes(boxes, [30, 25]); // [[0, 3, 25, 12]]
 */
export function clipBoxes(boxes: Tensor, size: readonly [number, number]): Tensor {
  checkBoxes(boxes, 'clipBoxes');
  if (!Array.isArray(size) || size.length !== 2 || !size.every((s) => Number.isFinite(s) && s >= 0))
    throw new ValueError(
      `clipBoxes: size must be [height, width] of non-negative numbers, got ${JSON.stringify(size)}`,
    );
  const [height, width] = size;
  const limits = [width, height, width, height];
  return stack(
    limits.map((limit, i) => clamp(boxes.select(1, i), 0, limit)),
    1,
  );
}
