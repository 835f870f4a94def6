import { test } from 'node:test';
import { tensor } from '../tensor/creation.js';
import { checkOp } from '../testing/check-op.js';
import { expectClose } from '../testing/expect-close.js';
import { floor } from './floor.js';

checkOp({
  name: 'floor',
  fn: floor,
  elementwise: Math.floor,
  // The gradient is 0 almost everywhere; random inputs never sit on an integer.
  domain: [-3, 3],
  cases: [[[3, 4]], [[]], [[0, 5]], [[1, 1, 2]]],
  errors: [{ what: 'a string', call: () => floor('x' as never), message: /floor: x must be a Tensor/ }],
});

test('floor rounds toward −∞', () => {
  expectClose(floor(tensor([1.5, -1.5, 2, -0.1])), [1, -2, 2, -1]);
});
