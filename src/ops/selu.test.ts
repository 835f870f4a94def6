import { test } from 'node:test';
import { tensor } from '../tensor/creation.js';
import { checkOp } from '../testing/check-op.js';
import { expectClose } from '../testing/expect-close.js';
import { selu } from './selu.js';

const LAMBDA = 1.0507009873554805;
const ALPHA = 1.6732632423543772;

checkOp({
  name: 'selu',
  fn: selu,
  elementwise: (a) => LAMBDA * (a > 0 ? a : ALPHA * Math.expm1(a)),
  cases: [[[3, 4]], [[]], [[0, 3]]],
  errors: [
    { what: 'a number', call: () => selu(1 as never), message: /selu: x must be a Tensor, got number/ },
  ],
});

test('selu uses the exact constants λ = 1.0507009873554805, α = 1.6732632423543772', () => {
  // selu(1) = λ; selu(−1) = λα(e⁻¹ − 1)
  expectClose(selu(tensor([1, -1], { dtype: 'float64' })), [1.0507009873554805, -1.1113307378125625], {
    rtol: 1e-15,
  });
});
