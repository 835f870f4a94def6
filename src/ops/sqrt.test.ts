import { test } from 'node:test';
import { tensor } from '../tensor/creation.js';
import { checkOp } from '../testing/check-op.js';
import { expectClose } from '../testing/expect-close.js';
import { sqrt } from './sqrt.js';

checkOp({
  name: 'sqrt',
  fn: sqrt,
  elementwise: Math.sqrt,
  // sqrt is real and smooth for x > 0.
  domain: [0.5, 2],
  cases: [[[3, 4]], [[]], [[0, 5]], [[1, 1, 2]]],
  errors: [{ what: 'a string', call: () => sqrt('x' as never), message: /sqrt: x must be a Tensor/ }],
});

test('sqrt: √4 = 2, √0 = 0, √−1 = NaN, √∞ = ∞', () => {
  expectClose(sqrt(tensor([4, 0, -1, Number.POSITIVE_INFINITY])), [
    2,
    0,
    Number.NaN,
    Number.POSITIVE_INFINITY,
  ]);
});
