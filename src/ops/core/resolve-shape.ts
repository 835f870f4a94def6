import { ShapeError } from '../../errors.js';
import { formatShape, sizeOf } from '../../tensor/shape.js';

/**
 * Resolves one −1 in `shape` against `size` elements (reshape's argument check).
 * @example
 * resolveShape([2, -1], 6, 'reshape'); // => [2, 3]
 */
export function resolveShape(shape: readonly number[], size: number, op: string): number[] {
  if (!Array.isArray(shape))
    throw new ShapeError(`${op}: shape must be an array of sizes, got ${String(shape)}`);
  const unknown = shape.indexOf(-1);
  if (shape.filter((s) => s === -1).length > 1)
    throw new ShapeError(`${op}: only one dimension can be -1, got ${formatShape(shape)}`);
  shape.forEach((s, i) => {
    if (s !== -1 && (!Number.isSafeInteger(s) || s < 0))
      throw new ShapeError(`${op}: shape[${i}] must be a non-negative integer or -1, got ${s}`);
  });
  if (unknown < 0) {
    if (sizeOf(shape) !== size)
      throw new ShapeError(
        `${op}: cannot reshape ${size} elements into shape ${formatShape(shape)} (${sizeOf(shape)} elements)`,
      );
    return [...shape];
  }
  const known = sizeOf(shape.filter((s) => s !== -1));
  if (known === 0 || size % known !== 0)
    throw new ShapeError(`${op}: cannot reshape ${size} elements into shape ${formatShape(shape)}`);
  const out = [...shape];
  out[unknown] = size / known;
  return out;
}
