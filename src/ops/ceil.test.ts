import { test } from 'node:test';
import { tensor } from '../tensor/creation.js';
import { checkOp } from '../testing/check-op.js';
import { expectClose } from '../testing/expect-close.js';
import { ceil } from './ceil.js';

checkOp({
  name: 'ceil',
  fn: ceil,
  elementwise: Math.ceil,
  // The gradient is 0 almost everywhere; random inputs never sit on an integer.
  domain: [-3, 3],
  cases: [[[3, 4]], [[]], [[0, 5]], [[1, 1, 2]]],
  errors: [{ what: 'a string', call: () => ceil('x' as never), message: /ceil: x must be a Tensor/ }],
});

test('ceil rounds toward +∞', () => {
  expectClose(ceil(tensor([1.5, -1.5, 2, 0.1])), [2, -1, 2, 1]);
});
