import { test } from 'node:test';
import { grad } from '../autograd/functional.js';
import { ValueError } from '../errors.js';
import { tensor } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkOp } from '../testing/check-op.js';
import { expectClose } from '../testing/expect-close.js';
import { reduceReference } from '../testing/reference/reduce-reference.js';
import { type NormOrder, norm } from './norm.js';

const references: Record<string, (v: number[]) => number> = {
  '1': (v) => v.reduce((a, b) => a + Math.abs(b), 0),
  '2': (v) => Math.sqrt(v.reduce((a, b) => a + b * b, 0)),
  fro: (v) => Math.sqrt(v.reduce((a, b) => a + b * b, 0)),
  Infinity: (v) => v.reduce((a, b) => Math.max(a, Math.abs(b)), 0),
};

for (const ord of [1, 2, 'fro', Number.POSITIVE_INFINITY] as NormOrder[]) {
  for (const [axis, keepDims] of [
    [undefined, false],
    [1, false],
    [-1, true],
    [[0, 1], false],
  ] as const) {
    checkOp({
      name: `norm ord ${ord} axis ${JSON.stringify(axis)} keepDims ${keepDims}`,
      fn: (x: Tensor) => norm(x, ord, axis, keepDims),
      reference: (x) =>
        reduceReference(
          x,
          axis === undefined ? undefined : [axis].flat(),
          keepDims,
          references[String(ord)]!,
        ),
      cases: [[[2, 3, 4]], [[2, 0, 3]]],
    });
  }
}

checkOp({
  name: 'norm errors',
  fn: (x: Tensor) => norm(x),
  reference: (x) => reduceReference(x, undefined, false, references['2']!),
  cases: [[[]]],
  errors: [
    {
      what: 'ord 3',
      call: () => norm(tensor([1]), 3 as never),
      message: /norm: ord must be 1, 2, Infinity or 'fro', got 3/,
      type: ValueError,
    },
    {
      what: 'an out-of-range axis',
      call: () => norm(tensor([1]), 2, 1),
      message: /norm: axis 1 is out of range/,
      type: ValueError,
    },
  ],
});

test('norm values: ‖(3, −4)‖₂ = 5, ‖·‖₁ = 7, ‖·‖∞ = 4', () => {
  const x = tensor([3, -4]);
  expectClose(norm(x), [5]);
  expectClose(norm(x, 1), [7]);
  expectClose(norm(x, Number.POSITIVE_INFINITY), [4]);
});

test('the 2-norm has gradient x/‖x‖, and 0 (not NaN) at x = 0 as PyTorch', () => {
  expectClose(grad((v: Tensor) => norm(v))(tensor([3, -4], { dtype: 'float64' })), [0.6, -0.8]);
  expectClose(grad((v: Tensor) => norm(v))(tensor([0, 0], { dtype: 'float64' })), [0, 0]);
  expectClose(
    grad((v: Tensor) => norm(v, 2, 1).sum())(
      tensor(
        [
          [0, 0],
          [3, 4],
        ],
        { dtype: 'float64' },
      ),
    ),
    [0, 0, 0.6, 0.8],
  );
});
