import { add, mul, stack, sub, type Tensor, ValueError } from '../../index.js';
import { checkBoxes } from './check-boxes.js';

/**
 * How a box is written: 'xyxy' (corners x1, y1, x2, y2), 'xywh' (top-left corner, width,
 * height) or 'cxcywh' (centre, width, height), torchvision's names.
 */
export type BoxFormat = 'xyxy' | 'xywh' | 'cxcywh';

const formats: readonly BoxFormat[] = ['xyxy', 'xywh', 'cxcywh'];

function toXyxy(boxes: Tensor, from: BoxFormat): Tensor[] {
  const [p, q, r, s] = [0, 1, 2, 3].map((i) => boxes.select(1, i)) as [Tensor, Tensor, Tensor, Tensor];
  if (from === 'xyxy') return [p, q, r, s];
  if (from === 'xywh') return [p, q, add(p, r), add(q, s)];
  const halfW = mul(r, 0.5);
  const halfH = mul(s, 0.5);
  return [sub(p, halfW), sub(q, halfH), add(p, halfW), add(q, halfH)];
}

function fromXyxy([x1, y1, x2, y2]: Tensor[], to: BoxFormat): Tensor[] {
  if (to === 'xyxy') return [x1!, y1!, x2!, y2!];
  const w = sub(x2!, x1!);
  const h = sub(y2!, y1!);
  if (to === 'xywh') return [x1!, y1!, w, h];
  return [mul(add(x1!, x2!), 0.5), mul(add(y1!, y2!), 0.5), w, h];
}

/**
 * Rewrites boxes [N, 4] from one format to another (see {@link BoxFormat}). Differentiable.
 * @example
 * const boxes = tensor([[1, 2, 5, 8]]);
 * boxConvert(boxes, 'xyxy', 'cxcywh'); // [[3, 5, 4, 6]]
 */
export function boxConvert(boxes: Tensor, from: BoxFormat, to: BoxFormat): Tensor {
  checkBoxes(boxes, 'boxConvert');
  for (const [arg, format] of [
    ['from', from],
    ['to', to],
  ] as const) {
    if (!formats.includes(format))
      throw new ValueError(`boxConvert: ${arg} must be 'xyxy', 'xywh' or 'cxcywh', got '${String(format)}'`);
  }
  if (from === to) return boxes;
  return stack(fromXyxy(toXyxy(boxes, from), to), 1);
}
