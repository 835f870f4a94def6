import { ValueError } from '../errors.js';
import { abs } from '../ops/abs.js';
import { add } from '../ops/add.js';
import { mul } from '../ops/mul.js';
import { square } from '../ops/square.js';
import { sum } from '../ops/sum.js';
import { zeros } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';

function penalty(params: readonly Tensor[], scale: number, term: (w: Tensor) => Tensor): Tensor {
  if (params.length === 0) return zeros([]);
  const total = params.map((w) => sum(term(w))).reduce((a, b) => add(a, b));
  return mul(total, scale);
}

function checkScale(lambda: number, m: number, op: string): void {
  if (!(lambda >= 0)) throw new ValueError(`${op}: lambda must be non-negative, got ${lambda}`);
  if (!(m > 0)) throw new ValueError(`${op}: m (the number of examples) must be positive, got ${m}`);
}

/**
 * The course's L2 regularization term λ/(2m)·Σ_l ‖W_l‖²_F, to add to the cost (its gradient is
 * the "weight decay" λ/m·W). Pass weights only: see {@link weightsOnly}.
 * @example
 * l2Penalty([tensor([[1, 2]])], 0.1, 10); // => 0.025
 */
export function l2Penalty(params: readonly Tensor[], lambda: number, m: number): Tensor {
  checkScale(lambda, m, 'l2Penalty');
  return penalty(params, lambda / (2 * m), square);
}

/**
 * The L1 term λ/(2m)·Σ_l Σ|W_l| (the course's scaling), which pushes weights to exact zeros.
 * @example
 * l1Penalty([tensor([[1, -2]])], 0.1, 10); // => 0.015
 */
export function l1Penalty(params: readonly Tensor[], lambda: number, m: number): Tensor {
  checkScale(lambda, m, 'l1Penalty');
  return penalty(params, lambda / (2 * m), abs);
}

/**
 * The parameters to regularize: by default it skips biases (names ending in `bias`) and every
 * 1-D parameter (the γ/β of normalization layers), as is usual for weight decay.
 * @example
 * const model = new nn.Sequential(new nn.Linear(4, 8), new nn.ReLU(), new nn.Linear(8, 1));
 * const m = 32; // training examples
 * l2Penalty(weightsOnly(model.namedParameters()), 0.7, m); // the two weight matrices, no biases
 */
export function weightsOnly(
  namedParameters: Iterable<readonly [string, Tensor]>,
  { skipBiases = true, skipOneDimensional = true } = {},
): Tensor[] {
  const out: Tensor[] = [];
  for (const [name, p] of namedParameters) {
    if (skipBiases && name.endsWith('bias')) continue;
    if (skipOneDimensional && p.ndim <= 1) continue;
    out.push(p);
  }
  return out;
}
