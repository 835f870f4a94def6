import { test } from 'node:test';
import { ShapeError } from '../errors.js';
import { tensor, zeros } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkOp, type Plain } from '../testing/check-op.js';
import { expectClose } from '../testing/expect-close.js';
import { globalAvgPool } from './global-avg-pool.js';

const reference = (x: Plain): Plain => {
  const [n, c] = x.shape as [number, number];
  const plane = x.shape.slice(2).reduce((a, b) => a * b, 1);
  const data = Array.from({ length: n * c }, (_, i) => {
    let total = 0;
    for (let j = 0; j < plane; j++) total += x.data[i * plane + j]!;
    return total / plane;
  });
  return { shape: [n, c], data };
};

checkOp({
  name: 'globalAvgPool',
  fn: (x: Tensor) => globalAvgPool(x),
  reference,
  cases: [[[2, 3, 4, 5]], [[0, 3, 2, 2]], [[2, 2, 3]], [[1, 2, 2, 2, 2]]],
  errors: [
    {
      what: 'a 2-d input',
      call: () => globalAvgPool(zeros([2, 3])),
      message: /globalAvgPool: x must have rank ≥ 3 \[batch, channels, ...spatial\], got shape \[2, 3\]/,
      type: ShapeError,
    },
  ],
});

test('globalAvgPool: each [height, width] plane becomes its mean', () => {
  // (1 + 2 + 3 + 6)/4 = 3 and (0 + 0 + 4 + 4)/4 = 2.
  expectClose(
    globalAvgPool(
      tensor([
        [
          [
            [1, 2],
            [3, 6],
          ],
          [
            [0, 0],
            [4, 4],
          ],
        ],
      ]),
    ),
    [[3, 2]],
  );
});
