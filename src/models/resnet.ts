import { nn, type Tensor } from '../index.js';
import { BasicBlock } from './basic-block.js';
import { Bottleneck } from './bottleneck.js';
import { ConvNormAct } from './conv-norm-act.js';
import { positive, type ZooOptions, zooLinear } from './zoo-options.js';

/** Options of {@link ResNet}. */
export interface ResNetOptions extends ZooOptions {
  /** The residual block. */
  block: 'basic' | 'bottleneck';
  /** Blocks per stage (four stages of 64, 128, 256, 512 channels). */
  layers: readonly [number, number, number, number];
  /** Channels of the first stage (default 64); the others double. Smaller makes a narrow test net. */
  baseWidth?: number;
}

/**
 * A residual network as torchvision builds it: a 7×7/2 conv stem with BN, ReLU and a 3×3/2 max
 * pool; four stages of residual blocks (the first block of stages 2–4 halves the size with a
 * projection shortcut); a global average pool and a Linear head.
 * @see https://arxiv.org/abs/1512.03385
 * @example
 * new ResNet({ block: 'basic', layers: [2, 2, 2, 2], numClasses: 10 }).eval().forward(zeros([1, 3, 32, 32])).shape; // => [1, 10]
 */
export class ResNet extends nn.Module {
  stem: nn.Sequential;
  stages: nn.Sequential;
  pool = new nn.GlobalAvgPool();
  fc: nn.Linear;

  constructor(options: ResNetOptions) {
    super();
    const { numClasses = 1000, inChannels = 3, block, layers, baseWidth = 64, init } = options;
    positive(numClasses, 'resnet', 'numClasses');
    positive(baseWidth, 'resnet', 'baseWidth');
    this.stem = new nn.Sequential(
      new ConvNormAct(positive(inChannels, 'resnet', 'inChannels'), baseWidth, 7, { stride: 2, init }),
      new nn.MaxPool2d(3, { stride: 2, padding: 1 }),
    );
    const Block = block === 'basic' ? BasicBlock : Bottleneck;
    const blocks: nn.Module[] = [];
    let channels = baseWidth;
    layers.forEach((count, stage) => {
      const width = baseWidth * 2 ** stage;
      for (let i = 0; i < count; i++) {
        blocks.push(new Block(channels, width, stage > 0 && i === 0 ? 2 : 1, { init }));
        channels = width * Block.expansion;
      }
    });
    this.stages = new nn.Sequential(...blocks);
    this.fc = zooLinear(channels, numClasses, init);
  }

  forward(x: Tensor): Tensor {
    return this.fc.forward(this.pool.forward(this.stages.forward(this.stem.forward(x))));
  }
}

type Preset = Omit<ResNetOptions, 'block' | 'layers'>;

/**
 * ResNet-18: basic blocks [2, 2, 2, 2], 11,689,512 parameters at 1000 classes.
 * @see https://arxiv.org/abs/1512.03385
 * @example
 * resnet18({ numClasses: 10 });
 */
export function resnet18(options: Preset = {}): ResNet {
  return new ResNet({ ...options, block: 'basic', layers: [2, 2, 2, 2] });
}

/**
 * ResNet-34: basic blocks [3, 4, 6, 3], 21,797,672 parameters at 1000 classes.
 * @see https://arxiv.org/abs/1512.03385
 * @example
 * resnet34({ numClasses: 10 });
 */
export function resnet34(options: Preset = {}): ResNet {
  return new ResNet({ ...options, block: 'basic', layers: [3, 4, 6, 3] });
}

/**
 * ResNet-50: bottleneck blocks [3, 4, 6, 3], 25,557,032 parameters at 1000 classes.
 * @see https://arxiv.org/abs/1512.03385
 * @example
 * resnet50({ numClasses: 10 });
 */
export function resnet50(options: Preset = {}): ResNet {
  return new ResNet({ ...options, block: 'bottleneck', layers: [3, 4, 6, 3] });
}
