import { isGradEnabled } from '../autograd/grad-mode.js';
import { ValueError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { add } from './add.js';
import { expectFloat, expectTensor } from './core/convert.js';
import { defineOp } from './core/define-op.js';
import { runBinary, runUnary } from './core/run-kernel.js';
import { erf } from './erf.js';
import { exp } from './exp.js';
import { mul } from './mul.js';
import { pow } from './pow.js';
import { square } from './square.js';
import { tanh } from './tanh.js';

export interface GeluOptions {
  /** 'none' (default) uses erf exactly; 'tanh' the tanh approximation of the paper. */
  approximate?: 'none' | 'tanh';
}

/** GELU's slope Φ(x) + x·φ(x) as ops, for a backward that is itself differentiated. */
function geluSlope(x: Tensor): Tensor {
  const cdf = mul(add(erf(mul(x, Math.SQRT1_2)), 1), 0.5);
  const density = mul(exp(mul(square(x), -0.5)), 1 / Math.sqrt(2 * Math.PI));
  return add(cdf, mul(x, density));
}

// One kernel pass each way: x·Φ(x) forward, dy·(Φ(x) + x·φ(x)) backward.
const exactGelu: (x: Tensor) => Tensor = defineOp({
  name: 'gelu',
  forward: (x: Tensor): Tensor => runUnary('gelu', x),
  backward: (dy, { args: [x] }) => [
    isGradEnabled() ? mul(dy, geluSlope(x)) : runBinary('geluBackward', dy, x, 'gelu'),
  ],
});

/**
 * The Gaussian error linear unit x·Φ(x) = 0.5·x·(1 + erf(x/√2)), elementwise; with
 * `approximate: 'tanh'`, 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))).
 * @see https://arxiv.org/abs/1606.08415
 * @example
 * gelu(tensor([1])); // => [0.8413]
 */
export function gelu(x: Tensor, { approximate = 'none' }: GeluOptions = {}): Tensor {
  expectTensor(x, 'gelu', 'x');
  expectFloat(x, 'gelu');
  if (approximate === 'none') return exactGelu(x);
  if (approximate !== 'tanh')
    throw new ValueError(`gelu: approximate must be 'none' or 'tanh', got '${String(approximate)}'`);
  const inner = tanh(mul(add(x, mul(pow(x, 3), 0.044715)), Math.sqrt(2 / Math.PI)));
  return mul(mul(x, 0.5), add(inner, 1));
}
