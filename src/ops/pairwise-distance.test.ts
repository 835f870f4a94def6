import assert from 'node:assert/strict';
import { test } from 'node:test';
import { grad } from '../autograd/functional.js';
import { DTypeError, ShapeError, ValueError } from '../errors.js';
import { tensor } from '../tensor/creation.js';
import { checkOp, type Plain } from '../testing/check-op.js';
import { distanceInputs } from '../testing/distance-inputs.js';
import { expectClose } from '../testing/expect-close.js';
import { pairwiseDistance } from './pairwise-distance.js';
import { sum } from './sum.js';

/** ‖x1 − x2 + eps‖ₚ over the last axis of same-shape inputs. */
function reference(p: number, eps: number) {
  return (x1: Plain, x2: Plain): Plain => {
    const d = x1.shape.at(-1)!;
    const rows = x1.shape.slice(0, -1).reduce((a, b) => a * b, 1);
    const data = Array.from({ length: rows }, (_, r) => {
      const diffs = Array.from({ length: d }, (_, k) =>
        Math.abs(x1.data[r * d + k]! - x2.data[r * d + k]! + eps),
      );
      if (p === Number.POSITIVE_INFINITY) return diffs.reduce((m, v) => Math.max(m, v), 0);
      return diffs.reduce((s, v) => s + v ** p, 0) ** (1 / p);
    });
    return { shape: x1.shape.slice(0, -1), data };
  };
}

for (const p of [2, 1, 3, Number.POSITIVE_INFINITY]) {
  checkOp({
    name: `pairwiseDistance p=${p}`,
    fn: (x1, x2) => pairwiseDistance(x1!, x2!, { p }),
    reference: reference(p, 1e-6),
    cases: [
      [
        [4, 3],
        [4, 3],
      ],
      [
        [2, 2, 5],
        [2, 2, 5],
      ],
      [
        [0, 3],
        [0, 3],
      ],
    ],
    errors:
      p === 2
        ? [
            {
              what: 'different vector sizes',
              call: () => pairwiseDistance(tensor([[1, 2]]), tensor([[1, 2, 3]])),
              message:
                /pairwiseDistance: x1 and x2 must end in the same vector size, got \[1, 2\] and \[1, 3\]/,
              type: ShapeError,
            },
            {
              what: 'int32 inputs',
              call: () => pairwiseDistance(tensor([1], { dtype: 'int32' }), tensor([1])),
              message: /pairwiseDistance: x1 must be float32 or float64, got int32/,
              type: DTypeError,
            },
            {
              what: 'a non-positive p',
              call: () => pairwiseDistance(tensor([1]), tensor([1]), { p: 0 }),
              message: /pairwiseDistance: p must be a positive number or Infinity, got 0/,
              type: ValueError,
            },
          ]
        : [],
  });
}

const f64 = { dtype: 'float64' } as const;
// Computed once with PyTorch 1.13: F.pairwise_distance(x1, x2, p) with the default eps 1e-6.
const { x1, x2 } = distanceInputs();

test('pairwiseDistance agrees with PyTorch, eps included', () => {
  const exact = { rtol: 1e-12, atol: 1e-15 };
  expectClose(pairwiseDistance(x1, x2, { p: 1 }), [3.499999, 3e-6], exact);
  expectClose(pairwiseDistance(x1, x2), [2.2912871928248104, 1.7320508075688771e-6], exact);
  expectClose(pairwiseDistance(x1, x2, { p: 3 }), [2.089668853925268, 1.4422495703074094e-6], exact);
  expectClose(pairwiseDistance(x1, x2, { p: Number.POSITIVE_INFINITY }), [1.999999, 1e-6], exact);
  // at equal rows the gradient is eps/‖eps‖ = 1/√3 per entry, finite
  expectClose(
    grad((x) => sum(pairwiseDistance(x, x2)))(x1),
    [
      [-0.21821751614802024, -0.8728713738997964, 0.43643634160375594],
      [0.5773502691896258, 0.5773502691896258, 0.5773502691896258],
    ],
    { rtol: 1e-10, atol: 1e-12 },
  );
  assert.deepEqual(pairwiseDistance(x1, x2, { keepDims: true }).shape, [2, 1]);
  // broadcasting one vector against rows
  assert.deepEqual(pairwiseDistance(x1, tensor([0, 0, 0], f64)).shape, [2]);
});
