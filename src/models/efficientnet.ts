import { nn, type Tensor, ValueError } from '../index.js';
import { compoundScaling, type Scaling } from './compound-scaling.js';
import { ConvNormAct } from './conv-norm-act.js';
import { makeDivisible } from './make-divisible.js';
import { MBConv } from './mb-conv.js';
import { convNormActPairs, torchvisionAliases } from './torchvision-names.js';
import { positive, type ZooOptions, zooLinear } from './zoo-options.js';

// The B0 stages: [expand ratio, kernel, stride, input channels, output channels, layers].
const b0Stages: readonly (readonly [number, number, number, number, number, number])[] = [
  [1, 3, 1, 32, 16, 1],
  [6, 3, 2, 16, 24, 2],
  [6, 5, 2, 24, 40, 2],
  [6, 3, 2, 40, 80, 3],
  [6, 5, 1, 80, 112, 3],
  [6, 5, 2, 112, 192, 4],
  [6, 3, 1, 192, 320, 1],
];

/**
 * The published B0–B7: [width, depth, resolution in pixels, dropout]. The authors rounded the
 * compound rule's multipliers by hand, so B1–B7 are this table, not {@link compoundScaling}(φ).
 */
export const efficientnetVariants: readonly (readonly [number, number, number, number])[] = [
  [1.0, 1.0, 224, 0.2],
  [1.0, 1.1, 240, 0.2],
  [1.1, 1.2, 260, 0.3],
  [1.2, 1.4, 300, 0.3],
  [1.4, 1.8, 380, 0.4],
  [1.6, 2.2, 456, 0.4],
  [1.8, 2.6, 528, 0.5],
  [2.0, 3.1, 600, 0.5],
];

/** Options of {@link efficientnet}. */
export interface EfficientNetOptions extends ZooOptions {
  /** Override the width and depth multipliers (default: the B-table for φ = 0…7, else compound scaling). */
  scaling?: Pick<Scaling, 'width' | 'depth'>;
  /** Dropout before the classifier (default: the B-table's, 0.2 otherwise). */
  dropout?: number;
}

/**
 * EfficientNet as torchvision builds it: a 3×3/2 stem, the seven MBConv stages of B0 with
 * channels ×width (rounded to multiples of 8) and repeats ×depth (rounded up), a 1×1 conv to
 * 4× the last stage's channels, a global average pool and a dropout + Linear head. 5,288,548
 * parameters for B0 at 1000 classes. The intended input side is {@link efficientnetVariants}[φ][2].
 *
 * `loadStateDict` also takes torchvision's names (NOTE(torchvision-names)). torchvision groups
 * the blocks by stage: the stem `features.0.conv`/`.bn` is `features.0.0`/`.1`; block i of stage s
 * is `features.{s+1}.{i}`, its `body.j.conv`/`.bn` are `….block.j.0`/`.1` and its squeeze-excitation
 * `body.j.fc1`/`fc2` are `….block.j.fc1`/`fc2`; the last conv is `features.{stages+1}.0`/`.1`;
 * `classifier.1` is `classifier.1`. B5–B7 use BatchNorm eps 1e-3, as torchvision's do.
 * @see https://arxiv.org/abs/1905.11946
 * @example
 * new EfficientNet(0, { numClasses: 10 }).eval().forward(zeros([1, 3, 32, 32])).shape; // => [1, 10]
 */
export class EfficientNet extends nn.Module {
  features: nn.Sequential;
  pool = new nn.GlobalAvgPool();
  classifier: nn.Sequential;
  /** Blocks per stage (the B0 stages' repeats ×depth, rounded up). */
  readonly stageDepths: readonly number[];

  constructor(
    readonly phi: number,
    options: EfficientNetOptions = {},
  ) {
    super();
    const { numClasses = 1000, inChannels = 3, init } = options;
    positive(numClasses, 'efficientnet', 'numClasses');
    const variant = Number.isInteger(phi) ? efficientnetVariants[phi] : undefined;
    const { width, depth } =
      options.scaling ?? (variant ? { width: variant[0], depth: variant[1] } : compoundScaling(phi));
    if (!(width > 0 && depth > 0))
      throw new ValueError(`efficientnet: width and depth must be positive, got ${width} and ${depth}`);
    const channels = (c: number): number => makeDivisible(c * width);
    // torchvision builds B5–B7 with BatchNorm eps 1e-3 (their ported weights need it), B0–B4 with 1e-5.
    const eps = phi === 5 || phi === 6 || phi === 7 ? 1e-3 : undefined;
    const layers: nn.Module[] = [
      new ConvNormAct(positive(inChannels, 'efficientnet', 'inChannels'), channels(32), 3, {
        stride: 2,
        activation: 'silu',
        init,
        eps,
      }),
    ];
    this.stageDepths = b0Stages.map(([, , , , , n]) => Math.ceil(n * depth));
    b0Stages.forEach(([expandRatio, kernelSize, stride, cIn, cOut], stage) => {
      for (let i = 0; i < this.stageDepths[stage]!; i++) {
        const inChannels = i === 0 ? channels(cIn) : channels(cOut);
        const config = {
          inChannels,
          outChannels: channels(cOut),
          expandRatio,
          kernelSize,
          stride: i === 0 ? stride : 1,
        };
        layers.push(new MBConv(config, { init, eps }));
      }
    });
    const last = 4 * channels(320);
    layers.push(new ConvNormAct(channels(320), last, 1, { activation: 'silu', init, eps }));
    this.features = new nn.Sequential(...layers);
    const dropout = options.dropout ?? variant?.[3] ?? 0.2;
    this.classifier = new nn.Sequential(new nn.Dropout(dropout), zooLinear(last, numClasses, init));
  }

  forward(x: Tensor): Tensor {
    return this.classifier.forward(this.pool.forward(this.features.forward(x)));
  }

  /**
   * torchvision's names for this network's state (see the class doc).
   * @example
   * efficientnet(0, { init: false }).stateDictAliases().get('features.2.1.block.2.fc1.weight'); // => 'features.layers.3.body.layers.2.fc1.weight'
   */
  override stateDictAliases(): Map<string, string> {
    const pairs: [string, string][] = [
      ...convNormActPairs('features.0', 'features.0'),
      ['classifier.1', 'classifier.1'],
    ];
    let k = 1;
    this.stageDepths.forEach((count, stage) => {
      for (let i = 0; i < count; i++, k++) {
        const [own, theirs] = [`features.${k}.body`, `features.${stage + 1}.${i}.block`];
        for (const j of [0, 1, 2, 3]) {
          pairs.push(...convNormActPairs(`${own}.${j}`, `${theirs}.${j}`));
          pairs.push([`${own}.${j}.fc1`, `${theirs}.${j}.fc1`], [`${own}.${j}.fc2`, `${theirs}.${j}.fc2`]);
        }
      }
    });
    pairs.push(...convNormActPairs(`features.${k}`, `features.${this.stageDepths.length + 1}`));
    const theirs = new Map(pairs);
    return torchvisionAliases(this, (layer) => theirs.get(layer));
  }
}

/**
 * EfficientNet-Bφ: φ = 0…7 builds the published B0–B7; other φ scale B0 by
 * {@link compoundScaling}(φ).
 * @see https://arxiv.org/abs/1905.11946
 * @example
 * efficientnet(0, { init: false }).numParameters(); // => 5288548
 */
export function efficientnet(phi: number, options: EfficientNetOptions = {}): EfficientNet {
  return new EfficientNet(phi, options);
}
