import {
  cat,
  type DType,
  type Generator,
  logSoftmax,
  nn,
  noGrad,
  reshape,
  ShapeError,
  select,
  stack,
  type Tensor,
  tanh,
  tensor,
  ValueError,
  zeros,
} from '../index.js';

/** The sizes of a {@link Seq2Seq} model. */
export interface Seq2SeqConfig {
  srcVocab: number;
  tgtVocab: number;
  /** The size of the source and target token embeddings. */
  embedDim: number;
  /** The encoder's hidden size per direction; the annotations a⟨t′⟩ are twice this. */
  encoderHidden: number;
  /** The decoder LSTM's hidden size (the state s⟨t⟩). */
  decoderHidden: number;
  /** The hidden size of the additive attention (default decoderHidden). */
  attnDim?: number;
  /** The encoder's cell (default 'lstm'). */
  encoder?: 'lstm' | 'gru';
  /** The padding id of both vocabularies (default 0). */
  padId?: number;
  dtype?: DType;
  generator?: Generator;
}

/** What {@link Seq2Seq.forwardWithAttention} returns. */
export interface Seq2SeqOutput {
  /** `[N, T, tgtVocab]`. */
  logits: Tensor;
  /** `[N, T, S]`: α⟨t, t′⟩, each row summing to 1 over the real source positions. */
  attention: Tensor;
}

/** The decoder's state between steps: s⟨t⟩ and its memory cell, and the last attention row. */
export interface Seq2SeqState {
  h: Tensor;
  c: Tensor;
  /** `[S]`: the attention of the last step (undefined before the first). */
  attention?: Tensor;
}

/** A decoding step as the decoders of `text/decoding` take it (log-probabilities out). */
export type Seq2SeqStepFn = (prevId: number, state: Seq2SeqState) => { logits: Tensor; state: Seq2SeqState };

/** The encoder's output, computed once per source batch. */
interface Encoded {
  memory: Tensor;
  projected: Tensor;
  mask?: Tensor;
  start: Seq2SeqState;
}

function checkConfig(c: Seq2SeqConfig): void {
  const sizes = { ...c, attnDim: c.attnDim ?? c.decoderHidden };
  for (const name of [
    'srcVocab',
    'tgtVocab',
    'embedDim',
    'encoderHidden',
    'decoderHidden',
    'attnDim',
  ] as const) {
    const v = sizes[name];
    if (!Number.isSafeInteger(v) || v < 1)
      throw new ValueError(`Seq2Seq: ${name} must be a positive integer, got ${v}`);
  }
  if (c.encoder !== undefined && c.encoder !== 'lstm' && c.encoder !== 'gru')
    throw new ValueError(`Seq2Seq: encoder must be 'lstm' or 'gru', got '${String(c.encoder)}'`);
}

/**
 * Neural machine translation with attention, as the course builds it: a bidirectional LSTM (or
 * GRU) reads the source into annotations a⟨t′⟩ = [→a⟨t′⟩; ←a⟨t′⟩]; at each output step the
 * decoder state s⟨t−1⟩ attends over them (Bahdanau's additive attention, padding masked) to a
 * context c⟨t⟩, an LSTMCell reads [embedding of the previous token; c⟨t⟩], and a linear layer
 * on [s⟨t⟩; c⟨t⟩] gives the next token's logits. The first decoder state is tanh(W·[→a⟨S⟩; ←a⟨1⟩]).
 * Training feeds the true previous tokens (teacher forcing); {@link Seq2Seq.decoder} adapts
 * the model to greedy decoding and beam search.
 * @see https://arxiv.org/abs/1409.0473
 * @example
 * const model = new Seq2Seq({ srcVocab: 10, tgtVocab: 12, embedDim: 8, encoderHidden: 16, decoderHidden: 16 });
 * const src = randint(3, 10, [2, 5]); // two sentences, the second 3 tokens and padding
 * const tgtIn = randint(3, 12, [2, 4]);
 * const { logits, attention } = model.forwardWithAttention(src, [5, 3], tgtIn);
 * // logits [2, 4, 12], attention [2, 4, 5]
 */
export class Seq2Seq extends nn.Module {
  srcEmbedding: nn.Embedding;
  encoder: nn.LSTM | nn.GRU;
  bridge: nn.Linear;
  tgtEmbedding: nn.Embedding;
  attention: nn.BahdanauAttention;
  decoderCell: nn.LSTMCell;
  out: nn.Linear;
  readonly padId: number;
  readonly decoderHidden: number;

  constructor(config: Seq2SeqConfig) {
    super();
    checkConfig(config);
    const { srcVocab, tgtVocab, embedDim, encoderHidden, decoderHidden, dtype, generator } = config;
    const { attnDim = decoderHidden, padId = 0 } = config;
    const annotation = 2 * encoderHidden;
    const recurrent = { bidirectional: true, batchFirst: true, dtype, generator };
    this.srcEmbedding = new nn.Embedding(srcVocab, embedDim, { paddingIdx: padId, dtype, generator });
    this.encoder =
      config.encoder === 'gru'
        ? new nn.GRU(embedDim, encoderHidden, recurrent)
        : new nn.LSTM(embedDim, encoderHidden, recurrent);
    this.bridge = new nn.Linear(annotation, decoderHidden, { dtype, generator });
    this.tgtEmbedding = new nn.Embedding(tgtVocab, embedDim, { paddingIdx: padId, dtype, generator });
    this.attention = new nn.BahdanauAttention(decoderHidden, annotation, attnDim, { dtype, generator });
    this.decoderCell = new nn.LSTMCell(embedDim + annotation, decoderHidden, { dtype, generator });
    this.out = new nn.Linear(decoderHidden + annotation, tgtVocab, { dtype, generator });
    this.padId = padId;
    this.decoderHidden = decoderHidden;
  }

  /** The logits `[N, T, tgtVocab]` of the next tokens, given the true previous ones `tgtIn`. */
  forward(src: Tensor, srcLengths: Tensor | readonly number[], tgtIn: Tensor): Tensor {
    return this.forwardWithAttention(src, srcLengths, tgtIn).logits;
  }

  /**
   * Teacher-forced decoding of a batch: src `[N, S]` int32 (padded after each sequence's
   * length), tgtIn `[N, T]` int32 (the target shifted right, starting with bos).
   */
  forwardWithAttention(src: Tensor, srcLengths: Tensor | readonly number[], tgtIn: Tensor): Seq2SeqOutput {
    const encoded = this.encode(src, srcLengths);
    if (tgtIn.dtype !== 'int32' || tgtIn.ndim !== 2 || tgtIn.shape[0] !== src.shape[0])
      throw new ShapeError(
        `Seq2Seq: tgtIn must be int32 [${src.shape[0]}, T], got ${tgtIn.dtype} [${tgtIn.shape.join(', ')}]`,
      );
    const embedded = this.tgtEmbedding.forward(tgtIn);
    const logits: Tensor[] = [];
    const attention: Tensor[] = [];
    let state = encoded.start;
    for (let t = 0; t < tgtIn.shape[1]!; t++) {
      const step = this.step(select(embedded, 1, t), state, encoded);
      logits.push(step.logits);
      attention.push(step.weights);
      state = step.state;
    }
    return { logits: stack(logits, 1), attention: stack(attention, 1) };
  }

  /**
   * The model as a step function for `greedyDecode`/`beamSearch` on one source sentence `[S]`
   * (int32): the encoder runs once here, and each step returns the log-probabilities `[V]` of
   * the next token and the new state (with its attention row, for plotting). No graph is kept.
   * @example
   * import { greedyDecode } from 'nabla/text';
   * const model = new Seq2Seq({ srcVocab: 10, tgtVocab: 12, embedDim: 8, encoderHidden: 16, decoderHidden: 16 });
   * const { stepFn, state } = model.decoder(tensor([4, 5, 6], { dtype: 'int32' }));
   * greedyDecode(stepFn, { bos: 1, eos: 2, maxLength: 10, state }); // { ids, logProb }
   */
  decoder(src: Tensor): { stepFn: Seq2SeqStepFn; state: Seq2SeqState } {
    if (src.ndim !== 1)
      throw new ShapeError(`Seq2Seq.decoder: src must be one sentence [S], got [${src.shape.join(', ')}]`);
    const encoded = noGrad(() => this.encode(reshape(src, [1, src.shape[0]!]), [src.shape[0]!]));
    const stepFn: Seq2SeqStepFn = (prevId, state) =>
      noGrad(() => {
        const prev = this.tgtEmbedding.forward(tensor([prevId], { dtype: 'int32' }));
        const step = this.step(prev, state, encoded);
        const logits = reshape(logSoftmax(step.logits, -1), [step.logits.shape[1]!]);
        return {
          logits,
          state: { ...step.state, attention: reshape(step.weights, [step.weights.shape[1]!]) },
        };
      });
    return { stepFn, state: encoded.start };
  }

  /** One decoder step from the previous token's embedding `[N, E]`. */
  private step(
    prev: Tensor,
    state: Seq2SeqState,
    encoded: Encoded,
  ): { logits: Tensor; weights: Tensor; state: Seq2SeqState } {
    const { context, weights } = this.attention.forwardWithWeights(state.h, encoded.memory, {
      mask: encoded.mask,
      projectedKeys: encoded.projected,
    });
    const { h, c } = this.decoderCell.forwardWithState(cat([prev, context], 1), state);
    return { logits: this.out.forward(cat([h, context], 1)), weights, state: { h, c } };
  }

  /** The annotations, their attention projection, the padding mask and the first state. */
  private encode(src: Tensor, srcLengths: Tensor | readonly number[]): Encoded {
    if (src.dtype !== 'int32' || src.ndim !== 2)
      throw new ShapeError(
        `Seq2Seq: src must be int32 [batch, seq], got ${src.dtype} [${src.shape.join(', ')}]`,
      );
    const [n, s] = src.shape as [number, number];
    const lengths = Array.isArray(srcLengths)
      ? [...srcLengths]
      : [...(srcLengths as Tensor).data()].map(Number);
    if (lengths.length !== n || lengths.some((l) => !Number.isInteger(l) || l < 1 || l > s))
      throw new ValueError(
        `Seq2Seq: srcLengths must hold ${n} integers in [1, ${s}], got [${lengths.join(', ')}]`,
      );
    const { output, h } = this.encoder.forwardWithState(this.srcEmbedding.forward(src), {}, { lengths });
    // h is [2, N, H]: the forward direction's last step and the backward direction's first.
    const h0 = tanh(this.bridge.forward(cat([select(h, 0, 0), select(h, 0, 1)], 1)));
    const padded = Uint8Array.from({ length: n * s }, (_, i) =>
      i % s >= lengths[Math.floor(i / s)]! ? 1 : 0,
    );
    return {
      memory: output,
      projected: this.attention.projectKeys(output),
      mask: padded.includes(1) ? tensor(padded, { shape: [n, s], dtype: 'bool' }) : undefined,
      start: { h: h0, c: zeros([n, this.decoderHidden], { dtype: h0.dtype }) },
    };
  }
}
