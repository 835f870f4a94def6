import {
  type DType,
  type Generator,
  lastValidStep,
  maskedMean,
  nn,
  ShapeError,
  type Tensor,
  ValueError,
} from '../index.js';

/** How a {@link SentenceClassifier} turns the word embeddings of a sentence into one vector. */
export type SentenceEncoder = 'average' | 'lstm';

/** The sizes and choices of a {@link SentenceClassifier}. */
export interface SentenceClassifierConfig {
  vocabSize: number;
  /** The classes of the softmax (default 2). */
  numClasses?: number;
  /** 'average' (default): the mean of the embeddings; 'lstm': the LSTM's last hidden state. */
  encoder?: SentenceEncoder;
  /** The size of the word embeddings (default 50). */
  embedDim?: number;
  /** The LSTM's hidden size (default 64; 'lstm' only). */
  hiddenSize?: number;
  /** Stacked LSTM layers (default 1; 'lstm' only). */
  numLayers?: number;
  /** Dropout on the sentence vector (and between stacked layers), in training only (default 0). */
  dropout?: number;
  /** The id that pads sentences to one length (default 0). */
  paddingIdx?: number;
  dtype?: DType;
  generator?: Generator;
}

/**
 * The course's sentence classifier ("Emojify") in its two forms: word ids → an embedding layer
 * (initialise it from trained vectors with `embeddingMatrix`, then freeze it or fine-tune it) →
 * a sentence vector → a linear layer to the class logits (the softmax is in the loss). The
 * sentence vector is either the average of the words' embeddings (`encoder: 'average'`: word
 * order is lost, and it trains in seconds) or the last hidden state of an LSTM read over them
 * (`'lstm'`). A batch holds sentences right-padded with `paddingIdx` to one length; a sentence's
 * length is up to its last non-padding id, so padding changes neither form's output.
 * @see https://doi.org/10.1162/neco.1997.9.8.1735
 * @example
 * const model = new SentenceClassifier({ vocabSize: 20, encoder: 'lstm', embedDim: 8, hiddenSize: 16 });
 * model.forward(tensor([[3, 4, 5], [6, 0, 0]], { dtype: 'int32' })).shape; // => [2, 2]
 */
export class SentenceClassifier extends nn.Module {
  embedding: nn.Embedding;
  lstm?: nn.LSTM;
  sentenceDropout: nn.Dropout;
  head: nn.Linear;
  readonly encoder: SentenceEncoder;
  readonly paddingIdx: number;

  constructor(config: SentenceClassifierConfig) {
    super();
    const { vocabSize, numClasses = 2, encoder = 'average', embedDim = 50, hiddenSize = 64 } = config;
    const { numLayers = 1, dropout = 0, paddingIdx = 0, dtype, generator } = config;
    for (const [name, v] of Object.entries({ vocabSize, numClasses, embedDim, hiddenSize, numLayers }))
      if (!Number.isSafeInteger(v) || v < 1)
        throw new ValueError(`SentenceClassifier: ${name} must be a positive integer, got ${v}`);
    if (encoder !== 'average' && encoder !== 'lstm')
      throw new ValueError(`SentenceClassifier: encoder must be 'average' or 'lstm', got '${encoder}'`);
    if (!(dropout >= 0 && dropout < 1))
      throw new ValueError(`SentenceClassifier: dropout must be in [0, 1), got ${dropout}`);
    // No paddingIdx on the layer: padding never reaches the output (the average skips it, the
    // LSTM's outputs before a sentence's end never see it), so its row needs no protection.
    this.embedding = new nn.Embedding(vocabSize, embedDim, { dtype, generator });
    const lstmOptions = { numLayers, dropout, batchFirst: true, dtype, generator };
    if (encoder === 'lstm') this.lstm = new nn.LSTM(embedDim, hiddenSize, lstmOptions);
    this.sentenceDropout = new nn.Dropout(dropout, { generator });
    this.head = new nn.Linear(encoder === 'lstm' ? hiddenSize : embedDim, numClasses, { dtype, generator });
    this.encoder = encoder;
    if (!Number.isSafeInteger(paddingIdx) || paddingIdx < 0 || paddingIdx >= vocabSize)
      throw new ValueError(
        `SentenceClassifier: paddingIdx must be an id in [0, ${vocabSize}), got ${paddingIdx}`,
      );
    this.paddingIdx = paddingIdx;
  }

  /** Class logits `[batch, numClasses]` for right-padded word ids `[batch, seq]` (int32). */
  forward(ids: Tensor): Tensor {
    return this.head.forward(this.sentenceDropout.forward(this.encode(ids)));
  }

  /**
   * The sentence vectors `[batch, embedDim]` (average) or `[batch, hiddenSize]` (LSTM).
   * @example
   * const model = new SentenceClassifier({ vocabSize: 10, embedDim: 4 });
   * model.encode(tensor([[1, 2, 0]], { dtype: 'int32' })).shape; // => [1, 4]
   */
  encode(ids: Tensor): Tensor {
    const lengths = this.lengths(ids);
    const embedded = this.embedding.forward(ids);
    if (this.lstm === undefined) return maskedMean(embedded, lengths);
    // The LSTM reads the whole padded batch in one fused op; each sentence's output at its own
    // last word saw none of the padding after it, so it is the sentence's final hidden state.
    return lastValidStep(this.lstm.forward(embedded), lengths);
  }

  /**
   * Each row's length: up to its last id that is not padding (at least 1: an all-padding row
   * reads as one padding word).
   * @example
   * const model = new SentenceClassifier({ vocabSize: 10 });
   * model.lengths(tensor([[4, 5, 0], [0, 0, 0]], { dtype: 'int32' })); // => [2, 1]
   */
  lengths(ids: Tensor): number[] {
    if (ids.dtype !== 'int32' || ids.ndim !== 2 || ids.shape[1] === 0)
      throw new ShapeError(
        `SentenceClassifier: ids must be int32 [batch, seq] with seq ≥ 1, got ${ids.dtype} [${ids.shape.join(', ')}]`,
      );
    const [batch, seq] = ids.shape as [number, number];
    const data = ids.data();
    return Array.from({ length: batch }, (_, b) => {
      let n = seq;
      while (n > 1 && data[b * seq + n - 1] === this.paddingIdx) n--;
      return n;
    });
  }
}
