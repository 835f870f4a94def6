import { test } from 'node:test';
import { grad } from '../autograd/functional.js';
import { ValueError } from '../errors.js';
import { tensor } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkOp } from '../testing/check-op.js';
import { expectClose } from '../testing/expect-close.js';
import { softplus } from './softplus.js';

checkOp({
  name: 'softplus',
  fn: (x: Tensor) => softplus(x),
  elementwise: (a) => Math.log1p(Math.exp(a)),
  cases: [[[3, 4]], [[]], [[0, 3]]],
  errors: [
    { what: 'a string', call: () => softplus('x' as never), message: /softplus: x must be a Tensor/ },
    {
      what: 'a NaN beta',
      call: () => softplus(tensor([1]), Number.NaN),
      message: /softplus: beta must be a finite number, got NaN/,
      type: ValueError,
    },
  ],
});

checkOp({
  name: 'softplus with beta 2 and threshold 1',
  fn: (x: Tensor) => softplus(x, 2, 1),
  // Above the threshold (βx > 1) the op returns x itself, as PyTorch does.
  elementwise: (a) => (2 * a > 1 ? a : Math.log1p(Math.exp(2 * a)) / 2),
  cases: [[[4, 5]], [[]]],
});

test('softplus(0) = ln 2 and its gradient there is σ(0) = ½', () => {
  const x = tensor([0, 0.25], { dtype: 'float64' });
  // log1p(e^(2·0.25)) / 2 = 0.48703849209005334
  expectClose(softplus(x, 2), [Math.LN2 / 2, 0.48703849209005334], { rtol: 1e-14 });
  // d/dx softplus(x) = σ(x): σ(0) = 0.5, σ(0.25) = 0.5621765008857981
  expectClose(grad((v: Tensor) => softplus(v).sum())(x), [0.5, 0.5621765008857981], { rtol: 1e-12 });
});
