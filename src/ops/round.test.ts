import { test } from 'node:test';
import { tensor } from '../tensor/creation.js';
import { checkOp } from '../testing/check-op.js';
import { expectClose } from '../testing/expect-close.js';
import { round } from './round.js';

checkOp({
  name: 'round',
  fn: round,
  elementwise: Math.round,
  // Random inputs are never exact halves, so Math.round is a fair reference there.
  domain: [-3, 3],
  cases: [[[3, 4]], [[]], [[0, 5]], [[1, 1, 2]]],
  errors: [{ what: 'a string', call: () => round('x' as never), message: /round: x must be a Tensor/ }],
});

test('round sends halves to the even neighbour, as PyTorch and NumPy', () => {
  expectClose(round(tensor([0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 2.4, 2.6])), [0, 2, 2, -0, -2, -2, 2, 3]);
});
