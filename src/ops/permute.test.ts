import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ShapeError } from '../errors.js';
import { arange, zeros } from '../tensor/creation.js';
import { checkOp, type Plain } from '../testing/check-op.js';
import { permute, transpose } from './permute.js';

/** Plain permutation: out[i0, i1, ...] = x[i_axes^-1 ...], by walking output indices. */
function permuteReference(x: Plain, axes: number[]): Plain {
  const shape = axes.map((a) => x.shape[a]!);
  const inStrides = x.shape.map((_, d) => x.shape.slice(d + 1).reduce((p, s) => p * s, 1));
  const n = shape.reduce((p, s) => p * s, 1);
  const data: number[] = [];
  const index = new Array<number>(shape.length).fill(0);
  for (let i = 0; i < n; i++) {
    data.push(x.data[index.reduce((o, v, d) => o + v * inStrides[axes[d]!]!, 0)]!);
    for (let d = shape.length - 1; d >= 0; d--) {
      index[d]! += 1;
      if (index[d]! < shape[d]!) break;
      index[d] = 0;
    }
  }
  return { shape, data };
}

checkOp({
  name: 'permute',
  fn: (x) => permute(x, [2, 0, 1]).contiguous(),
  reference: (x) => permuteReference(x, [2, 0, 1]),
  cases: [[[2, 3, 4]], [[0, 2, 3]], [[1, 1, 5]]],
  errors: [
    {
      what: 'too few axes',
      call: () => permute(zeros([2, 3]), [0]),
      message: /permute: axes must list all 2 axes, got \[0\]/,
      type: ShapeError,
    },
    {
      what: 'a repeated axis',
      call: () => permute(zeros([2, 3]), [0, 0]),
      message: /permute: axes \[0,0\] repeat an axis/,
      type: ShapeError,
    },
  ],
});

checkOp({
  name: 'transpose',
  fn: (x) => transpose(x).contiguous(),
  reference: (x) => permuteReference(x, [0, 2, 1]),
  cases: [[[2, 3, 4]], [[2, 0, 3]]],
});

test('transpose and .T are views that swap strides: [[0, 1, 2], [3, 4, 5]]ᵀ', () => {
  const x = arange(6).reshape([2, 3]);
  const t = x.T;
  assert.equal(t.storage, x.storage);
  assert.deepEqual([...t.strides], [1, 3]);
  assert.deepEqual(t.toArray(), [
    [0, 3],
    [1, 4],
    [2, 5],
  ]);
  assert.deepEqual(transpose(x, 0, 1).toArray(), t.toArray());
});
