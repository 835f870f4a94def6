import { ShapeError, ValueError } from '../../../errors.js';
import { cat, stack } from '../../../ops/cat.js';
import { expectFloat, expectTensor } from '../../../ops/core/convert.js';
import { linear } from '../../../ops/linear.js';
import { select } from '../../../ops/narrow.js';
import { transpose } from '../../../ops/permute.js';
import { reshape } from '../../../ops/reshape.js';
import { unsqueeze } from '../../../ops/squeeze.js';
import { unbind } from '../../../ops/unbind.js';
import { where } from '../../../ops/where.js';
import { tensor, zeros } from '../../../tensor/creation.js';
import type { DType } from '../../../tensor/dtype.js';
import { formatShape } from '../../../tensor/shape.js';
import type { Tensor } from '../../../tensor/tensor.js';
import { Module } from '../../module.js';
import { Dropout } from '../dropout/dropout.js';
import {
  type CellStep,
  type CellWeights,
  checkSizes,
  expectShape,
  makeCellWeights,
  type RecurrentCellOptions,
} from './cell-weights.js';

/** Options of {@link RNN}, {@link GRU} and {@link LSTM}. */
export interface RecurrentLayerOptions extends RecurrentCellOptions {
  /** Stacked layers; layer l > 0 reads the output of layer l − 1 (default 1). */
  numLayers?: number;
  /** Also run each layer from the end to the start and concatenate both outputs (default false). */
  bidirectional?: boolean;
  /** Take and return `[batch, seq, feature]` instead of `[seq, batch, feature]` (default false). */
  batchFirst?: boolean;
  /** Dropout probability on the input of every layer but the first, in training only (default 0). */
  dropout?: number;
}

/** The initial state: `h [numLayers·dirs, batch, hidden]`, and `c` of that shape for an LSTM. */
export interface RecurrentState {
  h?: Tensor;
  c?: Tensor;
}

/** The outputs of a recurrent layer. */
export interface RecurrentOutput {
  /** The last layer's hidden states at every step, `[seq, batch, dirs·hidden]` (or batch first). */
  output: Tensor;
  /** Each layer's and direction's final hidden state, `[numLayers·dirs, batch, hidden]`. */
  h: Tensor;
  /** The final memory cells of an LSTM, shaped like `h`. */
  c?: Tensor;
}

/** Per-sequence options of `forwardWithState`. */
export interface SequenceOptions {
  /** The true length of each sequence of the batch (any order); steps past it are padding. */
  lengths?: readonly number[];
}

/**
 * One layer direction over a whole unmasked sequence as a single op: `input [seq, batch, in]`
 * (`[batch, seq, in]` with batchFirst) from the states `start` → the output in the same layout
 * and the final states.
 */
export type SequenceRun = (
  input: Tensor,
  w: CellWeights,
  start: Tensor[],
  reverse: boolean,
  batchFirst: boolean,
) => { output: Tensor; state: Tensor[] };

/**
 * What distinguishes RNN, GRU and LSTM: the name, the gate blocks, the state count, the step,
 * and optionally a fused run over the whole sequence (used when no step is masked).
 */
export interface RecurrentKind {
  op: string;
  gates: number;
  states: 1 | 2;
  step: CellStep;
  sequence?: SequenceRun;
}

/**
 * The multi-layer, optionally bidirectional loop that RNN, GRU and LSTM share. Parameters are
 * fields named as PyTorch's (`weightIhL0`, `biasHhL1Reverse`, ...) in PyTorch's order, so counts
 * and state dicts line up. Each layer and direction projects the whole input in one matmul,
 * `[seq·batch, input] × [input, gates·hidden]`; only the recurrent product runs per step.
 * @example
 * const gru = new nn.GRU(3, 4, { numLayers: 2 });
 * gru.forward(ones([5, 2, 3])).shape; // => [5, 2, 4]
 */
export abstract class RecurrentLayer extends Module {
  readonly numLayers: number;
  readonly bidirectional: boolean;
  readonly batchFirst: boolean;
  readonly dropout: number;
  readonly bias: boolean;
  private readonly betweenLayers: Dropout;

  constructor(
    private readonly kind: RecurrentKind,
    readonly inputSize: number,
    readonly hiddenSize: number,
    options: RecurrentLayerOptions,
  ) {
    super();
    const { op } = kind;
    checkSizes(op, inputSize, hiddenSize);
    const { numLayers = 1, bidirectional = false, batchFirst = false, dropout = 0, bias = true } = options;
    if (!Number.isSafeInteger(numLayers) || numLayers < 1)
      throw new ValueError(`${op}: numLayers must be a positive integer, got ${numLayers}`);
    if (!(dropout >= 0 && dropout <= 1))
      throw new ValueError(`${op}: dropout must be in [0, 1], got ${dropout}`);
    this.numLayers = numLayers;
    this.bidirectional = bidirectional;
    this.batchFirst = batchFirst;
    this.dropout = dropout;
    this.bias = bias;
    this.betweenLayers = new Dropout(dropout, { generator: options.generator });
    const fields = this as unknown as Record<string, unknown>;
    for (let layer = 0; layer < numLayers; layer++) {
      const layerInput = layer === 0 ? inputSize : hiddenSize * this.directions;
      for (const reverse of bidirectional ? [false, true] : [false]) {
        const w = makeCellWeights(kind.gates, layerInput, hiddenSize, options);
        for (const [name, p] of Object.entries(w)) fields[name + suffix(layer, reverse)] = p;
      }
    }
  }

  /** 2 for a bidirectional layer, else 1. */
  get directions(): number {
    return this.bidirectional ? 2 : 1;
  }

  /**
   * The parameters of one layer and direction (read from the fields at call time).
   * @example
   * new nn.LSTM(3, 4).weights(0, false).weightHh.shape; // => [16, 4]
   */
  weights(layer: number, reverse: boolean): CellWeights {
    const fields = this as unknown as Record<string, Tensor | undefined>;
    const at = (name: string): Tensor | undefined => fields[name + suffix(layer, reverse)];
    const weightIh = at('weightIh');
    const weightHh = at('weightHh');
    if (!weightIh || !weightHh)
      throw new ValueError(`${this.kind.op}: no layer ${layer}${reverse ? ' (reverse)' : ''}`);
    return { weightIh, weightHh, biasIh: at('biasIh'), biasHh: at('biasHh') };
  }

  /** The last layer's output at every step (what `Sequential` passes on). */
  forward(x: Tensor): Tensor {
    return this.forwardWithState(x).output;
  }

  /**
   * Runs every layer over the sequence from `state` (zeros when omitted) and returns the output
   * and the final states. With `lengths`, outputs past a sequence's end are zero, its final
   * state is the one at its own last step, and the reverse direction starts at its own end.
   * @example
   * const { output, h } = new nn.RNN(3, 4).forwardWithState(ones([5, 2, 3]), {}, { lengths: [5, 2] });
   * h.shape; // => [1, 2, 4]
   */
  forwardWithState(
    x: Tensor,
    state: RecurrentState = {},
    { lengths }: SequenceOptions = {},
  ): RecurrentOutput {
    const input = this.checkInput(x);
    const [seq, batch] = [input.shape[0]!, input.shape[1]!];
    const initial = this.initialState(state, batch, input.dtype);
    const masks = lengths === undefined ? undefined : this.stepMasks(lengths, seq, batch);
    // A fused sequence op (one graph node per layer direction instead of dozens per step) runs
    // whenever no step is masked, and reads and writes batch-first data in place: no transposes.
    const run = this.kind.sequence;
    const fused = run !== undefined && (masks === undefined || masks.every((m) => m === undefined));
    const batchFirst = fused && this.batchFirst;
    let layerInput = batchFirst ? x : input;
    const finals: Tensor[][] = Array.from({ length: this.kind.states }, () => []);
    for (let layer = 0; layer < this.numLayers; layer++) {
      if (layer > 0) layerInput = this.betweenLayers.forward(layerInput);
      const outputs: Tensor[] = [];
      for (let dir = 0; dir < this.directions; dir++) {
        const index = layer * this.directions + dir;
        const start = initial.map((s) => select(s, 0, index));
        const w = this.weights(layer, dir === 1);
        const result = fused
          ? run(layerInput, w, start, dir === 1, batchFirst)
          : this.runDirection(layerInput, w, start, dir === 1, masks);
        outputs.push(result.output);
        for (const [i, s] of result.state.entries()) finals[i]!.push(s);
      }
      layerInput = outputs.length === 1 ? outputs[0]! : cat(outputs, 2);
    }
    const output = this.batchFirst && !batchFirst ? transpose(layerInput, 0, 1) : layerInput;
    // One layer and direction (the common case): a view, not a copy through stack.
    const [h, c] = finals.map((f) => (f.length === 1 ? unsqueeze(f[0]!, 0) : stack(f, 0)));
    return c ? { output, h: h!, c } : { output, h: h! };
  }

  /** One direction of one layer over `input [seq, batch, in]` from `start`. */
  private runDirection(
    input: Tensor,
    w: CellWeights,
    start: Tensor[],
    reverse: boolean,
    masks: (Tensor | undefined)[] | undefined,
  ): { output: Tensor; state: Tensor[] } {
    const [seq, batch, features] = input.shape as [number, number, number];
    const flat = reshape(input, [seq * batch, features]);
    const xProj = reshape(linear(flat, w.weightIh, w.biasIh), [seq, batch, -1]);
    const outputs: Tensor[] = new Array(seq);
    let state = start;
    // One unbind rather than a select per step: its backward is one stack, not one full-size
    // gradient per step (which made backprop through time quadratic in the sequence length).
    const steps = unbind(xProj, 0);
    for (let k = 0; k < seq; k++) {
      const t = reverse ? seq - 1 - k : k;
      const next = this.kind.step(steps[t]!, state, w.weightHh, w.biasHh);
      const mask = masks?.[t];
      if (mask) {
        // Padding steps emit zeros and carry the state through unchanged, so the state that
        // leaves the loop is each sequence's own last one, and a reverse pass starts at its end.
        const previous = state;
        outputs[t] = where(mask, next[0]!, 0);
        state = next.map((s, i) => where(mask, s, previous[i]!));
      } else {
        outputs[t] = next[0]!;
        state = next;
      }
    }
    return { output: stack(outputs, 0), state };
  }

  /** x as `[seq, batch, input]`, after checking it. */
  private checkInput(x: Tensor): Tensor {
    const { op } = this.kind;
    expectTensor(x, op, 'x');
    expectFloat(x, op, 'x');
    const layout = this.batchFirst ? `[batch, seq, ${this.inputSize}]` : `[seq, batch, ${this.inputSize}]`;
    if (x.ndim !== 3 || x.shape[2] !== this.inputSize)
      throw new ShapeError(`${op}: x must have shape ${layout}, got ${formatShape(x.shape)}`);
    const input = this.batchFirst ? transpose(x, 0, 1) : x;
    if (input.shape[0] === 0)
      throw new ShapeError(`${op}: x must have at least one time step, got ${formatShape(x.shape)}`);
    return input;
  }

  /** The checked initial states, each `[numLayers·dirs, batch, hidden]` (zeros when omitted). */
  private initialState(state: RecurrentState, batch: number, dtype: DType): Tensor[] {
    const { op } = this.kind;
    const shape = [this.numLayers * this.directions, batch, this.hiddenSize];
    if (this.kind.states === 1 && state.c !== undefined)
      throw new ValueError(`${op}: state.c is only for an LSTM; pass state.h`);
    const given = this.kind.states === 1 ? [state.h] : [state.h, state.c];
    return given.map((s, i) =>
      s === undefined ? zeros(shape, { dtype }) : expectShape(op, `state.${'hc'[i]}`, s, shape),
    );
  }

  /** For each step, a `[batch, 1]` mask of the sequences still running (undefined: all are). */
  private stepMasks(lengths: readonly number[], seq: number, batch: number): (Tensor | undefined)[] {
    const { op } = this.kind;
    if (!Array.isArray(lengths) || lengths.length !== batch)
      throw new ShapeError(
        `${op}: lengths must hold one length per sequence (${batch}), got ${Array.isArray(lengths) ? lengths.length : String(lengths)}`,
      );
    lengths.forEach((n, i) => {
      if (!Number.isInteger(n) || n < 0 || n > seq)
        throw new ValueError(`${op}: lengths[${i}] must be an integer in [0, ${seq}], got ${n}`);
    });
    return Array.from({ length: seq }, (_, t) => {
      if (lengths.every((n) => t < n)) return undefined;
      const running = Uint8Array.from(lengths, (n) => (t < n ? 1 : 0));
      return tensor(running, { dtype: 'bool', shape: [batch, 1] });
    });
  }
}

/** PyTorch's parameter name suffix: `L0`, `L1Reverse`, ... */
function suffix(layer: number, reverse: boolean): string {
  return `L${layer}${reverse ? 'Reverse' : ''}`;
}
