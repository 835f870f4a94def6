import { cat, nn, type Tensor } from '../index.js';
import { ConvNormAct } from './conv-norm-act.js';

/** Branch widths of an {@link InceptionModule}, named as in the paper's Table 1. */
export interface InceptionWidths {
  /** The 1×1 branch. */
  c1x1: number;
  /** The 1×1 reduction before the 3×3 branch, and the 3×3 output. */
  c3x3Reduce: number;
  c3x3: number;
  /** The 1×1 reduction before the "5×5" branch, and its output. */
  c5x5Reduce: number;
  c5x5: number;
  /** The 1×1 projection after the 3×3 max pool. */
  poolProj: number;
}

/**
 * GoogLeNet's Inception module: four parallel branches — 1×1; 1×1 reduce → 3×3; 1×1 reduce →
 * "5×5"; 3×3 max pool → 1×1 projection — concatenated along channels. The 1×1 reductions are
 * what keep it cheap. Each conv is conv + BN (eps 1e-3) + ReLU, as torchvision's. The "5×5"
 * branch uses a 3×3 kernel by default, as torchvision does (its published weights and the
 * 6,624,904 count depend on it); pass `wideKernel: 5` for the paper's.
 * @see https://arxiv.org/abs/1409.4842
 * @example
 * const x = randn([2, 192, 28, 28]);
 * inceptionModule(192, { c1x1: 64, c3x3Reduce: 96, c3x3: 128, c5x5Reduce: 16, c5x5: 32, poolProj: 32 })
 *   .forward(x).shape; // => [2, 256, 28, 28]
 */
export class InceptionModule extends nn.Module {
  branch1: ConvNormAct;
  branch2: nn.Sequential;
  branch3: nn.Sequential;
  pool = new nn.MaxPool2d(3, { stride: 1, padding: 1, ceilMode: true });
  poolProj: ConvNormAct;
  readonly outChannels: number;

  constructor(
    inChannels: number,
    w: InceptionWidths,
    { wideKernel = 3, init }: { wideKernel?: 3 | 5; init?: boolean } = {},
  ) {
    super();
    const unit = (i: number, o: number, k: number): ConvNormAct =>
      new ConvNormAct(i, o, k, { eps: 1e-3, init });
    this.branch1 = unit(inChannels, w.c1x1, 1);
    this.branch2 = new nn.Sequential(unit(inChannels, w.c3x3Reduce, 1), unit(w.c3x3Reduce, w.c3x3, 3));
    this.branch3 = new nn.Sequential(
      unit(inChannels, w.c5x5Reduce, 1),
      unit(w.c5x5Reduce, w.c5x5, wideKernel),
    );
    this.poolProj = unit(inChannels, w.poolProj, 1);
    this.outChannels = w.c1x1 + w.c3x3 + w.c5x5 + w.poolProj;
  }

  forward(x: Tensor): Tensor {
    return cat(
      [
        this.branch1.forward(x),
        this.branch2.forward(x),
        this.branch3.forward(x),
        this.poolProj.forward(this.pool.forward(x)),
      ],
      1,
    );
  }
}

/**
 * Builds an {@link InceptionModule}.
 * @example
 * inceptionModule(480, { c1x1: 192, c3x3Reduce: 96, c3x3: 208, c5x5Reduce: 16, c5x5: 48, poolProj: 64 });
 */
export function inceptionModule(
  inChannels: number,
  widths: InceptionWidths,
  options: { wideKernel?: 3 | 5; init?: boolean } = {},
): InceptionModule {
  return new InceptionModule(inChannels, widths, options);
}
