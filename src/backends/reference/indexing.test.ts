import assert from 'node:assert/strict';
import { test } from 'node:test';
import { indexAdd, indexSelect } from './indexing.js';

// Rows of 3 (copied element by element) and of 70 (copied as one block): the same gather, and
// indexAdd its adjoint.
for (const inner of [3, 70]) {
  test(`indexSelect gathers rows of ${inner}, repeated and in any order, per outer block`, () => {
    const [outer, size] = [2, 5];
    const x = Float32Array.from({ length: outer * size * inner }, (_, i) => i);
    const index = Int32Array.of(4, 0, 4, 2);
    const out = new Float32Array(outer * index.length * inner).fill(Number.NaN);
    indexSelect(x, outer, size, inner, index, out);
    for (let o = 0; o < outer; o++)
      for (let j = 0; j < index.length; j++)
        for (let i = 0; i < inner; i++)
          assert.equal(
            out[(o * index.length + j) * inner + i],
            ((o * size + index[j]!) * inner + i) % 2 ** 24,
          );
    const back = new Float32Array(x.length);
    indexAdd(back, outer, size, inner, index, out);
    // Row 4 was taken twice, rows 0 and 2 once, rows 1 and 3 never.
    for (let o = 0; o < outer; o++)
      for (const [row, times] of [
        [4, 2],
        [0, 1],
        [2, 1],
        [1, 0],
        [3, 0],
      ] as const)
        assert.equal(back[(o * size + row) * inner + 1], times * x[(o * size + row) * inner + 1]!);
  });
}
