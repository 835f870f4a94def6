import { ShapeError, ValueError } from '../errors.js';
import { isFloat } from '../tensor/dtype.js';
import { formatShape, shapesEqual } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';

/** Predicted and true classes of every pixel, flattened. */
export interface PixelLabels {
  pred: Int32Array;
  target: Int32Array;
}

/**
 * The per-pixel classes of a segmentation: `pred` is scores `[N, C, d...]` (argmax over axis 1,
 * ties to the first class, a NaN score to class −1, which matches nothing) or class indices of
 * the target's shape `[N, d...]`; `target` holds whole class indices.
 * @example
 * const scores = tensor([[[0.2, 0.9]], [[0.8, 0.1]]]).reshape([1, 2, 1, 2]);
 * pixelLabels(scores, tensor([[[1, 0]]], { dtype: 'int32' }), 'pixelAccuracy').pred; // => [1, 0]
 */
export function pixelLabels(pred: Tensor, target: Tensor, op: string): PixelLabels {
  const t = Int32Array.from(target.data(), (v) => {
    if (!Number.isInteger(v)) throw new ValueError(`${op}: target must hold class indices, got ${v}`);
    return v;
  });
  if (shapesEqual(pred.shape, target.shape) && !isFloat(pred.dtype))
    return { pred: Int32Array.from(pred.data()), target: t };
  const [n, c] = [pred.shape[0], pred.shape[1]];
  if (
    !isFloat(pred.dtype) ||
    n === undefined ||
    c === undefined ||
    !shapesEqual([n, ...pred.shape.slice(2)], target.shape)
  )
    throw new ShapeError(
      `${op}: pred must be float scores [N, C, d...] or class indices of the target's shape, got ${pred.dtype} ${formatShape(pred.shape)} for target ${formatShape(target.shape)}`,
    );
  const scores = pred.data();
  const inner = target.size / Math.max(n, 1);
  const p = new Int32Array(target.size);
  for (let b = 0; b < n; b++)
    for (let i = 0; i < inner; i++) {
      const at = b * c * inner + i;
      let best = 0;
      for (let k = 0; k < c; k++) {
        const v = scores[at + k * inner]!;
        if (Number.isNaN(v)) {
          best = -1;
          break;
        }
        if (v > scores[at + best * inner]!) best = k;
      }
      p[b * inner + i] = best;
    }
  return { pred: p, target: t };
}
