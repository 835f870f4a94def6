import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DTypeError, ValueError } from '../../../errors.js';
import { Generator, randn, tensor } from '../../../index.js';
import { checkLayer } from '../../../testing/check-layer.js';
import { expectClose } from '../../../testing/expect-close.js';
import { gradcheckModule } from '../../gradcheck-module.js';
import { Embedding } from './embedding.js';

const ids = (v: number[][]) => tensor(v, { dtype: 'int32' });

test('Embedding looks up rows: [...] indices give [..., dim]', () => {
  const emb = new Embedding(3, 2);
  emb.loadStateDict({
    weight: tensor([
      [1, 2],
      [3, 4],
      [5, 6],
    ]),
  });
  const y = emb.forward(
    ids([
      [2, 0],
      [1, 1],
    ]),
  );
  assert.deepEqual(y.shape, [2, 2, 2]);
  expectClose(y, [
    [
      [5, 6],
      [1, 2],
    ],
    [
      [3, 4],
      [3, 4],
    ],
  ]);
});

test('Embedding init is N(0, 1)', () => {
  const d = [...new Embedding(1000, 50, { generator: new Generator(1) }).weight.data()];
  const mean = d.reduce((a, b) => a + b, 0) / d.length;
  const std = Math.sqrt(d.reduce((a, b) => a + (b - mean) ** 2, 0) / d.length);
  assert.ok(Math.abs(mean) < 0.02 && Math.abs(std - 1) < 0.02, `mean ${mean}, std ${std}`);
});

test('the padding row starts at zero and gets no gradient', () => {
  const emb = new Embedding(4, 2, { paddingIdx: 0 });
  expectClose(emb.weight.narrow(0, 0, 1), [[0, 0]]);
  emb
    .forward(ids([[0, 1, 1, 0]]))
    .sum()
    .backward();
  // each row's gradient counts its occurrences (ones upstream); row 0 is padding
  expectClose(emb.weight.grad!, [
    [0, 0],
    [2, 2],
    [0, 0],
    [0, 0],
  ]);
  const negative = new Embedding(4, 2, { paddingIdx: -1 });
  assert.equal(negative.paddingIdx, 3);
});

// The padding row's zero gradient is a rule, not a derivative (its value does reach the output),
// so the check looks up every other row, with repeats.
test('Embedding gradcheck in float64', () => {
  const g = new Generator(2);
  const emb = new Embedding(5, 3, { dtype: 'float64', paddingIdx: 4, generator: g });
  const w = randn([2, 3, 3], { dtype: 'float64', generator: g });
  const r = gradcheckModule(emb, (y) => y.mul(w).sum(), [
    ids([
      [0, 3, 2],
      [2, 1, 3],
    ]),
  ]);
  assert.ok(r.passed, r.table());
});

test('Embedding rejects float indices and out-of-range indices or paddingIdx', () => {
  const emb = new Embedding(3, 2);
  assert.throws(
    () => emb.forward(tensor([0])),
    (e: unknown) =>
      e instanceof DTypeError && /embedding: indices must be an int32 tensor, got float32/.test(e.message),
  );
  assert.throws(() => emb.forward(ids([[3]])), /index 3 is out of range/);
  assert.throws(
    () => new Embedding(3, 2, { paddingIdx: 3 }),
    (e: unknown) => e instanceof ValueError && /paddingIdx must be in \[-3, 3\), got 3/.test(e.message),
  );
});

checkLayer({
  name: 'Embedding(5, 3)',
  make: ({ dtype, generator }) => new Embedding(5, 3, { dtype, generator }),
  inputs: [
    ids([
      [4, 1, 1],
      [0, 2, 3],
    ]),
  ],
  errors: [
    {
      what: 'float indices',
      inputs: [[2, 3]],
      message: /embedding: indices must be an int32 tensor, got float32/,
      type: DTypeError,
    },
    {
      what: 'an index past the table',
      inputs: [ids([[5]])],
      message: /embedding: index 5 is out of range for a weight of 5 rows/,
      type: ValueError,
    },
  ],
});
