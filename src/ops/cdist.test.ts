import { test } from 'node:test';
import { grad } from '../autograd/functional.js';
import { ShapeError } from '../errors.js';
import { tensor } from '../tensor/creation.js';
import { checkOp, type Plain } from '../testing/check-op.js';
import { distanceInputs } from '../testing/distance-inputs.js';
import { expectClose } from '../testing/expect-close.js';
import { cdist } from './cdist.js';
import { sum } from './sum.js';

/** Every row of x1 [B?, P, M] against every row of x2 [B?, R, M]. */
function reference(p: number) {
  return (x1: Plain, x2: Plain): Plain => {
    const [P, M] = x1.shape.slice(-2) as [number, number];
    const R = x2.shape.at(-2)!;
    const batch = x1.shape.length === 3 ? x1.shape[0]! : 1;
    const data: number[] = [];
    for (let b = 0; b < batch; b++)
      for (let i = 0; i < P; i++)
        for (let j = 0; j < R; j++) {
          let s = 0;
          for (let k = 0; k < M; k++)
            s += Math.abs(x1.data[(b * P + i) * M + k]! - x2.data[(b * R + j) * M + k]!) ** p;
          data.push(s ** (1 / p));
        }
    return { shape: [...x1.shape.slice(0, -2), P, R], data };
  };
}

for (const p of [2, 1, 3]) {
  checkOp({
    name: `cdist p=${p}`,
    fn: (x1, x2) => cdist(x1!, x2!, { p }),
    reference: reference(p),
    cases: [
      [
        [3, 4],
        [2, 4],
      ],
      [
        [2, 3, 2],
        [2, 4, 2],
      ],
      [
        [0, 3],
        [2, 3],
      ],
      [
        [2, 3],
        [0, 3],
      ],
    ],
    errors:
      p === 2
        ? [
            {
              what: 'vectors instead of matrices',
              call: () => cdist(tensor([1, 2]), tensor([1, 2])),
              message:
                /cdist: x1 and x2 must have at least 2 axes \[..., rows, features\], got \[2\] and \[2\]/,
              type: ShapeError,
            },
            {
              what: 'different feature sizes',
              call: () => cdist(tensor([[1, 2]]), tensor([[1, 2, 3]])),
              message: /cdist: x1 and x2 must end in the same vector size/,
              type: ShapeError,
            },
          ]
        : [],
  });
}

test('cdist agrees with PyTorch, gradient 0 at distance 0', () => {
  const { x1, x2, x3 } = distanceInputs();
  // torch.cdist(x1, x3, p) from PyTorch 1.13
  const exact = { rtol: 1e-12, atol: 1e-12 };
  expectClose(
    cdist(x1, x3),
    [
      [3.7416573867739413, 3.391164991562634],
      [2.7613402542968153, 0.6123724356957945],
    ],
    exact,
  );
  expectClose(
    cdist(x1, x3, { p: 1 }),
    [
      [6, 5],
      [4.5, 1],
    ],
    exact,
  );
  expectClose(
    cdist(x1, x3, { p: 3 }),
    [
      [3.3019272488946263, 3.124399884763122],
      [2.3975234870805444, 0.538608672507971],
    ],
    exact,
  );
  // x1[1] equals x2[1]: that distance adds nothing to the gradient (PyTorch's convention).
  expectClose(
    grad((x) => sum(cdist(x, x2)))(x1),
    [
      [-0.5324875707633469, -1.2657086616031625, 1.3006774019222096],
      [0.254000254000381, -0.3810003810005715, -0.8890008890013334],
    ],
    { rtol: 1e-10, atol: 1e-12 },
  );
});
