import {
  cat,
  type DType,
  type Generator,
  logSoftmax,
  narrow,
  nn,
  noGrad,
  reshape,
  ShapeError,
  select,
  type Tensor,
  tensor,
  ValueError,
} from '../index.js';

/** The sizes and choices of a {@link CharLSTM}. */
export interface CharLSTMConfig {
  vocabSize: number;
  /** The size of the character embeddings (default 64). */
  embedDim?: number;
  /** The LSTM's hidden size (default 256). */
  hiddenSize?: number;
  /** Stacked LSTM layers (default 1). */
  numLayers?: number;
  /** Dropout between stacked layers and on the last layer's output, in training only (default 0). */
  dropout?: number;
  dtype?: DType;
  generator?: Generator;
}

/** The state of {@link CharLSTM.stepFn}: the LSTM's `h` and `c` (empty before the first step). */
export type CharLSTMState = nn.RecurrentState;

/** What {@link CharLSTM.forwardWithState} returns: the logits and the final `h` and `c`. */
export interface CharLSTMOutput {
  /** `[N, T, vocabSize]`. */
  logits: Tensor;
  h: Tensor;
  c: Tensor;
}

/** The most time steps the LSTM reads in one call (see forwardWithState). */
const CHUNK = 16;

function checkConfig(c: Required<Omit<CharLSTMConfig, 'dtype' | 'generator'>>): void {
  for (const name of ['vocabSize', 'embedDim', 'hiddenSize', 'numLayers'] as const) {
    const v = c[name];
    if (!Number.isSafeInteger(v) || v < 1)
      throw new ValueError(`CharLSTM: ${name} must be a positive integer, got ${v}`);
  }
  if (!(c.dropout >= 0 && c.dropout < 1))
    throw new ValueError(`CharLSTM: dropout must be in [0, 1), got ${c.dropout}`);
}

/**
 * The course's character-level language model (the "dinosaur names" and Shakespeare model, with
 * an LSTM): an embedding of each character, a (stacked) LSTM read batch first, and a linear
 * layer to the logits of the next character at every step. {@link CharLSTM.stepFn} carries the
 * LSTM state from one character to the next, so sampling costs one step per character.
 * @see https://doi.org/10.1162/neco.1997.9.8.1735
 * @see http://karpathy.github.io/2015/05/21/rnn-effectiveness/
 * @example
 * const model = new CharLSTM({ vocabSize: 30, hiddenSize: 32 });
 * model.forward(tensor([[3, 4, 5]], { dtype: 'int32' })).shape; // => [1, 3, 30]
 */
export class CharLSTM extends nn.Module {
  embedding: nn.Embedding;
  lstm: nn.LSTM;
  outputDropout: nn.Dropout;
  head: nn.Linear;
  readonly vocabSize: number;

  constructor(config: CharLSTMConfig) {
    super();
    const { vocabSize, embedDim = 64, hiddenSize = 256, numLayers = 1, dropout = 0 } = config;
    checkConfig({ vocabSize, embedDim, hiddenSize, numLayers, dropout });
    const { dtype, generator } = config;
    this.embedding = new nn.Embedding(vocabSize, embedDim, { dtype, generator });
    this.lstm = new nn.LSTM(embedDim, hiddenSize, { numLayers, dropout, batchFirst: true, dtype, generator });
    this.outputDropout = new nn.Dropout(dropout, { generator });
    this.head = new nn.Linear(hiddenSize, vocabSize, { dtype, generator });
    this.vocabSize = vocabSize;
  }

  /** Next-character logits `[N, T, vocabSize]` for ids `[N, T]` (int32), from zero states. */
  forward(ids: Tensor): Tensor {
    return this.forwardWithState(ids).logits;
  }

  /**
   * The logits from a given state (zeros when omitted), and the final `h` and `c`
   * `[numLayers, N, hiddenSize]`, so that a long text can be read in consecutive pieces.
   * @example
   * const model = new CharLSTM({ vocabSize: 20, embedDim: 8, hiddenSize: 16 });
   * const [ids, moreIds] = [randint(0, 20, [2, 10]), randint(0, 20, [2, 10])];
   * const first = model.forwardWithState(ids);
   * const next = model.forwardWithState(moreIds, { h: first.h, c: first.c }); // reads on where ids stopped
   */
  forwardWithState(ids: Tensor, state: CharLSTMState = {}): CharLSTMOutput {
    if (ids.dtype !== 'int32' || ids.ndim !== 2 || ids.shape[1] === 0)
      throw new ShapeError(
        `CharLSTM: ids must be int32 [batch, seq] with seq ≥ 1, got ${ids.dtype} [${ids.shape.join(', ')}]`,
      );
    const embedded = this.embedding.forward(ids);
    const steps = ids.shape[1]!;
    // Read in pieces of CHUNK steps, the state carried with its graph, so backpropagation still
    // runs through all of time. Same math, but the backward of the LSTM's per-step select writes
    // a zero tensor as large as its whole input at every step (quadratic in the length); pieces
    // make that 1.6× faster for 64 steps (measured, native backend).
    const outputs: Tensor[] = [];
    let carried: CharLSTMState = state;
    for (let t = 0; t < steps; t += CHUNK) {
      const piece = narrow(embedded, 1, t, Math.min(CHUNK, steps - t));
      const { output, h, c } = this.lstm.forwardWithState(piece, carried);
      outputs.push(output);
      carried = { h, c };
    }
    const output = outputs.length === 1 ? outputs[0]! : cat(outputs, 1);
    return { logits: this.head.forward(this.outputDropout.forward(output)), h: carried.h!, c: carried.c! };
  }

  /**
   * The model as a step function for `generate`: it reads `prevId` from the carried LSTM state
   * and returns the log-probabilities `[vocabSize]` of the next character. Start from the state
   * `{}` (zeros); call `eval()` first so that dropout is off.
   * @example
   * import { generate, Vocabulary } from 'nabla/text';
   * const vocab = Vocabulary.fromTokens([...'The whale']);
   * const model = new CharLSTM({ vocabSize: vocab.size, embedDim: 8, hiddenSize: 16 });
   * model.eval();
   * generate(model.stepFn, { start: [vocab.idOf('T')], maxLength: 20, state: {}, temperature: 0.8 }); // 20 ids
   */
  readonly stepFn = (prevId: number, state: CharLSTMState): { logits: Tensor; state: CharLSTMState } =>
    noGrad(() => {
      const { logits, h, c } = this.forwardWithState(tensor([[prevId]], { dtype: 'int32' }), state);
      const last = select(select(logits, 0, 0), 0, 0);
      return { logits: reshape(logSoftmax(last, -1), [this.vocabSize]), state: { h, c } };
    });
}
