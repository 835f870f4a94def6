import { test } from 'node:test';
import { tensor } from '../tensor/creation.js';
import { checkOp } from '../testing/check-op.js';
import { expectClose } from '../testing/expect-close.js';
import { erf } from './erf.js';

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
  name: 'erf',
  fn: erf,
  elementwise: erfBySimpson,
  // Wide enough to reach both the series (|x| < 2) and the continued fraction (|x| ≥ 2).
  domain: [-3, 3],
  cases: [[[3, 4]], [[]], [[0, 5]], [[1, 1, 2]]],
  errors: [{ what: 'a string', call: () => erf('x' as never), message: /erf: x must be a Tensor/ }],
});

test('erf matches known values to float64 precision', () => {
  const x = tensor([0.5, 2.5, -1, 0, 10], { dtype: 'float64' });
  expectClose(erf(x), [0.5204998778130465, 0.999593047982555, -0.8427007929497149, 0, 1], { rtol: 1e-14 });
});
