import type { Tensor } from '../../../tensor/tensor.js';
import { xavierUniform } from '../../init.js';
import { Module } from '../../module.js';
import { LayerNorm } from '../normalization/layer-norm.js';
import { TransformerDecoder } from './transformer-decoder.js';
import { type DecoderMaskOptions, TransformerDecoderLayer } from './transformer-decoder-layer.js';
import { TransformerEncoder } from './transformer-encoder.js';
import { TransformerEncoderLayer, type TransformerLayerOptions } from './transformer-encoder-layer.js';

/** Options of {@link Transformer}: the sizes, and everything a layer takes. */
export interface TransformerOptions extends TransformerLayerOptions {
  /** The model size (default 512). */
  dModel?: number;
  /** Attention heads per layer (default 8). */
  nHead?: number;
  /** Encoder layers (default 6). */
  numEncoderLayers?: number;
  /** Decoder layers (default 6). */
  numDecoderLayers?: number;
}

/** Masks of {@link Transformer.forwardWithMasks}. */
export interface TransformerMaskOptions extends DecoderMaskOptions {
  /** Bool `[S, S]`: the encoder's self-attention mask. */
  srcMask?: Tensor;
  /** Bool `[N, S]`: padding in the source, for the encoder (pass it as memoryKeyPaddingMask too). */
  srcKeyPaddingMask?: Tensor;
}

/**
 * The encoder–decoder Transformer of "Attention Is All You Need", with PyTorch's defaults and
 * parameter layout: an encoder and a decoder stack, each followed by a LayerNorm, and every
 * weight matrix Xavier-uniform initialized. Inputs are already embedded, `[N, S, dModel]` and
 * `[N, T, dModel]`; the decoder's self-attention is causal.
 * @see https://arxiv.org/abs/1706.03762
 * @example
 * const model = new Transformer({ dModel: 16, nHead: 4, numEncoderLayers: 2, numDecoderLayers: 2, dimFeedforward: 32 });
 * model.forward(randn([2, 5, 16]), randn([2, 3, 16])).shape; // => [2, 3, 16]
 */
export class Transformer extends Module {
  encoder: TransformerEncoder;
  decoder: TransformerDecoder;
  readonly dModel: number;
  readonly nHead: number;

  constructor(options: TransformerOptions = {}) {
    super();
    const { dModel = 512, nHead = 8, numEncoderLayers = 6, numDecoderLayers = 6, ...layer } = options;
    const norm = (): LayerNorm => new LayerNorm(dModel, { eps: layer.layerNormEps, dtype: layer.dtype });
    this.encoder = new TransformerEncoder(
      () => new TransformerEncoderLayer(dModel, nHead, layer),
      numEncoderLayers,
      {
        norm: norm(),
      },
    );
    this.decoder = new TransformerDecoder(
      () => new TransformerDecoderLayer(dModel, nHead, layer),
      numDecoderLayers,
      {
        norm: norm(),
      },
    );
    this.dModel = dModel;
    this.nHead = nHead;
    for (const p of this.parameters()) if (p.ndim > 1) xavierUniform(p, { generator: layer.generator });
  }

  /** src `[N, S, d]`, tgt `[N, T, d]` → `[N, T, d]`, no masks but the decoder's causal one. */
  forward(src: Tensor, tgt: Tensor): Tensor {
    return this.forwardWithMasks(src, tgt);
  }

  /** The encoder on `src`, then the decoder on `tgt` attending to it, with masks. */
  forwardWithMasks(src: Tensor, tgt: Tensor, masks: TransformerMaskOptions = {}): Tensor {
    const { srcMask, srcKeyPaddingMask, ...decoderMasks } = masks;
    const memory = this.encoder.forwardWithMasks(src, { mask: srcMask, keyPaddingMask: srcKeyPaddingMask });
    return this.decoder.forwardWithMasks(tgt, memory, decoderMasks);
  }
}
