import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ValueError } from '../errors.js';
import { arange, tensor } from '../tensor/creation.js';
import { checkOp, type Plain } from '../testing/check-op.js';
import { expectClose } from '../testing/expect-close.js';
import { flip } from './flip.js';
import { transpose } from './permute.js';

/** Reverses the named axes of a plain row-major array. */
function flipReference(axes: number[]) {
  return (x: Plain): Plain => {
    const nd = x.shape.length;
    const norm = axes.map((a) => (a < 0 ? a + nd : a));
    const data = x.data.map((_, i) => {
      let rest = i;
      let src = 0;
      let stride = 1;
      for (let d = nd - 1; d >= 0; d--) {
        const size = x.shape[d]!;
        const pos = rest % size;
        rest = Math.floor(rest / size);
        src += (norm.includes(d) ? size - 1 - pos : pos) * stride;
        stride *= size;
      }
      return x.data[src]!;
    });
    return { shape: x.shape, data };
  };
}

checkOp({
  name: 'flip axis -1',
  fn: (x) => flip(x, [-1]),
  reference: flipReference([-1]),
  cases: [[[3, 4]], [[5]], [[0, 3]], [[2, 0]]],
  errors: [
    {
      what: 'an axis out of range',
      call: () => flip(arange(3), [1]),
      message: /flip: axis 1 is out of range/,
    },
    {
      what: 'a repeated axis',
      call: () => flip(arange(3), [0, -1]),
      message: /flip: axis .* names an axis twice/,
    },
    {
      what: 'axes that are not an array',
      call: () => flip(arange(3), 0 as never),
      message: /flip: axes must be an array/,
      type: ValueError,
    },
  ],
});

checkOp({
  name: 'flip axes [0, 2]',
  fn: (x) => flip(x, [0, 2]),
  reference: flipReference([0, 2]),
  cases: [[[2, 3, 4]], [[1, 1, 1]]],
});

test('flip reverses rows, columns or both of a 2×2', () => {
  const x = tensor([
    [1, 2],
    [3, 4],
  ]);
  assert.deepEqual(flip(x, [0]).toArray(), [
    [3, 4],
    [1, 2],
  ]);
  assert.deepEqual(flip(x, [1]).toArray(), [
    [2, 1],
    [4, 3],
  ]);
  assert.deepEqual(flip(x, [0, 1]).toArray(), [
    [4, 3],
    [2, 1],
  ]);
  assert.deepEqual(flip(x, []).toArray(), [
    [1, 2],
    [3, 4],
  ]);
});

test('flip reads a transposed view through its strides and keeps int32', () => {
  const x = tensor(
    [
      [1, 2, 3],
      [4, 5, 6],
    ],
    { dtype: 'int32' },
  );
  const y = flip(transpose(x), [0]); // x.T = [[1,4],[2,5],[3,6]] → rows reversed
  assert.equal(y.dtype, 'int32');
  assert.deepEqual(y.toArray(), [
    [3, 6],
    [2, 5],
    [1, 4],
  ]);
});

test('flip of a scalar is the scalar', () => {
  expectClose(flip(tensor(5), []), [5]);
});

test('the part-2 ops are Tensor methods too', () => {
  const x = tensor([
    [1, 2],
    [3, 4],
  ]);
  assert.deepEqual(x.flip([0]).toArray(), [
    [3, 4],
    [1, 2],
  ]);
  assert.deepEqual(x.pad([1, 0]).toArray(), [
    [0, 1, 2],
    [0, 3, 4],
  ]);
  assert.deepEqual(x.tril().toArray(), [
    [1, 0],
    [3, 4],
  ]);
  assert.deepEqual(x.split(1).length, 2);
  assert.equal(
    tensor([1, 2])
      .dot(tensor([3, 4]))
      .item(),
    11,
  ); // 1·3 + 2·4
  assert.deepEqual(
    tensor([1, 2])
      .outer(tensor([3]))
      .toArray(),
    [[3], [6]],
  );
});
