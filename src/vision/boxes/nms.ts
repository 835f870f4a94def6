import { type Tensor, tensor, ValueError } from '../../index.js';
import { checkBoxes, checkPerBox } from './check-boxes.js';

/** The IoU of boxes i and j of a flat xyxy array. */
export function iouAt(b: ArrayLike<number>, i: number, j: number): number {
  const w = Math.min(b[4 * i + 2]!, b[4 * j + 2]!) - Math.max(b[4 * i]!, b[4 * j]!);
  const h = Math.min(b[4 * i + 3]!, b[4 * j + 3]!) - Math.max(b[4 * i + 1]!, b[4 * j + 1]!);
  const inter = Math.max(0, w) * Math.max(0, h);
  const area = (k: number) => (b[4 * k + 2]! - b[4 * k]!) * (b[4 * k + 3]! - b[4 * k + 1]!);
  const union = area(i) + area(j) - inter;
  return union > 0 ? inter / union : 0;
}

/** Indices by descending score; equal scores keep their index order (a stable sort, as torchvision). */
export function byDescendingScore(scores: ArrayLike<number>): number[] {
  return Array.from({ length: scores.length }, (_, i) => i).sort((i, j) => scores[j]! - scores[i]! || i - j);
}

/** Checks boxes [N, 4], scores [N] without NaN and a numeric threshold, naming `op` in errors. */
export function checkNmsInputs(boxes: Tensor, scores: Tensor, iouThreshold: number, op: string): void {
  checkBoxes(boxes, op);
  checkPerBox(scores, boxes.shape[0]!, op, 'scores');
  if (typeof iouThreshold !== 'number' || Number.isNaN(iouThreshold))
    throw new ValueError(`${op}: iouThreshold must be a number, got ${String(iouThreshold)}`);
  if ([...scores.data()].some((s) => Number.isNaN(s)))
    throw new ValueError(`${op}: scores must not hold NaN`);
}

/** Greedy suppression; boxes only suppress boxes of their own group when groups are given. */
export function greedySuppression(
  boxes: ArrayLike<number>,
  scores: ArrayLike<number>,
  iouThreshold: number,
  groups?: ArrayLike<number>,
): Tensor {
  const order = byDescendingScore(scores);
  const suppressed = new Uint8Array(scores.length);
  const keep: number[] = [];
  for (let a = 0; a < order.length; a++) {
    const i = order[a]!;
    if (suppressed[i]) continue;
    keep.push(i);
    for (let b = a + 1; b < order.length; b++) {
      const j = order[b]!;
      if (suppressed[j] || (groups && groups[i] !== groups[j])) continue;
      if (iouAt(boxes, i, j) > iouThreshold) suppressed[j] = 1;
    }
  }
  return tensor(Int32Array.from(keep));
}

/**
 * Non-maximum suppression: visits the boxes [N, 4] (xyxy) by descending score and keeps each one
 * unless it overlaps a box already kept with IoU > `iouThreshold`. Returns the kept indices as
 * int32, by descending score; equal scores keep their index order, as torchvision's `nms`.
 * @example
 * const boxes = tensor([[0, 0, 10, 10], [1, 1, 11, 11], [20, 20, 30, 30]]);
 * const scores = tensor([0.9, 0.8, 0.7]);
 * nms(boxes, scores, 0.5); // int32 [0, 2]: box 1 overlaps box 0 with IoU 81/119 ≈ 0.68
 */
export function nms(boxes: Tensor, scores: Tensor, iouThreshold: number): Tensor {
  checkNmsInputs(boxes, scores, iouThreshold, 'nms');
  return greedySuppression(boxes.data(), scores.data(), iouThreshold);
}

/**
 * Non-maximum suppression within each class: a box suppresses only boxes of its own class.
 * Returns the kept indices (int32) by descending score, as torchvision's `batched_nms`.
 * @example
 * const boxes = tensor([[0, 0, 10, 10], [1, 1, 11, 11]]);
 * const scores = tensor([0.9, 0.8]);
 * batchedNms(boxes, scores, tensor([0, 1], { dtype: 'int32' }), 0.5); // [0, 1]: different classes
 */
export function batchedNms(boxes: Tensor, scores: Tensor, classes: Tensor, iouThreshold: number): Tensor {
  checkNmsInputs(boxes, scores, iouThreshold, 'batchedNms');
  checkPerBox(classes, boxes.shape[0]!, 'batchedNms', 'classes');
  return greedySuppression(boxes.data(), scores.data(), iouThreshold, classes.data());
}
