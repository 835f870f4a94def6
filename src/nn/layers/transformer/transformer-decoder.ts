import { ValueError } from '../../../errors.js';
import type { Tensor } from '../../../tensor/tensor.js';
import { Module } from '../../module.js';
import type { LayerNorm } from '../normalization/layer-norm.js';
import type { DecoderMaskOptions, TransformerDecoderLayer } from './transformer-decoder-layer.js';

/**
 * A stack of `numLayers` decoder layers made by `layer(i)`, each attending to the same encoder
 * output (`memory`), with an optional final `norm`.
 * @see https://arxiv.org/abs/1706.03762
 * @example
 * const decoder = new nn.TransformerDecoder(() => new nn.TransformerDecoderLayer(16, 4, { dimFeedforward: 32 }), 2);
 * decoder.forward(randn([2, 3, 16]), randn([2, 5, 16])).shape; // => [2, 3, 16]
 */
export class TransformerDecoder extends Module {
  layers: TransformerDecoderLayer[];
  norm?: LayerNorm;

  constructor(
    layer: (index: number) => TransformerDecoderLayer,
    readonly numLayers: number,
    { norm }: { norm?: LayerNorm } = {},
  ) {
    super();
    if (!Number.isSafeInteger(numLayers) || numLayers < 0)
      throw new ValueError(`TransformerDecoder: numLayers must be a non-negative integer, got ${numLayers}`);
    this.layers = Array.from({ length: numLayers }, (_, i) => layer(i));
    this.norm = norm;
  }

  /** tgt `[N, T, d]`, memory `[N, S, d]` → `[N, T, d]`, with causal self-attention. */
  forward(tgt: Tensor, memory: Tensor): Tensor {
    return this.forwardWithMasks(tgt, memory);
  }

  /** Every layer with the same masks, then the final norm. */
  forwardWithMasks(tgt: Tensor, memory: Tensor, masks: DecoderMaskOptions = {}): Tensor {
    const h = this.layers.reduce((x, layer) => layer.forwardWithMasks(x, memory, masks), tgt);
    return this.norm ? this.norm.forward(h) : h;
  }
}
