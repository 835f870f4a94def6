import { add } from '../../../ops/add.js';
import type { Tensor } from '../../../tensor/tensor.js';
import { Module } from '../../module.js';
import { MultiheadAttention } from '../attention/multihead-attention.js';
import { Dropout } from '../dropout/dropout.js';
import { Linear } from '../linear/linear.js';
import { LayerNorm } from '../normalization/layer-norm.js';
import {
  feedForward,
  type TransformerLayerOptions,
  transformerLayerDefaults,
} from './transformer-encoder-layer.js';

/** Masks of {@link TransformerDecoderLayer.forwardWithMasks}. */
export interface DecoderMaskOptions {
  /** Mask every later target position in the self-attention (default true). */
  causal?: boolean;
  /** Bool `[T, T]`: an extra self-attention mask (true = not allowed). */
  tgtMask?: Tensor;
  /** Bool `[T, S]`: a cross-attention mask. */
  memoryMask?: Tensor;
  /** Bool `[N, T]`: padding in the target. */
  tgtKeyPaddingMask?: Tensor;
  /** Bool `[N, S]`: padding in the source (usually the encoder's key padding mask). */
  memoryKeyPaddingMask?: Tensor;
}

/**
 * One layer of the Transformer's decoder: masked (causal) self-attention over the target, then
 * cross-attention from the target to the encoder's output (`memory`), then the position-wise
 * feed-forward network, each with a residual connection and layer normalization (post-norm by
 * default, pre-norm with `normFirst`). Unlike PyTorch the self-attention is causal unless
 * `causal: false` is passed, since a decoder that sees the future is a bug.
 * @see https://arxiv.org/abs/1706.03762
 * @example
 * const layer = new TransformerDecoderLayer(16, 4, { dimFeedforward: 32 });
 * layer.forward(randn([2, 3, 16]), randn([2, 5, 16])).shape; // => [2, 3, 16]
 */
export class TransformerDecoderLayer extends Module {
  selfAttn: MultiheadAttention;
  multiheadAttn: MultiheadAttention;
  linear1: Linear;
  dropout: Dropout;
  linear2: Linear;
  norm1: LayerNorm;
  norm2: LayerNorm;
  norm3: LayerNorm;
  dropout1: Dropout;
  dropout2: Dropout;
  dropout3: Dropout;
  readonly activation: 'relu' | 'gelu';
  readonly normFirst: boolean;

  constructor(
    readonly dModel: number,
    readonly nHead: number,
    options: TransformerLayerOptions = {},
  ) {
    super();
    const o = transformerLayerDefaults('TransformerDecoderLayer', options);
    const { dtype, generator } = options;
    const attention = { dropout: o.dropout, batchFirst: o.batchFirst, dtype, generator };
    this.selfAttn = new MultiheadAttention(dModel, nHead, attention);
    this.multiheadAttn = new MultiheadAttention(dModel, nHead, attention);
    this.linear1 = new Linear(dModel, o.dimFeedforward, { dtype, generator });
    this.dropout = new Dropout(o.dropout, { generator });
    this.linear2 = new Linear(o.dimFeedforward, dModel, { dtype, generator });
    const norm = (): LayerNorm => new LayerNorm(dModel, { eps: o.layerNormEps, dtype });
    this.norm1 = norm();
    this.norm2 = norm();
    this.norm3 = norm();
    this.dropout1 = new Dropout(o.dropout, { generator });
    this.dropout2 = new Dropout(o.dropout, { generator });
    this.dropout3 = new Dropout(o.dropout, { generator });
    this.activation = o.activation;
    this.normFirst = o.normFirst;
  }

  /** The layer with a causal self-attention and no other masks: tgt `[N, T, d]`, memory `[N, S, d]`. */
  forward(tgt: Tensor, memory: Tensor): Tensor {
    return this.forwardWithMasks(tgt, memory);
  }

  /** The layer with masks. */
  forwardWithMasks(tgt: Tensor, memory: Tensor, options: DecoderMaskOptions = {}): Tensor {
    const { causal = true, tgtMask, memoryMask, tgtKeyPaddingMask, memoryKeyPaddingMask } = options;
    const selfAttend = (x: Tensor): Tensor =>
      this.dropout1.forward(
        this.selfAttn.forwardWithWeights(x, x, x, {
          attnMask: tgtMask,
          causal,
          keyPaddingMask: tgtKeyPaddingMask,
          needWeights: false,
        }).output,
      );
    const crossAttend = (x: Tensor): Tensor =>
      this.dropout2.forward(
        this.multiheadAttn.forwardWithWeights(x, memory, memory, {
          attnMask: memoryMask,
          keyPaddingMask: memoryKeyPaddingMask,
          needWeights: false,
        }).output,
      );
    const ff = (x: Tensor): Tensor => this.dropout3.forward(feedForward(this, x));
    if (this.normFirst) {
      const h1 = add(tgt, selfAttend(this.norm1.forward(tgt)));
      const h2 = add(h1, crossAttend(this.norm2.forward(h1)));
      return add(h2, ff(this.norm3.forward(h2)));
    }
    const h1 = this.norm1.forward(add(tgt, selfAttend(tgt)));
    const h2 = this.norm2.forward(add(h1, crossAttend(h1)));
    return this.norm3.forward(add(h2, ff(h2)));
  }
}
