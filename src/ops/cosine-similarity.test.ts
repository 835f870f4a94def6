import { test } from 'node:test';
import { DTypeError, ShapeError } from '../errors.js';
import { tensor, zeros } from '../tensor/creation.js';
import { checkOp, type Plain } from '../testing/check-op.js';
import { distanceInputs } from '../testing/distance-inputs.js';
import { expectClose } from '../testing/expect-close.js';
import { cosineSimilarity } from './cosine-similarity.js';

/** The cosine along axis 1 of same-shape 2-D inputs [N, D] → [N], norms clamped at eps. */
function reference(x1: Plain, x2: Plain): Plain {
  const [n, d] = x1.shape as [number, number];
  const data = Array.from({ length: n }, (_, i) => {
    let dot = 0;
    let a = 0;
    let b = 0;
    for (let k = 0; k < d; k++) {
      dot += x1.data[i * d + k]! * x2.data[i * d + k]!;
      a += x1.data[i * d + k]! ** 2;
      b += x2.data[i * d + k]! ** 2;
    }
    return dot / (Math.max(Math.sqrt(a), 1e-8) * Math.max(Math.sqrt(b), 1e-8));
  });
  return { shape: [n], data };
}

checkOp({
  name: 'cosineSimilarity',
  fn: (x1, x2) => cosineSimilarity(x1!, x2!),
  reference,
  cases: [
    [
      [4, 3],
      [4, 3],
    ],
    [
      [1, 6],
      [1, 6],
    ],
    [
      [0, 3],
      [0, 3],
    ],
  ],
  errors: [
    {
      what: 'shapes that do not broadcast',
      call: () => cosineSimilarity(tensor([[1, 2]]), tensor([[1, 2, 3]])),
      message: /cosineSimilarity/,
      type: ShapeError,
    },
    {
      what: 'int32 inputs',
      call: () => cosineSimilarity(tensor([[1, 2]], { dtype: 'int32' }), tensor([[1, 2]])),
      message: /cosineSimilarity: x1 must be float32 or float64, got int32/,
      type: DTypeError,
    },
  ],
});

test('cosineSimilarity agrees with PyTorch on any axis; a zero vector gives 0', () => {
  const f64 = { dtype: 'float64' } as const;
  const { x1, x3 } = distanceInputs();
  // F.cosine_similarity from PyTorch 1.13
  const exact = { rtol: 1e-12, atol: 1e-12 };
  expectClose(cosineSimilarity(x1, x3), [-0.47633051162246687, 0.9337990556476818], exact);
  expectClose(
    cosineSimilarity(x1, x3, { axis: 0 }),
    [0.7071067811865475, -0.8823529411764706, 0.3511234415883917],
    exact,
  );
  expectClose(cosineSimilarity(zeros([1, 3], f64), x3.narrow(0, 0, 1)), [0]);
});
