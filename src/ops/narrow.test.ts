import assert from 'node:assert/strict';
import { test } from 'node:test';
import { grad } from '../autograd/functional.js';
import { ValueError } from '../errors.js';
import { arange, tensor } from '../tensor/creation.js';
import { checkOp, type Plain } from '../testing/check-op.js';
import { expectClose } from '../testing/expect-close.js';
import { narrow, select, slice } from './narrow.js';
import { sum } from './sum.js';

checkOp({
  name: 'narrow axis 1 from 1, length 2',
  fn: (x) => narrow(x, 1, 1, 2),
  reference: (x: Plain): Plain => {
    const cols = x.shape[1]!;
    const rows = x.shape[0]!;
    const data = Array.from({ length: rows * 2 }, (_, i) => x.data[Math.floor(i / 2) * cols + 1 + (i % 2)]!);
    return { shape: [rows, 2], data };
  },
  cases: [[[3, 4]], [[0, 3]], [[2, 3]]],
  errors: [
    {
      what: 'a window past the end',
      call: () => narrow(arange(5), 0, 3, 3),
      message: /narrow: length 3 from start 3 overruns axis 0 of size 5/,
      type: ValueError,
    },
    {
      what: 'a start out of range',
      call: () => narrow(arange(5), 0, 6, 0),
      message: /narrow: start 6 is out of range/,
    },
  ],
});

test('narrow, slice, select and at are views on the same storage', () => {
  const x = arange(12).reshape([3, 4]);
  const n = narrow(x, 0, 1, 2);
  const s = slice(x, 1, 1, -1);
  const r = select(x, 0, 2);
  const a = x.at(1, 2);
  for (const v of [n, s, r, a]) assert.equal(v.storage, x.storage);
  assert.deepEqual(n.toArray(), [
    [4, 5, 6, 7],
    [8, 9, 10, 11],
  ]);
  assert.deepEqual(s.toArray(), [
    [1, 2],
    [5, 6],
    [9, 10],
  ]);
  assert.deepEqual(r.toArray(), [8, 9, 10, 11]);
  assert.equal(a.item(), 6);
  assert.throws(() => select(x, 0, 3), { message: 'select: index 3 is out of range for axis 0 of size 3' });
  assert.throws(() => slice(x, 0, 0, 2, 2), { message: 'slice: only step 1 is supported, got 2' });
});

test('gradients flow through views to their window of the source', () => {
  const x = tensor([
    [1, 2, 3],
    [4, 5, 6],
  ]);
  expectClose(grad((x) => sum(narrow(x, 1, 1, 2)))(x), [0, 1, 1, 0, 1, 1]);
  expectClose(grad((x) => sum(select(x, 0, -1)))(x), [0, 0, 0, 1, 1, 1]);
  expectClose(grad((x) => x.at(0, 2).mul(3))(x), [0, 0, 3, 0, 0, 0]);
});
