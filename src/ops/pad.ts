import { ValueError } from '../errors.js';
import { full } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { cat } from './cat.js';
import { expectTensor } from './core/convert.js';
import { expand } from './expand.js';
import { flip } from './flip.js';
import { narrow } from './narrow.js';

export type PadMode = 'constant' | 'reflect' | 'replicate';

export interface PadOptions {
  /** How the border is filled (default 'constant'). */
  mode?: PadMode;
  /** The fill value of 'constant' mode (default 0). */
  value?: number;
}

/** The strip of `width` entries that goes before (or after) `x` along `axis`. */
function border(
  x: Tensor,
  axis: number,
  width: number,
  before: boolean,
  options: Required<PadOptions>,
): Tensor {
  const size = x.shape[axis]!;
  const shape = [...x.shape];
  shape[axis] = width;
  if (options.mode === 'constant') return full(shape, options.value, { dtype: x.dtype });
  if (options.mode === 'replicate') return expand(narrow(x, axis, before ? 0 : size - 1, 1), shape);
  // reflect mirrors around the edge element without repeating it: [a b c] → b | a b c | b.
  return flip(narrow(x, axis, before ? 1 : size - 1 - width, width), [axis]);
}

function checkWidths(x: Tensor, axis: number, left: number, right: number, mode: PadMode): void {
  const size = x.shape[axis]!;
  if (mode === 'constant') {
    if (Math.max(0, -left) + Math.max(0, -right) > size)
      throw new ValueError(
        `pad: pads ${left}, ${right} remove more than the ${size} entries of axis ${axis}`,
      );
    return;
  }
  if (left < 0 || right < 0)
    throw new ValueError(`pad: ${mode} mode needs non-negative pads, got ${left}, ${right} on axis ${axis}`);
  if (mode === 'reflect' && (left >= size || right >= size)) {
    throw new ValueError(
      `pad: reflect pads must be smaller than the axis size, got ${left}, ${right} for axis ${axis} of size ${size}`,
    );
  }
  if (mode === 'replicate' && size === 0 && left + right > 0)
    throw new ValueError(`pad: replicate mode cannot pad axis ${axis} of size 0`);
}

/**
 * Pads the last axes of `x`. `pads` lists (before, after) pairs starting from the last axis and
 * going backwards, as PyTorch's `F.pad`: `[left, right, top, bottom]` pads width then height.
 * Negative pads in 'constant' mode crop.
 * @example
 * pad(tensor([1, 2, 3]), [1, 2]); // => [0, 1, 2, 3, 0, 0]
 * pad(tensor([1, 2, 3]), [2, 1], { mode: 'reflect' }); // => [3, 2, 1, 2, 3, 2]
 */
export function pad(x: Tensor, pads: readonly number[], options: PadOptions = {}): Tensor {
  expectTensor(x, 'pad', 'x');
  const opts: Required<PadOptions> = { mode: options.mode ?? 'constant', value: options.value ?? 0 };
  if (!['constant', 'reflect', 'replicate'].includes(opts.mode))
    throw new ValueError(`pad: mode must be 'constant', 'reflect' or 'replicate', got '${opts.mode}'`);
  if (!Array.isArray(pads) || pads.length % 2 !== 0 || pads.length > 2 * x.ndim) {
    throw new ValueError(
      `pad: pads must hold (before, after) pairs for at most ${x.ndim} axes, got ${JSON.stringify(pads)}`,
    );
  }
  pads.forEach((p, i) => {
    if (!Number.isSafeInteger(p)) throw new ValueError(`pad: pads[${i}] must be an integer, got ${p}`);
  });
  let y = x;
  for (let i = 0; i < pads.length / 2; i++) {
    const axis = x.ndim - 1 - i;
    const left = pads[2 * i]!;
    const right = pads[2 * i + 1]!;
    checkWidths(y, axis, left, right, opts.mode);
    y = padAxis(y, axis, left, right, opts);
  }
  return y;
}

function padAxis(x: Tensor, axis: number, left: number, right: number, opts: Required<PadOptions>): Tensor {
  // Negative (constant) pads crop first; what is left is a plain join.
  const crop = narrow(x, axis, Math.max(0, -left), x.shape[axis]! - Math.max(0, -left) - Math.max(0, -right));
  const parts: Tensor[] = [];
  if (left > 0) parts.push(border(crop, axis, left, true, opts));
  parts.push(crop);
  if (right > 0) parts.push(border(crop, axis, right, false, opts));
  return parts.length === 1 ? crop : cat(parts, axis);
}
