/**
 * The numerics table: the inputs where a naive formula overflows, underflows or turns into NaN,
 * with the exact answers a stable implementation must give.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { grad } from '../autograd/functional.js';
import { tensor } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { expectClose } from '../testing/expect-close.js';
import { exp } from './exp.js';
import { log } from './log.js';
import { logSoftmax } from './log-softmax.js';
import { max } from './max.js';
import { mul } from './mul.js';
import { relu } from './relu.js';
import { sigmoid } from './sigmoid.js';
import { softmax } from './softmax.js';
import { softplus } from './softplus.js';
import { sum } from './sum.js';
import { tanh } from './tanh.js';

const NaN_ = Number.NaN;
const INF = Number.POSITIVE_INFINITY;

test('logSoftmax of ±1000 is exact: [1000, −1000] → [0, −2000], [1000, 1000] → [−ln 2, −ln 2]', () => {
  // log(1 + e^(−2000)) underflows to exactly 0 in any float format.
  expectClose(logSoftmax(tensor([1000, -1000])), [0, -2000], { rtol: 0, atol: 0 });
  expectClose(logSoftmax(tensor([-1000, -1000])), [-Math.LN2, -Math.LN2]);
  expectClose(logSoftmax(tensor([1000, 1000], { dtype: 'float64' })), [-Math.LN2, -Math.LN2], {
    rtol: 1e-15,
  });
});

test('softmax of ±1e4 has no NaN and sums to 1', () => {
  const y = softmax(
    tensor([
      [1e4, -1e4, 0],
      [1e4, 1e4, -1e4],
    ]),
  );
  expectClose(y, [1, 0, 0, 0.5, 0.5, 0]);
  expectClose(sum(y, 1), [1, 1]);
  const g = grad((x: Tensor) => sum(mul(softmax(x), tensor([1, 2, 3]))))(tensor([1e4, -1e4, 0]));
  assert.ok([...g.data()].every(Number.isFinite), `gradient ${g.toArray()}`);
});

test('log of 0 is −∞ (and of a negative, NaN)', () => {
  expectClose(log(tensor([0, -1])), [-INF, NaN_]);
});

test('NaN in → NaN out', () => {
  const x = tensor([NaN_, 1]);
  for (const [name, f] of [
    ['exp', exp],
    ['log', log],
    ['tanh', tanh],
    ['sigmoid', sigmoid],
    ['relu', relu],
  ] as const) {
    assert.ok(Number.isNaN(f(x).data()[0]!), `${name}(NaN) is NaN`);
  }
  // softmax spreads one NaN over its whole row; sum and max return NaN.
  expectClose(softmax(x), [NaN_, NaN_]);
  expectClose(sum(x), [NaN_]);
  expectClose(max(x), [NaN_]);
});

test('sigmoid(±100) is finite and exact to float32', () => {
  // σ(−100) = e^(−100) / (1 + e^(−100)) = 3.720075976020836e-44, a float32 subnormal.
  const y = sigmoid(tensor([100, -100]));
  assert.deepEqual([...y.data()], [1, Math.fround(3.720075976020836e-44)]);
  const g = grad((x: Tensor) => sum(sigmoid(x)))(tensor([100, -100]));
  assert.ok([...g.data()].every(Number.isFinite), `gradient ${g.toArray()}`);
});

test('softplus(±1000) is 1000 and 0, with gradients 1 and 0', () => {
  expectClose(softplus(tensor([1000, -1000])), [1000, 0], { rtol: 0, atol: 0 });
  // Also through the stable formula itself, with the threshold out of the way.
  expectClose(softplus(tensor([1000, -1000]), 1, 1e9), [1000, 0], { rtol: 0, atol: 0 });
  expectClose(grad((x: Tensor) => sum(softplus(x, 1, 1e9)))(tensor([1000, -1000])), [1, 0]);
});
