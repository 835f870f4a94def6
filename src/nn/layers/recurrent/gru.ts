import { gruCellStep, simplifiedGruCellStep } from './gru-cell.js';
import { RecurrentLayer, type RecurrentLayerOptions } from './recurrent-layer.js';

/** Options of {@link GRU}. */
export interface GRUOptions extends RecurrentLayerOptions {
  /** The course's simplified GRU, with the update gate only (default false). */
  simplified?: boolean;
}

/**
 * A multi-layer gated recurrent unit over a sequence, each step as {@link GRUCell} (PyTorch's
 * equations; see GRUCell for how r, z and n map onto the course's Γr, Γu and c̃). Input
 * `[seq, batch, input]` (`[batch, seq, input]` with batchFirst). `forward` returns the output
 * `[seq, batch, dirs·hidden]`; `forwardWithState` also takes an initial `h` and per-sequence
 * `lengths` and returns the final `h [numLayers·dirs, batch, hidden]`. Parameters as PyTorch's
 * GRU (`weightIhL0 [3·hidden, input]`, ...).
 * @see https://arxiv.org/abs/1406.1078
 * @example
 * const gru = new GRU(3, 4, { batchFirst: true });
 * gru.forward(ones([2, 5, 3])).shape; // => [2, 5, 4]
 */
export class GRU extends RecurrentLayer {
  readonly simplified: boolean;

  constructor(inputSize: number, hiddenSize: number, options: GRUOptions = {}) {
    const simplified = options.simplified ?? false;
    const kind = simplified
      ? { op: 'GRU', gates: 2, states: 1 as const, step: simplifiedGruCellStep }
      : { op: 'GRU', gates: 3, states: 1 as const, step: gruCellStep };
    super(kind, inputSize, hiddenSize, options);
    this.simplified = simplified;
  }
}
