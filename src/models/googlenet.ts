import { nn, type Tensor, ValueError } from '../index.js';
import { ConvNormAct } from './conv-norm-act.js';
import { InceptionModule } from './inception-module.js';
import { torchvisionAliases } from './torchvision-names.js';
import { positive, type ZooOptions, zooLinear } from './zoo-options.js';

/** Options of {@link googlenet}. */
export interface GoogLeNetOptions extends ZooOptions {
  /** Build the two auxiliary classifiers of the paper (default false). */
  auxLogits?: boolean;
  /** Dropout before the classifier (default 0.2). */
  dropout?: number;
  /** The kernel of each module's "5×5" branch (default 3, as torchvision; see InceptionModule). */
  wideKernel?: 3 | 5;
  /**
   * Multiplies every channel count (stem, modules, auxiliary heads, classifier input) by this
   * factor, rounded to the nearest integer and at least 1 (default 1). 0.125 builds a 1/8-wide
   * network: every width of the paper's table is a multiple of 8, so it stays exact.
   */
  widthMultiplier?: number;
}

// [c1x1, c3x3Reduce, c3x3, c5x5Reduce, c5x5, poolProj] of 3a … 5b; 'M' is a 3×3/2 (5b: 2×2/2) max pool.
const table: readonly (readonly number[] | 'M')[] = [
  [64, 96, 128, 16, 32, 32],
  [128, 128, 192, 32, 96, 64],
  'M',
  [192, 96, 208, 16, 48, 64],
  [160, 112, 224, 24, 64, 64],
  [128, 128, 256, 24, 64, 64],
  [112, 144, 288, 32, 64, 64],
  [256, 160, 320, 32, 128, 128],
  'M',
  [256, 160, 320, 32, 128, 128],
  [384, 192, 384, 48, 128, 128],
];

/**
 * GoogLeNet's auxiliary classifier, attached after 4a and 4d during training.
 * @example
 * new InceptionAux(512, 10).forward(randn([2, 512, 14, 14])).shape; // => [2, 10]
 */
export class InceptionAux extends nn.Module {
  pool = new nn.AdaptiveAvgPool2d([4, 4]);
  conv: ConvNormAct;
  flatten = new nn.Flatten();
  fc1: nn.Linear;
  head: nn.Sequential;

  constructor(inChannels: number, numClasses: number, init?: boolean, widthMultiplier = 1) {
    super();
    const [conv, hidden] = [128, 1024].map((c) => scaled(c, widthMultiplier)) as [number, number];
    this.conv = new ConvNormAct(inChannels, conv, 1, { eps: 1e-3, init });
    this.fc1 = zooLinear(16 * conv, hidden, init);
    this.head = new nn.Sequential(new nn.ReLU(), new nn.Dropout(0.7), zooLinear(hidden, numClasses, init));
  }

  forward(x: Tensor): Tensor {
    return this.head.forward(this.fc1.forward(this.flatten.forward(this.conv.forward(this.pool.forward(x)))));
  }
}

/** A channel count times the width multiplier: rounded, at least 1. */
function scaled(channels: number, widthMultiplier: number): number {
  return Math.max(1, Math.round(channels * widthMultiplier));
}

// The torchvision names of GoogLeNet's layers (PyTorch spelling of nabla's side): conv+BN units are
// torchvision's BasicConv2d (conv, bn) under another path; the inception modules keep their names
// except the pool projection, torchvision's branch4.1.
const STEM = ['conv1', undefined, 'conv2', 'conv3'];
const STAGES: Record<string, readonly (string | undefined)[]> = {
  stage4a: ['inception3a', 'inception3b', undefined, 'inception4a'],
  stage4d: ['inception4b', 'inception4c', 'inception4d'],
  stage5: ['inception4e', undefined, 'inception5a', 'inception5b'],
};

function torchvisionLayer(layer: string): string | undefined {
  const [head, index, ...rest] = layer.split('.');
  if (head === 'stem') return STEM[Number(index)] && [STEM[Number(index)], ...rest].join('.');
  const module = STAGES[head ?? '']?.[Number(index)];
  if (module) return [module, ...rest].join('.').replace('.poolProj.', '.branch4.1.');
  // aux1/aux2: conv is torchvision's conv, fc1 its fc1, the head's Linear its fc2.
  return layer.replace(/^(aux\d)\.head\.2$/, '$1.fc2');
}

/**
 * GoogLeNet (Inception v1) as torchvision builds it, with BN in every conv: 6,624,904 parameters
 * at 1000 classes without the auxiliary heads.
 *
 * `loadStateDict` also takes torchvision's names (NOTE(torchvision-names)): the stem's units are
 * `conv1`, `conv2`, `conv3`; the modules of `stage4a`, `stage4d`, `stage5` are `inception3a` …
 * `inception5b` (their `poolProj` is `branch4.1`); `aux1`/`aux2` keep `conv` and `fc1`, their head's
 * Linear is `fc2`. torchvision's pretrained GoogLeNet expects `transform_input` (its builder turns it
 * on): feed nabla inputs normalized to [-1, 1] per channel instead of ImageNet's mean and std.
 * @see https://arxiv.org/abs/1409.4842
 * @example
 * new GoogLeNet({ numClasses: 10 }).forward(zeros([1, 3, 64, 64])).shape; // => [1, 10]
 */
export class GoogLeNet extends nn.Module {
  stem: nn.Sequential;
  stage4a: nn.Sequential;
  stage4d: nn.Sequential;
  stage5: nn.Sequential;
  aux1?: InceptionAux;
  aux2?: InceptionAux;
  pool = new nn.GlobalAvgPool();
  dropout: nn.Dropout;
  fc: nn.Linear;

  constructor(options: GoogLeNetOptions = {}) {
    super();
    const {
      numClasses = 1000,
      inChannels = 3,
      auxLogits = false,
      dropout = 0.2,
      wideKernel = 3,
      widthMultiplier = 1,
      init,
    } = options;
    positive(numClasses, 'googlenet', 'numClasses');
    if (!(Number.isFinite(widthMultiplier) && widthMultiplier > 0))
      throw new ValueError(`googlenet: widthMultiplier must be a positive number, got ${widthMultiplier}`);
    const w = (c: number): number => scaled(c, widthMultiplier);
    const unit = (i: number, o: number, k: number, stride = 1): ConvNormAct =>
      new ConvNormAct(i, o, k, { stride, eps: 1e-3, init });
    const pool = (k = 3): nn.MaxPool2d => new nn.MaxPool2d(k, { stride: 2, ceilMode: true });
    this.stem = new nn.Sequential(
      ...[unit(positive(inChannels, 'googlenet', 'inChannels'), w(64), 7, 2), pool()],
      ...[unit(w(64), w(64), 1), unit(w(64), w(192), 3), pool()],
    );
    let channels = w(192);
    const stage = (rows: typeof table, last: boolean): nn.Sequential =>
      new nn.Sequential(
        ...rows.map((r) => {
          // The pool before 5a (torchvision's maxpool4) is 2×2, the others 3×3.
          if (r === 'M') return pool(last ? 2 : 3);
          const [c1x1, c3x3Reduce, c3x3, c5x5Reduce, c5x5, poolProj] = r.map(w) as [
            number,
            number,
            number,
            number,
            number,
            number,
          ];
          const m = new InceptionModule(
            channels,
            { c1x1, c3x3Reduce, c3x3, c5x5Reduce, c5x5, poolProj },
            { wideKernel, init },
          );
          channels = m.outChannels;
          return m;
        }),
      );
    this.stage4a = stage(table.slice(0, 4), false); // 3a, 3b, pool, 4a → 512 channels
    const afterA = channels;
    this.stage4d = stage(table.slice(4, 7), false); // 4b, 4c, 4d → 528
    const afterD = channels;
    this.stage5 = stage(table.slice(7), true); // 4e, pool, 5a, 5b → 1024
    if (auxLogits) {
      this.aux1 = new InceptionAux(afterA, numClasses, init, widthMultiplier);
      this.aux2 = new InceptionAux(afterD, numClasses, init, widthMultiplier);
    }
    this.dropout = new nn.Dropout(dropout);
    this.fc = zooLinear(channels, numClasses, init);
  }

  forward(x: Tensor): Tensor {
    return this.forwardWithAux(x).logits;
  }

  /**
   * torchvision's names for this network's state (see the class doc).
   * @example
   * googlenet({ init: false }).stateDictAliases().get('inception4a.branch4.1.bn.running_var'); // => 'stage4a.layers.3.poolProj.bn.runningVar'
   */
  override stateDictAliases(): Map<string, string> {
    return torchvisionAliases(this, torchvisionLayer);
  }

  /**
   * The logits and, when built and in training mode, the two auxiliary logits (the paper adds
   * them to the loss with weight 0.3).
   * @example
   * const net = new GoogLeNet({ numClasses: 10, auxLogits: true }); // in training mode
   * const x = randn([2, 3, 64, 64]);
   * const { logits, aux1, aux2 } = net.forwardWithAux(x); // each [2, 10]
   */
  forwardWithAux(x: Tensor): { logits: Tensor; aux1?: Tensor; aux2?: Tensor } {
    const a = this.stage4a.forward(this.stem.forward(x));
    const d = this.stage4d.forward(a);
    const logits = this.fc.forward(this.dropout.forward(this.pool.forward(this.stage5.forward(d))));
    if (!this.training || !this.aux1 || !this.aux2) return { logits };
    return { logits, aux1: this.aux1.forward(a), aux2: this.aux2.forward(d) };
  }
}

/**
 * Builds a {@link GoogLeNet}.
 * @example
 * googlenet({ init: false }).numParameters(); // => 6624904
 */
export function googlenet(options: GoogLeNetOptions = {}): GoogLeNet {
  return new GoogLeNet(options);
}
