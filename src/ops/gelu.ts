import { ValueError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { add } from './add.js';
import { expectFloat, expectTensor } from './core/convert.js';
import { erf } from './erf.js';
import { mul } from './mul.js';
import { pow } from './pow.js';
import { tanh } from './tanh.js';

export interface GeluOptions {
  /** 'none' (default) uses erf exactly; 'tanh' the tanh approximation of the paper. */
  approximate?: 'none' | 'tanh';
}

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
  let inner: Tensor;
  if (approximate === 'none') inner = erf(mul(x, Math.SQRT1_2));
  else if (approximate === 'tanh')
    inner = tanh(mul(add(x, mul(pow(x, 3), 0.044715)), Math.sqrt(2 / Math.PI)));
  else throw new ValueError(`gelu: approximate must be 'none' or 'tanh', got '${String(approximate)}'`);
  return mul(mul(x, 0.5), add(inner, 1));
}
