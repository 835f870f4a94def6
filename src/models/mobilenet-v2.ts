import { nn, type Tensor } from '../index.js';
import { ConvNormAct } from './conv-norm-act.js';
import { InvertedResidual } from './inverted-residual.js';
import { makeDivisible } from './make-divisible.js';
import { convNormActPairs, torchvisionAliases } from './torchvision-names.js';
import { positive, type ZooOptions, zooLinear } from './zoo-options.js';

/** Options of {@link mobilenetV2}. */
export interface MobileNetV2Options extends ZooOptions {
  /** The width multiplier α (default 1). */
  widthMultiplier?: number;
  /** Dropout before the classifier (default 0.2). */
  dropout?: number;
}

// [expansion t, channels c, repeats n, first stride s] (the paper's Table 2).
const settings: readonly (readonly [number, number, number, number])[] = [
  [1, 16, 1, 1],
  [6, 24, 2, 2],
  [6, 32, 3, 2],
  [6, 64, 4, 2],
  [6, 96, 3, 1],
  [6, 160, 3, 2],
  [6, 320, 1, 1],
];

/**
 * MobileNetV2 as torchvision builds it: a 3×3/2 conv, 17 {@link InvertedResidual} blocks, a 1×1
 * conv to 1280 channels, a global average pool and a dropout + Linear head. 3,504,872 parameters
 * at α = 1, 1000 classes.
 *
 * `loadStateDict` also takes torchvision's names (NOTE(torchvision-names)): the first and last
 * `features.i.conv`/`.bn` are `features.i.0`/`.1`; in block i, `body.j.conv`/`.bn` are
 * `features.i.conv.j.0`/`.1` except the last (linear) one, `body.L.conv`/`.bn`, which is
 * `features.i.conv.L`/`.{L+1}`; `classifier.1` is `classifier.1`.
 * @see https://arxiv.org/abs/1801.04381
 * @example
 * mobilenetV2({ numClasses: 10, widthMultiplier: 0.25 }).eval().forward(zeros([1, 3, 32, 32])).shape; // => [1, 10]
 */
export class MobileNetV2 extends nn.Module {
  features: nn.Sequential;
  pool = new nn.GlobalAvgPool();
  classifier: nn.Sequential;

  constructor(options: MobileNetV2Options = {}) {
    super();
    const { numClasses = 1000, inChannels = 3, widthMultiplier = 1, dropout = 0.2, init } = options;
    positive(numClasses, 'mobilenetV2', 'numClasses');
    let channels = makeDivisible(32 * widthMultiplier);
    const layers: nn.Module[] = [
      new ConvNormAct(positive(inChannels, 'mobilenetV2', 'inChannels'), channels, 3, {
        stride: 2,
        activation: 'relu6',
        init,
      }),
    ];
    for (const [t, c, n, s] of settings) {
      const out = makeDivisible(c * widthMultiplier);
      for (let i = 0; i < n; i++) {
        layers.push(new InvertedResidual(channels, out, i === 0 ? s : 1, t, { init }));
        channels = out;
      }
    }
    const last = makeDivisible(1280 * Math.max(1, widthMultiplier));
    layers.push(new ConvNormAct(channels, last, 1, { activation: 'relu6', init }));
    this.features = new nn.Sequential(...layers);
    this.classifier = new nn.Sequential(new nn.Dropout(dropout), zooLinear(last, numClasses, init));
  }

  forward(x: Tensor): Tensor {
    return this.classifier.forward(this.pool.forward(this.features.forward(x)));
  }

  /**
   * torchvision's names for this network's state (see the class doc).
   * @example
   * mobilenetV2({ init: false }).stateDictAliases().get('features.2.conv.3.running_var'); // => 'features.layers.2.body.layers.2.bn.runningVar'
   */
  override stateDictAliases(): Map<string, string> {
    const layers = this.features.layers;
    const pairs: [string, string][] = [['classifier.1', 'classifier.1']];
    layers.forEach((layer, i) => {
      const name = `features.${i}`;
      if (!(layer instanceof InvertedResidual)) {
        pairs.push(...convNormActPairs(name, name));
        return;
      }
      const last = layer.body.layers.length - 1;
      for (let j = 0; j < last; j++)
        pairs.push(...convNormActPairs(`${name}.body.${j}`, `${name}.conv.${j}`));
      pairs.push(
        [`${name}.body.${last}.conv`, `${name}.conv.${last}`],
        [`${name}.body.${last}.bn`, `${name}.conv.${last + 1}`],
      );
    });
    const theirs = new Map(pairs);
    return torchvisionAliases(this, (layer) => theirs.get(layer));
  }
}

/**
 * Builds a {@link MobileNetV2}.
 * @example
 * mobilenetV2({ init: false }).numParameters(); // => 3504872
 */
export function mobilenetV2(options: MobileNetV2Options = {}): MobileNetV2 {
  return new MobileNetV2(options);
}
