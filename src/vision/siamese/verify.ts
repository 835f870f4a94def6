import { pairwiseDistance, ShapeError, type Tensor, ValueError } from '../../index.js';

export interface Verification {
  /** The Euclidean distance between each pair of encodings. */
  distance: Tensor;
  /** Whether each pair is judged the same identity: distance < threshold. */
  same: boolean[];
}

/**
 * Face verification as the course does it: two encodings f(x1), f(x2) ([D], or [N, D] pairs
 * row by row) belong to the same identity when their Euclidean distance is below `threshold`.
 * @example
 * const a = tensor([[0, 0], [0, 0]]);
 * const b = tensor([[0.3, 0.4], [3, 4]]);
 * verify(a, b, 1).same; // [true, false]: distances 0.5 and 5
 */
export function verify(encoding1: Tensor, encoding2: Tensor, threshold: number): Verification {
  if (encoding1.ndim < 1 || encoding1.ndim > 2 || encoding1.shape.join() !== encoding2.shape.join())
    throw new ShapeError(
      `verify: encodings must share a shape [D] or [N, D], got [${encoding1.shape.join(', ')}] and [${encoding2.shape.join(', ')}]`,
    );
  if (!(threshold > 0)) throw new ValueError(`verify: threshold must be positive, got ${threshold}`);
  const distance = pairwiseDistance(encoding1, encoding2, { eps: 0 });
  return { distance, same: [...distance.data()].map((d) => d < threshold) };
}
