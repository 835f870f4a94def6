import { test } from 'node:test';
import { grad } from '../autograd/functional.js';
import { ValueError } from '../errors.js';
import { tensor } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkOp } from '../testing/check-op.js';
import { expectClose } from '../testing/expect-close.js';
import { reduceReference } from '../testing/reference/reduce-reference.js';
import { max, min } from './max.js';

for (const [name, fn, f] of [
  ['max', max, (v: number[]) => Math.max(...v)],
  ['min', min, (v: number[]) => Math.min(...v)],
] as const) {
  for (const [axis, keepDims] of [
    [undefined, false],
    [1, false],
    [-1, true],
    [[0, 2], false],
  ] as const) {
    checkOp({
      name: `${name} axis ${JSON.stringify(axis)} keepDims ${keepDims}`,
      fn: (x: Tensor) => fn(x, axis, keepDims),
      reference: (x) => reduceReference(x, axis === undefined ? undefined : [axis].flat(), keepDims, f),
      // Zero-size inputs only where the reduced axis is not the empty one (max has no identity).
      cases: axis === 1 ? [[[2, 3, 4]], [[2, 3, 0]], [[0, 3, 2]]] : [[[2, 3, 4]]],
    });
  }
  checkOp({
    name: `${name} of a scalar`,
    fn: (x: Tensor) => fn(x),
    reference: (x) => x,
    cases: [[[]]],
    errors: [
      {
        what: 'an empty axis',
        call: () => fn(tensor([[], []]), 1),
        message: new RegExp(`${name}: cannot reduce axis 1 of size 0`),
        type: ValueError,
      },
      {
        what: 'an out-of-range axis',
        call: () => fn(tensor([1]), 1),
        message: new RegExp(`${name}: axis 1 is out of range`),
        type: ValueError,
      },
    ],
  });
}

test('max/min share the gradient evenly among ties; NaN wins', () => {
  const x = tensor([1, 3, 3, 0], { dtype: 'float64' });
  expectClose(grad((v: Tensor) => max(v))(x), [0, 0.5, 0.5, 0]);
  expectClose(grad((v: Tensor) => min(v))(x), [0, 0, 0, 1]);
  expectClose(max(tensor([1, Number.NaN, 3])), [Number.NaN]);
  expectClose(
    min(
      tensor([
        [1, Number.NaN],
        [3, 4],
      ]),
      1,
    ),
    [Number.NaN, 3],
  );
});
