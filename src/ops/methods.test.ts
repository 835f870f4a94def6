import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tensor } from '../tensor/creation.js';
import { Tensor } from '../tensor/tensor.js';
import { expectClose } from '../testing/expect-close.js';
import { exp } from './exp.js';
import './methods.js';
import * as table from './tensor-methods.js';

test('every op of the method table is a Tensor method that passes the tensor first', () => {
  const x = tensor([0, 1]);
  for (const name of Object.keys(table)) {
    assert.equal(typeof Reflect.get(Tensor.prototype, name), 'function', name);
  }
  // e⁰ = 1, e¹ = e.
  expectClose(x.exp(), exp(x));
  expectClose(x.exp(), [1, Math.E]);
});

test('the adapted methods: to is cast, where puts the tensor second, at selects leading axes', () => {
  const x = tensor([
    [1, -2],
    [3, 4],
  ]);
  assert.equal(x.to('float64').dtype, 'float64');
  assert.deepEqual(x.where(x.gt(0), 0).toArray(), [
    [1, 0],
    [3, 4],
  ]);
  assert.equal(x.at(1, 0).item(), 3);
  // var and variance are one op under two names: [1, −2] has mean −0.5, Σ(x − m)² / 1 = 4.5.
  expectClose(x.var(1), [4.5, 0.5]);
  expectClose(x.variance(1), x.var(1));
});
