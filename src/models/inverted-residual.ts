import { add, nn, type Tensor } from '../index.js';
import { ConvNormAct } from './conv-norm-act.js';

/**
 * MobileNetV2's inverted residual: a 1×1 expansion to t× the channels (skipped when t = 1),
 * a depthwise 3×3 conv (both with BN and ReLU6), and a linear 1×1 projection with BN and no
 * activation (a ReLU would destroy information in the thin bottleneck). The input is added back
 * when the stride is 1 and the channel count is unchanged.
 * @see https://arxiv.org/abs/1801.04381
 * @example
 * const x = randn([2, 24, 28, 28]);
 * new InvertedResidual(24, 24, 1, 6).forward(x).shape; // => [2, 24, 28, 28]
 */
export class InvertedResidual extends nn.Module {
  body: nn.Sequential;
  readonly residual: boolean;

  constructor(
    inChannels: number,
    outChannels: number,
    stride: number,
    expandRatio: number,
    { init }: { init?: boolean } = {},
  ) {
    super();
    const hidden = Math.round(inChannels * expandRatio);
    const layers: nn.Module[] = [];
    if (expandRatio !== 1) layers.push(new ConvNormAct(inChannels, hidden, 1, { activation: 'relu6', init }));
    layers.push(
      new ConvNormAct(hidden, hidden, 3, { stride, groups: hidden, activation: 'relu6', init }),
      new ConvNormAct(hidden, outChannels, 1, { activation: 'none', init }),
    );
    this.body = new nn.Sequential(...layers);
    this.residual = stride === 1 && inChannels === outChannels;
  }

  forward(x: Tensor): Tensor {
    const y = this.body.forward(x);
    return this.residual ? add(x, y) : y;
  }
}
