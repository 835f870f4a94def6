import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ShapeError } from '../errors.js';
import { tensor } from '../tensor/creation.js';
import { checkOp } from '../testing/check-op.js';
import { eq, ge, gt, le, lt, ne } from './compare.js';

const comparisons = [
  { name: 'eq', fn: eq, ref: (a: number, b: number) => a === b },
  { name: 'ne', fn: ne, ref: (a: number, b: number) => a !== b },
  { name: 'lt', fn: lt, ref: (a: number, b: number) => a < b },
  { name: 'le', fn: le, ref: (a: number, b: number) => a <= b },
  { name: 'gt', fn: gt, ref: (a: number, b: number) => a > b },
  { name: 'ge', fn: ge, ref: (a: number, b: number) => a >= b },
];

for (const { name, fn, ref } of comparisons) {
  checkOp({
    name,
    fn,
    elementwise: (a, b) => Number(ref(a, b)),
    // Comparisons are not differentiable: their output is bool.
    gradcheck: false,
    cases: [
      [
        [3, 4],
        [3, 4],
      ],
      [[2, 3], [3]],
      [
        [2, 1],
        [1, 3],
      ],
      [[], [4]],
      [[], []],
      [[0, 3], [3]],
    ],
    errors: [
      {
        what: 'shapes that do not broadcast',
        call: () => fn(tensor([1, 2]), tensor([1, 2, 3])),
        message: new RegExp(`${name}: shapes \\[2\\] and \\[3\\] cannot be broadcast`),
        type: ShapeError,
      },
      {
        what: 'a string',
        call: () => fn(tensor([1]), 'x' as never),
        message: new RegExp(`${name}: b must be`),
      },
    ],
  });
}

test('comparisons give bool tensors on exact values, numbers on either side', () => {
  const x = tensor([1, 2, 3]);
  assert.equal(eq(x, 2).dtype, 'bool');
  assert.deepEqual(eq(x, 2).toArray(), [false, true, false]);
  assert.deepEqual(ne(x, 2).toArray(), [true, false, true]);
  assert.deepEqual(lt(x, 2).toArray(), [true, false, false]);
  assert.deepEqual(le(x, 2).toArray(), [true, true, false]);
  assert.deepEqual(gt(2, x).toArray(), [true, false, false]);
  assert.deepEqual(ge(2, x).toArray(), [true, true, false]);
});

test('NaN compares false to everything except ne, which is true (IEEE)', () => {
  const x = tensor([Number.NaN, Number.NaN]);
  const y = tensor([Number.NaN, 1]);
  assert.deepEqual(eq(x, y).toArray(), [false, false]);
  assert.deepEqual(ne(x, y).toArray(), [true, true]);
  assert.deepEqual(lt(x, y).toArray(), [false, false]);
  assert.deepEqual(le(x, y).toArray(), [false, false]);
  assert.deepEqual(gt(x, y).toArray(), [false, false]);
  assert.deepEqual(ge(x, y).toArray(), [false, false]);
});

test('comparisons broadcast and promote: int32 against float32 compares values', () => {
  const col = tensor([[1], [2]], { dtype: 'int32' });
  const row = tensor([1.5, 2]);
  // [[1 < 1.5, 1 < 2], [2 < 1.5, 2 < 2]]
  assert.deepEqual(lt(col, row).toArray(), [
    [true, true],
    [false, false],
  ]);
  assert.deepEqual(eq(tensor([2], { dtype: 'int32' }), 2.5).toArray(), [false]);
});
