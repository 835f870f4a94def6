import { ValueError } from '../../../errors.js';
import { add } from '../../../ops/add.js';
import { gelu } from '../../../ops/gelu.js';
import { relu } from '../../../ops/relu.js';
import type { DType } from '../../../tensor/dtype.js';
import type { Generator } from '../../../tensor/random.js';
import type { Tensor } from '../../../tensor/tensor.js';
import { Module } from '../../module.js';
import { MultiheadAttention } from '../attention/multihead-attention.js';
import { Dropout } from '../dropout/dropout.js';
import { Linear } from '../linear/linear.js';
import { LayerNorm } from '../normalization/layer-norm.js';

/** Options shared by {@link TransformerEncoderLayer} and `TransformerDecoderLayer`. */
export interface TransformerLayerOptions {
  /** The hidden size of the position-wise feed-forward network (default 2048). */
  dimFeedforward?: number;
  /** Dropout after attention, inside and after the feed-forward network (default 0.1). */
  dropout?: number;
  /** The feed-forward network's nonlinearity (default 'relu'). */
  activation?: 'relu' | 'gelu';
  /** Normalize before each sublayer (pre-norm) instead of after the residual add (default false). */
  normFirst?: boolean;
  /** LayerNorm's ε (default 1e-5). */
  layerNormEps?: number;
  /** Inputs are `[batch, seq, dModel]` (default true) rather than `[seq, batch, dModel]`. */
  batchFirst?: boolean;
  dtype?: DType;
  generator?: Generator;
}

/** Masks of {@link TransformerEncoderLayer.forwardWithMasks}. */
export interface EncoderMaskOptions {
  /** Bool `[S, S]`: true marks a position pair that may not attend. */
  mask?: Tensor;
  /** Mask every later position (a decoder-only language model). */
  causal?: boolean;
  /** Bool `[N, S]`: true marks padding. */
  keyPaddingMask?: Tensor;
}

/**
 * The two-layer position-wise network of a Transformer layer, linear2(dropout(act(linear1(x)))).
 * @example
 * const layer = new nn.TransformerEncoderLayer(16, 4, { dimFeedforward: 32 }); // or a decoder layer
 * feedForward(layer, randn([2, 5, 16])).shape; // => [2, 5, 16]
 */
export function feedForward(
  layer: { linear1: Linear; linear2: Linear; dropout: Dropout; activation: 'relu' | 'gelu' },
  x: Tensor,
): Tensor {
  const h = layer.linear1.forward(x);
  return layer.linear2.forward(layer.dropout.forward(layer.activation === 'gelu' ? gelu(h) : relu(h)));
}

/**
 * Checks the options of a Transformer layer and fills in the defaults.
 * @example
 * transformerLayerDefaults('TransformerEncoderLayer', {}).dimFeedforward; // => 2048
 */
export function transformerLayerDefaults(
  name: string,
  options: TransformerLayerOptions,
): Required<Omit<TransformerLayerOptions, 'dtype' | 'generator'>> {
  const { dimFeedforward = 2048, dropout = 0.1, activation = 'relu', normFirst = false } = options;
  const { layerNormEps = 1e-5, batchFirst = true } = options;
  if (!Number.isSafeInteger(dimFeedforward) || dimFeedforward < 1)
    throw new ValueError(`${name}: dimFeedforward must be a positive integer, got ${dimFeedforward}`);
  if (activation !== 'relu' && activation !== 'gelu')
    throw new ValueError(`${name}: activation must be 'relu' or 'gelu', got '${String(activation)}'`);
  return { dimFeedforward, dropout, activation, normFirst, layerNormEps, batchFirst };
}

/**
 * One layer of the Transformer's encoder: multi-head self-attention, then a position-wise
 * feed-forward network, each wrapped in a residual connection with layer normalization. By
 * default the norm comes after the add ("Add & Norm", post-norm, as in the paper); `normFirst`
 * normalizes each sublayer's input instead (pre-norm), which trains deep stacks without warm-up.
 * Parameters are named as PyTorch's (`selfAttn`, `linear1`, `linear2`, `norm1`, `norm2`).
 * @see https://arxiv.org/abs/1706.03762
 * @see https://arxiv.org/abs/2002.04745
 * @example
 * const layer = new TransformerEncoderLayer(16, 4, { dimFeedforward: 32 });
 * layer.forward(randn([2, 5, 16])).shape; // => [2, 5, 16]
 */
export class TransformerEncoderLayer extends Module {
  selfAttn: MultiheadAttention;
  linear1: Linear;
  dropout: Dropout;
  linear2: Linear;
  norm1: LayerNorm;
  norm2: LayerNorm;
  dropout1: Dropout;
  dropout2: Dropout;
  readonly activation: 'relu' | 'gelu';
  readonly normFirst: boolean;

  constructor(
    readonly dModel: number,
    readonly nHead: number,
    options: TransformerLayerOptions = {},
  ) {
    super();
    const o = transformerLayerDefaults('TransformerEncoderLayer', options);
    const { dtype, generator } = options;
    this.selfAttn = new MultiheadAttention(dModel, nHead, {
      dropout: o.dropout,
      batchFirst: o.batchFirst,
      dtype,
      generator,
    });
    this.linear1 = new Linear(dModel, o.dimFeedforward, { dtype, generator });
    this.dropout = new Dropout(o.dropout, { generator });
    this.linear2 = new Linear(o.dimFeedforward, dModel, { dtype, generator });
    this.norm1 = new LayerNorm(dModel, { eps: o.layerNormEps, dtype });
    this.norm2 = new LayerNorm(dModel, { eps: o.layerNormEps, dtype });
    this.dropout1 = new Dropout(o.dropout, { generator });
    this.dropout2 = new Dropout(o.dropout, { generator });
    this.activation = o.activation;
    this.normFirst = o.normFirst;
  }

  /** The layer without masks: `[N, S, dModel]` → `[N, S, dModel]`. */
  forward(src: Tensor): Tensor {
    return this.forwardWithMasks(src);
  }

  /** The layer with an attention mask, a causal mask and/or a key padding mask. */
  forwardWithMasks(src: Tensor, { mask, causal, keyPaddingMask }: EncoderMaskOptions = {}): Tensor {
    const attend = (x: Tensor): Tensor =>
      this.dropout1.forward(
        this.selfAttn.forwardWithWeights(x, x, x, {
          attnMask: mask,
          causal,
          keyPaddingMask,
          needWeights: false,
        }).output,
      );
    const ff = (x: Tensor): Tensor => this.dropout2.forward(feedForward(this, x));
    if (this.normFirst) {
      const h = add(src, attend(this.norm1.forward(src)));
      return add(h, ff(this.norm2.forward(h)));
    }
    const h = this.norm1.forward(add(src, attend(src)));
    return this.norm2.forward(add(h, ff(h)));
  }
}
