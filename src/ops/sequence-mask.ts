import { ValueError } from '../errors.js';
import { allocate } from '../tensor/dtype.js';
import type { Tensor } from '../tensor/tensor.js';
import { fromData } from './core/run-kernel.js';

/**
 * A bool mask `[lengths.length, maxLength]` of the steps that belong to each padded sequence:
 * `mask[b][t]` is true when `t < lengths[b]` (TensorFlow's `sequence_mask`). It marks the real
 * tokens of a batch padded to one length, for `where`, `maskedFill` or a masked loss.
 * @example
 * sequenceMask([3, 1], 4); // => [[true, true, true, false], [true, false, false, false]]
 */
export function sequenceMask(lengths: readonly number[], maxLength: number): Tensor {
  if (!Number.isSafeInteger(maxLength) || maxLength < 0)
    throw new ValueError(`sequenceMask: maxLength must be an integer ≥ 0, got ${maxLength}`);
  if (!Array.isArray(lengths))
    throw new ValueError(`sequenceMask: lengths must be an array of integers, got ${String(lengths)}`);
  const mask = allocate('bool', lengths.length * maxLength);
  lengths.forEach((n, b) => {
    if (!Number.isInteger(n) || n < 0 || n > maxLength)
      throw new ValueError(`sequenceMask: lengths[${b}] must be an integer in [0, ${maxLength}], got ${n}`);
    mask.fill(1, b * maxLength, b * maxLength + n);
  });
  return fromData(mask, [lengths.length, maxLength], 'bool');
}
