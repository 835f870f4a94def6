import {
  add,
  type DType,
  type Generator,
  linear,
  logSoftmax,
  mul,
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

/** The sizes and choices of a {@link CharTransformer}. */
export interface CharTransformerConfig {
  vocabSize: number;
  /** The longest context the model reads. */
  maxLen: number;
  /** The model size (default 64). */
  dModel?: number;
  /** Attention heads (default 4). */
  nHead?: number;
  /** Stacked pre-norm layers (default 2). */
  numLayers?: number;
  /** The feed-forward hidden size (default 4·dModel). */
  dimFeedforward?: number;
  /** Dropout in the layers and on the embeddings (default 0.1). */
  dropout?: number;
  /** Learned position vectors (default) or the paper's fixed sinusoids. */
  positions?: 'learned' | 'sinusoidal';
  /** Reuse the token embedding as the output projection (default true). */
  tieWeights?: boolean;
  activation?: 'relu' | 'gelu';
  dtype?: DType;
  generator?: Generator;
}

/** The state of {@link CharTransformer.stepFn}: the ids read so far (the last maxLen are used). */
export type CharTransformerState = readonly number[];

type FullConfig = Required<Omit<CharTransformerConfig, 'dtype' | 'generator'>> &
  Pick<CharTransformerConfig, 'dtype' | 'generator'>;

function withDefaults(config: CharTransformerConfig): FullConfig {
  const { dModel = 64, nHead = 4, numLayers = 2, dropout = 0.1, positions = 'learned' } = config;
  const { tieWeights = true, activation = 'gelu', dimFeedforward = 4 * dModel } = config;
  return { ...config, dModel, nHead, numLayers, dropout, positions, tieWeights, activation, dimFeedforward };
}

function checkConfig(c: FullConfig): void {
  for (const name of ['vocabSize', 'maxLen', 'dModel', 'nHead', 'numLayers', 'dimFeedforward'] as const) {
    const v = c[name];
    if (!Number.isSafeInteger(v) || v < 1)
      throw new ValueError(`CharTransformer: ${name} must be a positive integer, got ${v}`);
  }
  if (c.positions !== 'learned' && c.positions !== 'sinusoidal')
    throw new ValueError(
      `CharTransformer: positions must be 'learned' or 'sinusoidal', got '${String(c.positions)}'`,
    );
}

/**
 * A small decoder-only character language model (a tiny GPT): token embeddings (scaled by
 * √dModel, as in the Transformer paper) plus learned or sinusoidal positions, a stack of
 * pre-norm Transformer layers with a causal mask, a final LayerNorm, and an output projection
 * that is the token embedding itself (tied, the default) or a Linear of its own. It predicts
 * every next character of a `[N, T]` batch at once; {@link CharTransformer.stepFn} adapts it to
 * `generate` for sampling.
 * @see https://arxiv.org/abs/1706.03762
 * @see https://arxiv.org/abs/1608.05859
 * @example
 * const model = new CharTransformer({ vocabSize: 30, maxLen: 64, dModel: 32, nHead: 4 });
 * model.forward(tensor([[3, 4, 5]], { dtype: 'int32' })).shape; // => [1, 3, 30]
 */
export class CharTransformer extends nn.Module {
  tokenEmbedding: nn.Embedding;
  positionEmbedding?: nn.PositionalEmbedding;
  embeddingDropout: nn.Dropout;
  encoder: nn.TransformerEncoder;
  head?: nn.Linear;
  /** The sinusoid table when `positions: 'sinusoidal'` (computed, so not in the state dict). */
  readonly positionTable?: Tensor;
  readonly vocabSize: number;
  readonly maxLen: number;
  readonly dModel: number;

  constructor(config: CharTransformerConfig) {
    super();
    const full = withDefaults(config);
    checkConfig(full);
    const { vocabSize, maxLen, dModel, nHead, dtype, generator } = full;
    this.tokenEmbedding = new nn.Embedding(vocabSize, dModel, { dtype, generator });
    // N(0, 1/dModel): scaled by √dModel on the way in, the inputs have unit variance, and the
    // tied logits h·eᵀ (h layer-normalized) start with unit variance too.
    nn.initNormal(this.tokenEmbedding.weight, { std: 1 / Math.sqrt(dModel), generator });
    if (full.positions === 'learned')
      this.positionEmbedding = new nn.PositionalEmbedding(maxLen, dModel, { dtype, generator });
    else this.positionTable = nn.sinusoidalPositionalEncoding(maxLen, dModel, { dtype });
    this.embeddingDropout = new nn.Dropout(full.dropout, { generator });
    const layer = { ...full, normFirst: true, batchFirst: true };
    this.encoder = new nn.TransformerEncoder(
      () => new nn.TransformerEncoderLayer(dModel, nHead, layer),
      full.numLayers,
      {
        norm: new nn.LayerNorm(dModel, { dtype }),
      },
    );
    if (!full.tieWeights) this.head = new nn.Linear(dModel, vocabSize, { dtype, generator });
    this.vocabSize = vocabSize;
    this.maxLen = maxLen;
    this.dModel = dModel;
  }

  /** Next-character logits `[N, T, vocabSize]` for ids `[N, T]` (int32, T ≤ maxLen). */
  forward(ids: Tensor): Tensor {
    if (ids.dtype !== 'int32' || ids.ndim !== 2 || ids.shape[1]! > this.maxLen || ids.shape[1] === 0)
      throw new ShapeError(
        `CharTransformer: ids must be int32 [batch, 1..${this.maxLen}], got ${ids.dtype} [${ids.shape.join(', ')}]`,
      );
    let x = mul(this.tokenEmbedding.forward(ids), Math.sqrt(this.dModel));
    x = this.positionEmbedding
      ? this.positionEmbedding.forward(x)
      : add(x, narrow(this.positionTable!, 0, 0, ids.shape[1]!));
    const h = this.encoder.forwardWithMasks(this.embeddingDropout.forward(x), { causal: true });
    return this.head ? this.head.forward(h) : linear(h, this.tokenEmbedding.weight);
  }

  /**
   * The model as a step function for `generate`: the state is the ids so far; each step appends
   * `prevId`, reruns the last maxLen ids (no cache: simple, and fine for short contexts) and
   * returns the log-probabilities `[vocabSize]` of the next character. Call `eval()` first so
   * that dropout is off.
   * @example
   * import { generate } from 'nabla/text';
   * const model = new CharTransformer({ vocabSize: 20, maxLen: 32, dModel: 16, nHead: 2, numLayers: 1, dimFeedforward: 32 });
   * model.eval();
   * const bos = 0;
   * generate(model.stepFn, { start: [bos], maxLength: 20, state: [], temperature: 0.8 }); // 20 ids
   */
  readonly stepFn = (
    prevId: number,
    state: CharTransformerState,
  ): { logits: Tensor; state: CharTransformerState } => {
    const ids = [...state, prevId];
    const context = ids.slice(-this.maxLen);
    const logits = noGrad(() => {
      const all = this.forward(tensor([context], { dtype: 'int32' }));
      return reshape(logSoftmax(select(all, 1, context.length - 1), -1), [this.vocabSize]);
    });
    return { logits, state: ids };
  };
}
