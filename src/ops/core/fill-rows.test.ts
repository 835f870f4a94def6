import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fillRows } from './fill-rows.js';

test('fillRows repeats a row over every row count, including ones that are not powers of two', () => {
  for (const rows of [0, 1, 2, 3, 5, 8, 13]) {
    const out = new Float64Array(rows * 3 + 2).fill(-1);
    fillRows(out, [1, 2, 3], rows);
    // rows × [1, 2, 3], and the two elements past them untouched
    assert.deepEqual([...out], [...Array.from({ length: rows }, () => [1, 2, 3]).flat(), -1, -1]);
  }
});
