import { ValueError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { expectTensor } from './core/convert.js';
import { expand } from './expand.js';
import { reshape } from './reshape.js';

function checkReps(reps: readonly number[], op: string): void {
  if (!Array.isArray(reps))
    throw new ValueError(`${op}: reps must be an array of counts, got ${String(reps)}`);
  reps.forEach((r, i) => {
    if (!Number.isSafeInteger(r) || r < 0)
      throw new ValueError(`${op}: reps[${i}] must be a non-negative integer, got ${r}`);
  });
}

/**
 * The tensor repeated `reps[i]` times along axis i (PyTorch's `repeat`). `reps` may be longer than
 * the rank: the tensor is then treated as having leading size-1 axes.
 * @example
 * repeat(tensor([1, 2]), [2, 2]); // => [[1, 2, 1, 2], [1, 2, 1, 2]]
 */
export function repeat(x: Tensor, reps: readonly number[]): Tensor {
  expectTensor(x, 'repeat', 'x');
  checkReps(reps, 'repeat');
  if (reps.length < x.ndim)
    throw new ValueError(
      `repeat: reps must name at least ${x.ndim} counts (one per axis), got ${reps.length}`,
    );
  const shape = [...new Array<number>(reps.length - x.ndim).fill(1), ...x.shape];
  // Interleave a new axis of size reps[i] before each axis i, broadcast, then merge the pairs:
  // [s0, s1] → [1, s0, 1, s1] → [r0, s0, r1, s1] → [r0·s0, r1·s1]. The copy happens in reshape.
  const interleaved = shape.flatMap((s) => [1, s]);
  const expanded = expand(
    reshape(x, interleaved),
    shape.flatMap((s, i) => [reps[i]!, s]),
  );
  return reshape(
    expanded,
    shape.map((s, i) => s * reps[i]!),
  );
}

/**
 * Tiles the tensor like NumPy's `tile`: a `reps` shorter than the rank repeats the last axes.
 * @example
 * tile(tensor([[1, 2], [3, 4]]), [2]); // => [[1, 2, 1, 2], [3, 4, 3, 4]]
 */
export function tile(x: Tensor, reps: readonly number[]): Tensor {
  expectTensor(x, 'tile', 'x');
  checkReps(reps, 'tile');
  const full = [...new Array<number>(Math.max(0, x.ndim - reps.length)).fill(1), ...reps];
  return repeat(x, full);
}
