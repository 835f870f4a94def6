import { tensor } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';

/**
 * The three float64 [2, 3] inputs that the distance and embedding-loss tests (cdist,
 * pairwiseDistance, cosineSimilarity, the embedding losses) fed to PyTorch 1.13 for their
 * written-out expected values. Row 1 of x1 equals row 1 of x2, so each test also meets a
 * distance of 0. Fresh tensors on every call: a test may mark them for gradients.
 */
export function distanceInputs(): { x1: Tensor; x2: Tensor; x3: Tensor } {
  const f64 = { dtype: 'float64' } as const;
  return {
    x1: tensor(
      [
        [0.5, -1.0, 2.0],
        [1.5, 0.25, -0.75],
      ],
      f64,
    ),
    x2: tensor(
      [
        [1.0, 1.0, 1.0],
        [1.5, 0.25, -0.75],
      ],
      f64,
    ),
    x3: tensor(
      [
        [-0.5, 2.0, 0.0],
        [1.0, 0.5, -1.0],
      ],
      f64,
    ),
  };
}
