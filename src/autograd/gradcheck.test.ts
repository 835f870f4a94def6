import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defineOp } from '../ops/core/define-op.js';
import '../ops/methods.js';
import { runUnary } from '../ops/core/run-kernel.js';
import { mul } from '../ops/mul.js';
import { tensor } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import './backward.js';
import { gradcheck, verdictOf } from './gradcheck.js';

/** x² with a backward that is off by a factor 2 (returns x·dy instead of 2x·dy). */
const brokenSquare: (x: Tensor) => Tensor = defineOp({
  name: 'brokenSquare',
  forward: (x: Tensor) => runUnary('square', x),
  backward: (dy, { args: [x] }) => [mul(dy, x)],
});

test('gradcheck passes a correct function with a fine verdict for every input', () => {
  const result = gradcheck(
    (w, x) => w.matmul(x).tanh().sum(),
    [
      tensor([
        [0.1, -0.2],
        [0.3, 0.4],
      ]),
      tensor([[0.5], [-0.6]]),
    ],
  );
  assert.ok(result.passed, result.table());
  assert.deepEqual(
    result.inputs.map((e) => e.verdict),
    ['fine', 'fine'],
  );
});

test("gradcheck's per-input table points at the input behind a wrong backward", () => {
  // Only b goes through the broken op: a's gradient is right, b's is half of the truth.
  const result = gradcheck(
    (a, b) => a.mul(2).sum().add(brokenSquare(b).sum()),
    [tensor([1, 2]), tensor([3, -1])],
    {
      names: ['a', 'b'],
    },
  );
  assert.equal(result.passed, false);
  assert.deepEqual(
    result.inputs.map((e) => [e.name, e.verdict]),
    [
      ['a', 'fine'],
      ['b', 'wrong'],
    ],
  );
  // analytic x vs numeric 2x: ‖x − 2x‖ / (‖x‖ + ‖2x‖) = 1/3 for any x.
  assert.ok(Math.abs(result.inputs[1]!.relativeError - 1 / 3) < 1e-6);
  assert.match(result.table(), /b/);
});

test('verdictOf reads relative errors as the course does', () => {
  assert.equal(verdictOf(0), 'fine');
  assert.equal(verdictOf(1e-7), 'fine');
  assert.equal(verdictOf(1e-6), 'look again');
  assert.equal(verdictOf(1e-5), 'look again');
  assert.equal(verdictOf(1e-4), 'look again');
  assert.equal(verdictOf(1e-3), 'look again');
  assert.equal(verdictOf(1e-2), 'wrong');
  assert.equal(verdictOf(Number.NaN), 'wrong');
});
