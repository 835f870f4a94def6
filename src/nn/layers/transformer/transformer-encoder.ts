import { ValueError } from '../../../errors.js';
import type { Tensor } from '../../../tensor/tensor.js';
import { Module } from '../../module.js';
import type { LayerNorm } from '../normalization/layer-norm.js';
import type { EncoderMaskOptions, TransformerEncoderLayer } from './transformer-encoder-layer.js';

/**
 * A stack of `numLayers` encoder layers, each made by `layer(i)` (a factory rather than
 * PyTorch's deep copy of one layer, so that each gets fresh weights), with an optional final
 * `norm` (needed after a pre-norm stack, whose output is otherwise unnormalized).
 * @see https://arxiv.org/abs/1706.03762
 * @example
 * const encoder = new nn.TransformerEncoder(() => new nn.TransformerEncoderLayer(16, 4, { dimFeedforward: 32 }), 2);
 * encoder.forward(randn([2, 5, 16])).shape; // => [2, 5, 16]
 */
export class TransformerEncoder extends Module {
  layers: TransformerEncoderLayer[];
  norm?: LayerNorm;

  constructor(
    layer: (index: number) => TransformerEncoderLayer,
    readonly numLayers: number,
    { norm }: { norm?: LayerNorm } = {},
  ) {
    super();
    if (!Number.isSafeInteger(numLayers) || numLayers < 0)
      throw new ValueError(`TransformerEncoder: numLayers must be a non-negative integer, got ${numLayers}`);
    this.layers = Array.from({ length: numLayers }, (_, i) => layer(i));
    this.norm = norm;
  }

  /** `[N, S, d]` → `[N, S, d]` without masks. */
  forward(src: Tensor): Tensor {
    return this.forwardWithMasks(src);
  }

  /** Every layer with the same masks, then the final norm. */
  forwardWithMasks(src: Tensor, masks: EncoderMaskOptions = {}): Tensor {
    const h = this.layers.reduce((x, layer) => layer.forwardWithMasks(x, masks), src);
    return this.norm ? this.norm.forward(h) : h;
  }
}
