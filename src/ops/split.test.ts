import assert from 'node:assert/strict';
import { test } from 'node:test';
import { grad } from '../autograd/functional.js';
import { ShapeError, ValueError } from '../errors.js';
import { arange, tensor } from '../tensor/creation.js';
import { checkOp, type Plain } from '../testing/check-op.js';
import { expectClose } from '../testing/expect-close.js';
import { cat } from './cat.js';
import { mul } from './mul.js';
import { chunk, split } from './split.js';
import { sum } from './sum.js';

// Splitting and joining back is the identity; gradcheck reaches every piece through cat.
const identity = (x: Plain): Plain => x;

checkOp({
  name: 'cat(split(x, 2, 1), 1)',
  fn: (x) => cat(split(x, 2, 1), 1),
  reference: identity,
  cases: [[[3, 5]], [[2, 4]], [[0, 3]], [[2, 1]]],
  errors: [
    {
      what: 'a zero size',
      call: () => split(arange(4), 0),
      message: /split: size must be a positive integer, got 0/,
      type: ValueError,
    },
    {
      what: 'sizes that do not add up',
      call: () => split(arange(4), [1, 2]),
      message: /split: sizes \[1,2\] add up to 3, expected the size of axis 0 \(4\)/,
    },
    {
      what: 'a scalar',
      call: () => split(tensor(1), 1),
      message: /split: x must have at least 1 dimension/,
      type: ShapeError,
    },
  ],
});

checkOp({
  name: 'cat(chunk(x, 3, 0), 0)',
  fn: (x) => cat(chunk(x, 3, 0), 0),
  reference: identity,
  cases: [[[5, 2]], [[3]], [[1, 4]]],
  errors: [
    {
      what: 'zero chunks',
      call: () => chunk(arange(4), 0),
      message: /chunk: chunks must be a positive integer, got 0/,
    },
  ],
});

test('split by size leaves a smaller last piece; by sizes follows the list', () => {
  assert.deepEqual(
    split(arange(5), 2).map((t) => t.toArray()),
    [[0, 1], [2, 3], [4]],
  );
  assert.deepEqual(
    split(arange(5), [1, 0, 4]).map((t) => t.toArray()),
    [[0], [], [1, 2, 3, 4]],
  );
  assert.deepEqual(
    split(
      tensor([
        [1, 2, 3],
        [4, 5, 6],
      ]),
      2,
      -1,
    ).map((t) => t.toArray()),
    [
      [
        [1, 2],
        [4, 5],
      ],
      [[3], [6]],
    ],
  );
});

test('chunk gives ⌈n / chunks⌉ per piece, hence fewer pieces when n does not allow more', () => {
  assert.deepEqual(
    chunk(arange(5), 3).map((t) => t.toArray()),
    [[0, 1], [2, 3], [4]],
  );
  // ⌈6 / 4⌉ = 2 → three chunks of 2, not four (as torch.chunk).
  assert.equal(chunk(arange(6), 4).length, 3);
});

test('the pieces are views that share storage with x', () => {
  const x = arange(6);
  const [a, b] = split(x, 3);
  assert.equal(a!.storage, x.storage);
  assert.equal(b!.storage, x.storage);
  assert.equal(b!.offset, 3);
});

test('gradients flow back through each piece to its window of x', () => {
  // f = Σ piece0·1 + Σ piece1·2 over split([a b c d], 2) → df/dx = [1, 1, 2, 2].
  const g = grad((x) => {
    const [p, q] = split(x, 2);
    return sum(p!).add(sum(mul(q!, 2)));
  })(tensor([1, 2, 3, 4]));
  expectClose(g, [1, 1, 2, 2]);
});
