// Bad arguments get a typed error naming the op, never a raw JavaScript error or a silent result.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DTypeError, ShapeError, ValueError } from '../errors.js';
import { arange, cast, full, mean, softplus, sum, type Tensor, tensor, zeros } from '../index.js';

const cases: [string, () => unknown, typeof ValueError, RegExp][] = [
  ['zeros past the element limit', () => zeros([2 ** 33]), ShapeError, /^zeros: shape \[8589934592\] holds/],
  [
    'full past the element limit',
    () => full([2 ** 16, 2 ** 16], 1),
    ShapeError,
    /^full: shape \[65536, 65536\]/,
  ],
  [
    'tensor with an unknown dtype',
    () => tensor([1], { dtype: 'float16' as 'float32' }),
    DTypeError,
    /^tensor: dtype must be one of float32, float64, int32, bool, got "float16"$/,
  ],
  [
    'cast to an unknown dtype',
    () => cast(tensor([1]), 'float16' as 'float32'),
    DTypeError,
    /^cast: dtype must be one of/,
  ],
  [
    'sum over a string axis',
    () => sum(tensor([1, 2]), 'a' as unknown as number),
    ValueError,
    /^sum: axis must be an integer or an array of integers, got "a"$/,
  ],
  [
    'mean over an object axis',
    () => mean(tensor([1, 2]), {} as unknown as number),
    ValueError,
    /^mean: axis must be/,
  ],
  [
    'NaN cast to int32',
    () => cast(tensor([1, Number.NaN]), 'int32'),
    ValueError,
    /^cast: element 1 \(NaN\) does not fit in int32$/,
  ],
  [
    '1e10 cast to int32',
    () => cast(tensor([1e10], { dtype: 'float64' }), 'int32'),
    ValueError,
    /^cast: element 0 \(10000000000\) does not fit in int32$/,
  ],
  [
    '∞ cast to int32',
    () => cast(tensor([Number.NEGATIVE_INFINITY]), 'int32'),
    ValueError,
    /does not fit in int32/,
  ],
  ['softplus with beta 0', () => softplus(tensor([1]), 0), ValueError, /^softplus: beta must be non-zero/],
  [
    'arange stepping away from its end',
    () => arange(0, 5, -1),
    ValueError,
    /^arange: step -1 points away from end/,
  ],
];

for (const [name, call, type, message] of cases) {
  test(`${name}: ${type.name}`, () => {
    assert.throws(call, (e: unknown) => e instanceof type && message.test((e as Error).message));
  });
}

test('the edges that are fine stay fine', () => {
  assert.deepEqual(
    cast(tensor([2147483647.9, -2147483648], { dtype: 'float64' }), 'int32').toArray(),
    [2147483647, -2147483648],
  );
  assert.deepEqual(arange(5, 5, -1).toArray(), []);
  assert.deepEqual(arange(5, 0, -2).toArray(), [5, 3, 1]);
  const empty: Tensor = zeros([0, 2 ** 40]);
  assert.equal(empty.size, 0);
});
