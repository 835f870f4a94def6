import { DTypeError, ShapeError, type Tensor } from '../../index.js';

/**
 * Checks that `boxes` is a float tensor of shape [N, 4] (one box per row), the contract of every
 * box function; `op` and `arg` name the caller in the error.
 * @example
 * checkBoxes(tensor([[0, 0, 1, 1]]), 'boxArea', 'boxes'); // passes
 */
export function checkBoxes(boxes: Tensor, op: string, arg = 'boxes'): void {
  if (boxes === null || typeof boxes !== 'object' || !('shape' in boxes))
    throw new DTypeError(`${op}: ${arg} must be a tensor, got ${typeof boxes}`);
  if (boxes.ndim !== 2 || boxes.shape[1] !== 4)
    throw new ShapeError(`${op}: ${arg} must have shape [N, 4], got [${boxes.shape.join(', ')}]`);
  if (boxes.dtype !== 'float32' && boxes.dtype !== 'float64')
    throw new DTypeError(`${op}: ${arg} must be float32 or float64, got ${boxes.dtype}`);
}

/**
 * Checks that `values` is a 1-D tensor with one entry per box.
 * @example
 * checkPerBox(tensor([0.9]), 1, 'nms', 'scores'); // passes
 */
export function checkPerBox(values: Tensor, n: number, op: string, arg: string): void {
  if (values === null || typeof values !== 'object' || !('shape' in values))
    throw new DTypeError(`${op}: ${arg} must be a tensor, got ${typeof values}`);
  if (values.ndim !== 1 || values.shape[0] !== n)
    throw new ShapeError(
      `${op}: ${arg} must have shape [${n}] (one per box), got [${values.shape.join(', ')}]`,
    );
}
