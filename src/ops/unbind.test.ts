import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gradcheck } from '../autograd/gradcheck.js';
import '../autograd/backward.js';
import './methods.js';
import { ShapeError } from '../errors.js';
import { tensor } from '../tensor/creation.js';
import { mul } from './mul.js';
import { split } from './split.js';
import { sum } from './sum.js';
import { unbind } from './unbind.js';

test('unbind returns views of each slice without the axis', () => {
  const x = tensor([
    [1, 2, 3],
    [4, 5, 6],
  ]);
  const columns = unbind(x, 1);
  assert.equal(columns.length, 3);
  assert.deepEqual(
    columns.map((c) => c.toArray()),
    [
      [1, 4],
      [2, 5],
      [3, 6],
    ],
  );
  assert.equal(columns[0]!.storage, x.storage);
  assert.throws(() => unbind(tensor(1)), ShapeError);
});

test('unbind and split send every used slice its gradient and zeros to unused ones', () => {
  const x = tensor(
    [
      [1, 2],
      [3, 4],
      [5, 6],
    ],
    { requiresGrad: true },
  );
  const [a, , c] = unbind(x);
  // d/dx (2·Σa + 3·Σc): rows 0 and 2 get 2 and 3, row 1 gets 0.
  sum(mul(a!, 2))
    .add(sum(mul(c!, 3)))
    .backward();
  assert.deepEqual(x.grad!.toArray(), [
    [2, 2],
    [0, 0],
    [3, 3],
  ]);
  const y = tensor([1, 2, 3, 4, 5], { requiresGrad: true });
  const [p, q] = split(y, [2, 3]);
  sum(mul(p!, p!)).add(sum(q!)).backward();
  assert.deepEqual(y.grad!.toArray(), [2, 4, 1, 1, 1]);
});

test('a slice used twice and slices used in a chain accumulate, and gradcheck passes in float64', () => {
  const f = (x: Parameters<typeof unbind>[0]) => {
    const rows = unbind(x, 0);
    let h = rows[0]!;
    for (const r of rows.slice(1)) h = h.mul(r).add(rows[0]!).tanh();
    return h.sum();
  };
  const result = gradcheck(f, [
    tensor(
      [
        [0.1, -0.2],
        [0.3, 0.4],
        [-0.5, 0.6],
      ],
      { dtype: 'float64' },
    ),
  ]);
  assert.ok(result.passed, result.table());
});

test('without retainGraph the multi-output record is released after one backward', () => {
  const x = tensor([1, 2], { requiresGrad: true });
  const [a, b] = unbind(x);
  const y = a!.mul(b!);
  y.backward();
  assert.throws(() => y.backward(), /already released/);
  const x2 = tensor([1, 2], { requiresGrad: true });
  const [c, d] = unbind(x2);
  const z = c!.mul(d!);
  z.backward(undefined, { retainGraph: true });
  z.backward();
  assert.deepEqual(x2.grad!.toArray(), [4, 2]);
});
