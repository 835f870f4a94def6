// The padded-sequence ops: sequenceMask, maskedMean, lastValidStep.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { grad } from '../autograd/functional.js';
import { DTypeError, ShapeError, ValueError } from '../errors.js';
import { ones, tensor } from '../tensor/creation.js';
import { checkOp, type Plain } from '../testing/check-op.js';
import { expectClose } from '../testing/expect-close.js';
import { lastValidStep } from './last-valid-step.js';
import { maskedMean } from './masked-mean.js';
import { sequenceMask } from './sequence-mask.js';
import { sum } from './sum.js';

/** Applies `pick(steps of one sequence)` to each sequence of a plain `[batch, seq, ...f]`. */
function perSequence(x: Plain, pick: (rows: number[][], b: number) => number[]): Plain {
  const [batch, seq, ...features] = x.shape as [number, number, ...number[]];
  const f = features.reduce((a, b) => a * b, 1);
  const data: number[] = [];
  for (let b = 0; b < batch; b++) {
    const rows = Array.from({ length: seq }, (_, t) =>
      x.data.slice((b * seq + t) * f, (b * seq + t + 1) * f),
    );
    data.push(...pick(rows, b));
  }
  return { shape: [batch, ...features], data };
}

const lengths = (shape: readonly number[]): number[] =>
  Array.from({ length: shape[0]! }, (_, b) => 1 + ((b * 2) % shape[1]!));

const cases = [[[3, 4, 2]], [[2, 5]], [[1, 1, 3]], [[2, 3, 0]], [[0, 2, 3]]] as const;

checkOp({
  name: 'maskedMean',
  fn: (x) => maskedMean(x!, lengths(x!.shape)),
  reference: (x) =>
    perSequence(x, (rows, b) => {
      const n = lengths(x.shape)[b]!;
      return rows[0]!.map((_, k) => rows.slice(0, n).reduce((s, r) => s + r[k]!, 0) / n);
    }),
  cases,
  errors: [
    {
      what: 'a length past the padded length',
      call: () => maskedMean(ones([2, 3, 4]), [3, 4]),
      message: /maskedMean: lengths\[1\] must be an integer in \[1, 3\], got 4/,
      type: ValueError,
    },
    {
      what: 'one length too few',
      call: () => maskedMean(ones([2, 3, 4]), [3]),
      message: /maskedMean: lengths must hold one length per sequence \(2\), got 1/,
      type: ShapeError,
    },
    {
      what: 'a rank-1 x',
      call: () => maskedMean(ones([3]), [1, 1, 1]),
      message: /maskedMean: x must be \[batch, seq, \.\.\.\]/,
      type: ShapeError,
    },
    {
      what: 'int32 x',
      call: () => maskedMean(tensor([[1, 2]], { dtype: 'int32' }), [1]),
      message: /maskedMean: x must be float32 or float64, got int32/,
      type: DTypeError,
    },
  ],
});

checkOp({
  name: 'lastValidStep',
  fn: (x) => lastValidStep(x!, lengths(x!.shape)),
  reference: (x) => perSequence(x, (rows, b) => rows[lengths(x.shape)[b]! - 1]!),
  cases,
  errors: [
    {
      what: 'a zero length',
      call: () => lastValidStep(ones([2, 3, 4]), [0, 2]),
      message: /lastValidStep: lengths\[0\] must be an integer in \[1, 3\], got 0/,
      type: ValueError,
    },
    {
      what: 'a fractional length',
      call: () => lastValidStep(ones([1, 3]), [1.5]),
      message: /lastValidStep: lengths\[0\] must be an integer in \[1, 3\], got 1.5/,
      type: ValueError,
    },
  ],
});

test('maskedMean: padding steps holding Infinity stay out, and get no gradient', () => {
  // Sequence 0 is [1, 3] then padding, sequence 1 is [2] then padding: means 2 and 2.
  const x = tensor([
    [[1], [3], [Infinity]],
    [[2], [Number.NaN], [5]],
  ]);
  expectClose(maskedMean(x, [2, 1]), [[2], [2]]);
  // d mean / d x[b, t] = 1 / lengths[b] on the real steps, 0 on the padding.
  const dx = grad((x) => sum(maskedMean(x, [2, 1])))(
    tensor([
      [[1], [3], [4]],
      [[2], [6], [5]],
    ]),
  );
  expectClose(dx, [
    [[0.5], [0.5], [0]],
    [[1], [0], [0]],
  ]);
});

test('lastValidStep picks each sequence’s last real step, and only it gets the gradient', () => {
  const x = tensor([
    [
      [1, 2],
      [3, 4],
    ],
    [
      [5, 6],
      [7, 8],
    ],
  ]);
  expectClose(lastValidStep(x, [1, 2]), [
    [1, 2],
    [7, 8],
  ]);
  const dx = grad((x) => sum(lastValidStep(x, [1, 2])))(x);
  expectClose(dx, [
    [
      [1, 1],
      [0, 0],
    ],
    [
      [0, 0],
      [1, 1],
    ],
  ]);
});

test('sequenceMask marks the first lengths[b] steps of each row', () => {
  const mask = sequenceMask([3, 0, 1], 3);
  assert.equal(mask.dtype, 'bool');
  assert.deepEqual(mask.shape, [3, 3]);
  assert.deepEqual([...mask.data()], [1, 1, 1, 0, 0, 0, 1, 0, 0]);
  assert.deepEqual(sequenceMask([], 4).shape, [0, 4]);
  assert.throws(
    () => sequenceMask([5], 4),
    /sequenceMask: lengths\[0\] must be an integer in \[0, 4\], got 5/,
  );
  assert.throws(() => sequenceMask([1], -1), /sequenceMask: maxLength must be an integer ≥ 0, got -1/);
});
