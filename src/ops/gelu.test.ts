import { test } from 'node:test';
import { ValueError } from '../errors.js';
import { tensor } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkOp } from '../testing/check-op.js';
import { expectClose } from '../testing/expect-close.js';
import { gelu } from './gelu.js';

/** erf by Simpson's rule on 2/√π·e^(−t²): slow but independent of the erf kernel. */
function erfBySimpson(x: number): number {
  const n = 4000;
  const h = x / n;
  const f = (t: number) => Math.exp(-t * t);
  let s = f(0) + f(x);
  for (let i = 1; i < n; i++) s += (i % 2 === 1 ? 4 : 2) * f(i * h);
  return ((s * h) / 3) * (2 / Math.sqrt(Math.PI));
}

checkOp({
  name: 'gelu',
  fn: (x: Tensor) => gelu(x),
  elementwise: (a) => 0.5 * a * (1 + erfBySimpson(a / Math.SQRT2)),
  cases: [[[3, 4]], [[]], [[0, 3]]],
  errors: [
    { what: 'a string', call: () => gelu('x' as never), message: /gelu: x must be a Tensor/ },
    {
      what: 'an unknown approximation',
      call: () => gelu(tensor([1]), { approximate: 'sigmoid' as never }),
      message: /gelu: approximate must be 'none' or 'tanh', got 'sigmoid'/,
      type: ValueError,
    },
  ],
});

checkOp({
  name: "gelu approximate: 'tanh'",
  fn: (x: Tensor) => gelu(x, { approximate: 'tanh' }),
  elementwise: (a) => 0.5 * a * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (a + 0.044715 * a ** 3))),
  cases: [[[3, 4]], [[]], [[0, 3]]],
});

test('gelu(1) = Φ(1) = 0.8413447460685429, gelu(−1) = −(1 − Φ(1)); tanh form 0.8411919906082768', () => {
  expectClose(gelu(tensor([1, -1, 0], { dtype: 'float64' })), [0.8413447460685429, -0.15865525393145707, 0], {
    rtol: 1e-14,
  });
  expectClose(gelu(tensor([1], { dtype: 'float64' }), { approximate: 'tanh' }), [0.8411919906082768], {
    rtol: 1e-14,
  });
});

test('gelu and its gradient agree with PyTorch (float64), and stay accurate in the left tail', () => {
  const xs = [-5, -1, 0, 1, 3];
  const x = tensor(xs, { dtype: 'float64', requiresGrad: true });
  const y = gelu(x);
  // PyTorch 1.13: torch.nn.functional.gelu on float64 (its −5 entry: −1.4332578593401202e-06).
  expectClose(y, [-1.4332578593401202e-6, -0.15865525393145702, 0, 0.841344746068543, 2.99595030590511], {
    rtol: 1e-12,
  });
  y.sum().backward();
  expectClose(
    x.grad!,
    [-7.1469460018034646e-6, -0.08331547058768635, 0.5, 1.0833154705876864, 1.011945647204184],
    {
      rtol: 1e-10,
    },
  );
  // Φ(−10)·(−10): 1 + erf(−10/√2) would round to 0; Φ from erfc keeps it (−7.6198530241605e-23).
  expectClose(gelu(tensor([-10], { dtype: 'float64' })), [-7.619853024160526e-23], { rtol: 1e-9 });
  // float32, against the float64 values: no cancellation at −5 either.
  expectClose(gelu(tensor([-5, 3])), [-1.4332578593401202e-6, 2.99595030590511], { rtol: 1e-5 });
});
