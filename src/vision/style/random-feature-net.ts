import { Generator, nn, type Tensor, ValueError } from '../../index.js';

/** Pixels in [0, 1] centred on 0, so random filters see signed contrast rather than brightness. */
class CenterPixels extends nn.Module {
  forward(x: Tensor): Tensor {
    return x.sub(0.5);
  }
}

export interface RandomFeatureNetOptions {
  /** Output channels of the 3×3 convolution at each scale (default [32, 64, 128, 256]). */
  widths?: readonly number[];
  inChannels?: number;
  seed?: number;
}

/** A feature network for style transfer: the model and the layer names to read. */
export interface StyleFeatureNet {
  model: nn.Module;
  contentLayer: string;
  styleLayers: string[];
}

/**
 * Style transfer without trained weights: a VGG-like stack of untrained 3×3 convolutions (He
 * normal, seeded) with ReLU, one per scale, each scale halved by 2×2 average pooling, so the
 * Gram matrices capture texture statistics at several sizes (3, 8, 18, 38 pixels for four
 * scales). He, Wang & Hopcroft (2016) show random-weight VGG features carry style and content
 * well enough for transfer; Ustyuzhaninov et al. (2016) that random multi-scale filters suffice for
 * texture synthesis. The style layers are the centred pixels (their Gram matrix is the colour
 * covariance) and every ReLU; the content layer is the third ReLU (or the last).
 * @see https://arxiv.org/abs/1606.04801
 * @see https://arxiv.org/abs/1606.00021
 * @example
 * const { model, contentLayer, styleLayers } = randomFeatureNet({ seed: 1 });
 * const extractor = featureExtractor(model, [contentLayer, ...styleLayers]);
 * extractor(rand([1, 3, 32, 32]))[contentLayer]!.shape; // => [1, 128, 8, 8]
 */
export function randomFeatureNet(options: RandomFeatureNetOptions = {}): StyleFeatureNet {
  const { widths = [32, 64, 128, 256], inChannels = 3, seed = 0 } = options;
  if (widths.length === 0 || widths.some((w) => !Number.isSafeInteger(w) || w < 1))
    throw new ValueError(`randomFeatureNet: widths must be positive integers, got ${JSON.stringify(widths)}`);
  const generator = new Generator(seed);
  const layers: nn.Module[] = [new CenterPixels()];
  // The centred pixels count as a style layer too: their Gram matrix is the colour covariance,
  // which random ReLU features alone match poorly.
  const relus: string[] = [];
  let channels = inChannels;
  widths.forEach((w, i) => {
    if (i > 0) layers.push(new nn.AvgPool2d(2));
    const conv = new nn.Conv2d(channels, w, 3, { padding: 1 });
    nn.kaimingNormal(conv.weight, { generator });
    conv.bias!.data().fill(0);
    layers.push(conv, new nn.ReLU());
    relus.push(`layers.${layers.length - 1}`);
    channels = w;
  });
  return {
    model: new nn.Sequential(...layers),
    contentLayer: relus[Math.min(2, relus.length - 1)]!,
    styleLayers: ['layers.0', ...relus],
  };
}
