import { nn, type Tensor } from '../index.js';
import { ConvNormAct } from './conv-norm-act.js';
import { makeDivisible } from './make-divisible.js';
import { positive, type ZooOptions, zooLinear } from './zoo-options.js';

/** Options of {@link mobilenetV1}. */
export interface MobileNetV1Options extends ZooOptions {
  /** The width multiplier α that thins every layer (default 1). */
  widthMultiplier?: number;
}

// [output channels, stride] of the 13 depthwise-separable blocks (the paper's Table 1).
const blocks: readonly (readonly [number, number])[] = [
  [64, 1],
  [128, 2],
  [128, 1],
  [256, 2],
  [256, 1],
  [512, 2],
  [512, 1],
  [512, 1],
  [512, 1],
  [512, 1],
  [512, 1],
  [1024, 2],
  [1024, 1],
];

/**
 * MobileNetV1: a 3×3/2 conv, then 13 depthwise-separable blocks — a depthwise 3×3 conv
 * (groups = channels) and a pointwise 1×1 conv, each with BN and ReLU — a global average pool and
 * a Linear head. Separating the spatial and the channel mixing costs about 1/9 of a full 3×3
 * conv. Channels are α·c rounded to multiples of 8. 4,231,976 parameters at α = 1, 1000 classes.
 * @see https://arxiv.org/abs/1704.04861
 * @example
 * mobilenetV1({ numClasses: 10, widthMultiplier: 0.25 }).eval().forward(zeros([1, 3, 32, 32])).shape; // => [1, 10]
 */
export class MobileNetV1 extends nn.Module {
  features: nn.Sequential;
  pool = new nn.GlobalAvgPool();
  fc: nn.Linear;

  constructor(options: MobileNetV1Options = {}) {
    super();
    const { numClasses = 1000, inChannels = 3, widthMultiplier = 1, init } = options;
    positive(numClasses, 'mobilenetV1', 'numClasses');
    const width = (c: number): number => makeDivisible(c * widthMultiplier);
    let channels = width(32);
    const layers: nn.Module[] = [
      new ConvNormAct(positive(inChannels, 'mobilenetV1', 'inChannels'), channels, 3, { stride: 2, init }),
    ];
    for (const [c, stride] of blocks) {
      const out = width(c);
      layers.push(
        new ConvNormAct(channels, channels, 3, { stride, groups: channels, init }),
        new ConvNormAct(channels, out, 1, { init }),
      );
      channels = out;
    }
    this.features = new nn.Sequential(...layers);
    this.fc = zooLinear(channels, numClasses, init);
  }

  forward(x: Tensor): Tensor {
    return this.fc.forward(this.pool.forward(this.features.forward(x)));
  }
}

/**
 * Builds a {@link MobileNetV1}.
 * @example
 * mobilenetV1({ widthMultiplier: 0.5 });
 */
export function mobilenetV1(options: MobileNetV1Options = {}): MobileNetV1 {
  return new MobileNetV1(options);
}
