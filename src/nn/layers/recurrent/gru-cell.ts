import { add } from '../../../ops/add.js';
import { linear } from '../../../ops/linear.js';
import { mul } from '../../../ops/mul.js';
import { sigmoid } from '../../../ops/sigmoid.js';
import { split } from '../../../ops/split.js';
import { sub } from '../../../ops/sub.js';
import { tanh } from '../../../ops/tanh.js';
import type { Tensor } from '../../../tensor/tensor.js';
import type { CellStep, RecurrentCellOptions } from './cell-weights.js';
import { RecurrentCell } from './recurrent-cell.js';

/** Options of {@link GRUCell}. */
export interface GRUCellOptions extends RecurrentCellOptions {
  /** The course's simplified GRU: an update gate and no reset gate (default false). */
  simplified?: boolean;
}

/**
 * The full GRU step, PyTorch's equations with the gate blocks in the order r, z, n:
 * r = σ(W_ir·x + b_ir + W_hr·h + b_hr), z = σ(W_iz·x + b_iz + W_hz·h + b_hz),
 * n = tanh(W_in·x + b_in + r ⊙ (W_hn·h + b_hn)), h' = (1 − z) ⊙ n + z ⊙ h.
 * @example
 * gruCellStep(zeros([1, 6]), [ones([1, 2])], zeros([6, 2]), undefined); // => [[[0.5, 0.5]]]
 */
export const gruCellStep: CellStep = (xProj, [h], weightHh, biasHh) => {
  const hidden = h!.shape[1]!;
  const [rzX, nX] = split(xProj, [2 * hidden, hidden], 1);
  const [rzH, nH] = split(linear(h!, weightHh, biasHh), [2 * hidden, hidden], 1);
  // r and z read the sum of both projections, so one add and one sigmoid serve both gates.
  const [r, z] = split(sigmoid(add(rzX!, rzH!)), hidden, 1);
  const n = tanh(add(nX!, mul(r!, nH!)));
  return [interpolate(n, h!, z!)];
};

/**
 * The course's simplified GRU step with the gate blocks in the order z, n:
 * z = σ(W_iz·x + b_iz + W_hz·h + b_hz), n = tanh(W_in·x + b_in + W_hn·h + b_hn),
 * h' = (1 − z) ⊙ n + z ⊙ h.
 * @example
 * simplifiedGruCellStep(zeros([1, 4]), [ones([1, 2])], zeros([4, 2]), undefined); // => [[[0.5, 0.5]]]
 */
export const simplifiedGruCellStep: CellStep = (xProj, [h], weightHh, biasHh) => {
  const hidden = h!.shape[1]!;
  const [zPre, nPre] = split(add(xProj, linear(h!, weightHh, biasHh)), hidden, 1);
  return [interpolate(tanh(nPre!), h!, sigmoid(zPre!))];
};

/** (1 − z) ⊙ n + z ⊙ h, written n + z ⊙ (h − n) to save a multiply. */
function interpolate(n: Tensor, h: Tensor, z: Tensor): Tensor {
  return add(n, mul(z, sub(h, n)));
}

/**
 * One step of a gated recurrent unit on a batch: `x [batch, input]`, `h [batch, hidden]` (zeros
 * when omitted) → `h' [batch, hidden]`. Parameters as PyTorch's GRUCell: `weightIh
 * [3·hidden, input]` holds the blocks r, z, n (2 blocks z, n when simplified).
 *
 * The course writes the GRU with a memory cell c⟨t⟩ = a⟨t⟩, a candidate
 * c̃ = tanh(W_c[Γr ⊙ c⟨t−1⟩, x⟨t⟩] + b_c), an update gate Γu and a relevance gate Γr, and
 * c⟨t⟩ = Γu ⊙ c̃ + (1 − Γu) ⊙ c⟨t−1⟩. Here h = c, n = c̃, r = Γr and z = 1 − Γu: z is the share
 * of the old state that is kept, Γu the share that is rewritten. (PyTorch also applies r after
 * the product, r ⊙ (W_hn·h + b_hn), where the course applies it before, W_c·(Γr ⊙ c); both are
 * GRUs, this one is cuDNN's and PyTorch's.) `{ simplified: true }` drops r, as the course's
 * first, simplified GRU: n = tanh(W_in·x + b_in + W_hn·h + b_hn).
 * @see https://arxiv.org/abs/1406.1078
 * @example
 * const cell = new GRUCell(3, 4);
 * cell.forward(ones([2, 3])).shape; // => [2, 4]
 * new GRUCell(3, 4, { simplified: true }).weightIh.shape; // => [8, 3]
 */
export class GRUCell extends RecurrentCell {
  readonly simplified: boolean;

  constructor(inputSize: number, hiddenSize: number, options: GRUCellOptions = {}) {
    const simplified = options.simplified ?? false;
    super('GRUCell', simplified ? 2 : 3, inputSize, hiddenSize, options);
    this.simplified = simplified;
  }

  forward(x: Tensor, h?: Tensor): Tensor {
    const step = this.simplified ? simplifiedGruCellStep : gruCellStep;
    return this.stepWith(x, [h], ['h'], step)[0]!;
  }
}
