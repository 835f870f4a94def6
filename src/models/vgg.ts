import { nn, type Tensor, ValueError } from '../index.js';
import { positive, type ZooOptions, zooLinear } from './zoo-options.js';

/** Output channels of each 3×3 conv, 'M' for a 2×2 max pool: the configurations of the paper's Table 1. */
export const vggConfigs: Record<11 | 13 | 16 | 19, readonly (number | 'M')[]> = {
  11: [64, 'M', 128, 'M', 256, 256, 'M', 512, 512, 'M', 512, 512, 'M'],
  13: [64, 64, 'M', 128, 128, 'M', 256, 256, 'M', 512, 512, 'M', 512, 512, 'M'],
  16: [64, 64, 'M', 128, 128, 'M', 256, 256, 256, 'M', 512, 512, 512, 'M', 512, 512, 512, 'M'],
  19: [64, 64, 'M', 128, 128, 'M', 256, 256, 256, 256, 'M', 512, 512, 512, 512, 'M', 512, 512, 512, 512, 'M'],
};

/** Options of {@link vgg16}. */
export interface VggOptions extends ZooOptions {
  /** Which configuration (default 16). */
  depth?: 11 | 13 | 16 | 19;
  /** Batch normalization after every conv (default false, as in the paper). */
  batchNorm?: boolean;
  /** Dropout in the classifier (default 0.5). */
  dropout?: number;
  /**
   * Channels of the first block (default 64); the others keep the paper's ratios (×2, ×4, ×8), so
   * 8 builds a 1/8-wide network.
   */
  baseWidth?: number;
  /** Width of the classifier's two hidden layers (default 4096). */
  hiddenFeatures?: number;
}

/**
 * VGG: stacks of 3×3 convolutions (padding 1) with ReLU and 2×2 max pools, an adaptive 7×7
 * average pool and a 25088 → 4096 → 4096 → numClasses classifier, as torchvision builds it.
 * VGG-16 has 138,357,544 parameters at 1000 classes. Any input of at least 32×32 works.
 *
 * Its layers are torchvision's, so torchvision's names (`features.0.weight`, `classifier.6.bias`,
 * `features.1.running_mean` with batch norm) are PyTorch's spelling of nabla's own, which
 * `loadStateDict` accepts for every module (NOTE(torchvision-names)).
 * @see https://arxiv.org/abs/1409.1556
 * @example
 * // init: false skips drawing ~130M random weights when only the shapes matter.
 * new Vgg({ numClasses: 10, init: false }).forward(zeros([1, 3, 32, 32])).shape; // => [1, 10]
 */
export class Vgg extends nn.Module {
  features: nn.Sequential;
  avgpool = new nn.AdaptiveAvgPool2d([7, 7]);
  flatten = new nn.Flatten();
  classifier: nn.Sequential;

  constructor(options: VggOptions = {}) {
    super();
    const { numClasses = 1000, inChannels = 3, depth = 16, batchNorm = false, dropout = 0.5, init } = options;
    const { baseWidth = 64, hiddenFeatures = 4096 } = options;
    positive(numClasses, 'vgg', 'numClasses');
    positive(hiddenFeatures, 'vgg', 'hiddenFeatures');
    positive(baseWidth, 'vgg', 'baseWidth');
    const config = vggConfigs[depth];
    if (!config) throw new ValueError(`vgg: depth must be 11, 13, 16 or 19, got ${depth}`);
    const layers: nn.Module[] = [];
    let channels = positive(inChannels, 'vgg', 'inChannels');
    for (const v of config) {
      if (v === 'M') {
        layers.push(new nn.MaxPool2d(2));
        continue;
      }
      const width = (v / 64) * baseWidth; // every width in the table is a multiple of 64
      layers.push(new nn.Conv2d(channels, width, 3, { padding: 1, init }));
      if (batchNorm) layers.push(new nn.BatchNorm2d(width));
      layers.push(new nn.ReLU());
      channels = width;
    }
    this.features = new nn.Sequential(...layers);
    const hidden = hiddenFeatures;
    this.classifier = new nn.Sequential(
      ...[zooLinear(channels * 49, hidden, init), new nn.ReLU(), new nn.Dropout(dropout)],
      ...[zooLinear(hidden, hidden, init), new nn.ReLU(), new nn.Dropout(dropout)],
      zooLinear(hidden, numClasses, init),
    );
  }

  forward(x: Tensor): Tensor {
    return this.classifier.forward(this.flatten.forward(this.avgpool.forward(this.features.forward(x))));
  }
}

/**
 * VGG-16 (configuration D).
 * @see https://arxiv.org/abs/1409.1556
 * @example
 * vgg16({ init: false }).numParameters(); // => 138357544
 */
export function vgg16(options: Omit<VggOptions, 'depth'> = {}): Vgg {
  return new Vgg({ ...options, depth: 16 });
}
