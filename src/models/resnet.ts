import { nn, type Tensor } from '../index.js';
import { BasicBlock } from './basic-block.js';
import { Bottleneck } from './bottleneck.js';
import { ConvNormAct } from './conv-norm-act.js';
import { convNormActPairs, torchvisionAliases } from './torchvision-names.js';
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
 *
 * `loadStateDict` also takes torchvision's names (NOTE(torchvision-names)): `stem.0.conv` is
 * `conv1`, `stem.0.bn` is `bn1`; block i of stage s (`stages.k`, counting blocks from 0) is
 * `layer{s+1}.{i}` with `body.j.conv`/`body.j.bn` as `conv{j+1}`/`bn{j+1}` and `shortcut.conv`/
 * `shortcut.bn` as `downsample.0`/`downsample.1`; `fc` is `fc`.
 * @see https://arxiv.org/abs/1512.03385
 * @example
 * new ResNet({ block: 'basic', layers: [2, 2, 2, 2], numClasses: 10 }).eval().forward(zeros([1, 3, 32, 32])).shape; // => [1, 10]
 */
export class ResNet extends nn.Module {
  stem: nn.Sequential;
  stages: nn.Sequential;
  pool = new nn.GlobalAvgPool();
  fc: nn.Linear;
  /** Blocks per stage. */
  readonly layers: readonly number[];

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
    this.layers = [...layers];
  }

  /**
   * torchvision's names for this network's state (see the class doc).
   * @example
   * resnet18({ init: false }).stateDictAliases().get('layer2.0.downsample.1.running_mean'); // => 'stages.layers.2.shortcut.bn.runningMean'
   */
  override stateDictAliases(): Map<string, string> {
    const pairs: [string, string][] = [
      ['stem.0.conv', 'conv1'],
      ['stem.0.bn', 'bn1'],
      ['fc', 'fc'],
    ];
    let k = 0;
    this.layers.forEach((count, stage) => {
      for (let i = 0; i < count; i++, k++) {
        const [own, theirs] = [`stages.${k}`, `layer${stage + 1}.${i}`];
        for (const j of [0, 1, 2]) {
          pairs.push(
            [`${own}.body.${j}.conv`, `${theirs}.conv${j + 1}`],
            [`${own}.body.${j}.bn`, `${theirs}.bn${j + 1}`],
          );
        }
        pairs.push(...convNormActPairs(`${own}.shortcut`, `${theirs}.downsample`));
      }
    });
    const theirs = new Map(pairs);
    return torchvisionAliases(this, (layer) => theirs.get(layer));
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
