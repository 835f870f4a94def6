import { add, nn, type Tensor } from '../index.js';
import { ConvNormAct } from './conv-norm-act.js';
import { makeDivisible } from './make-divisible.js';
import { SqueezeExcitation } from './squeeze-excitation.js';

/** The shape of one {@link MBConv} block. */
export interface MBConvConfig {
  inChannels: number;
  outChannels: number;
  expandRatio: number;
  kernelSize: number;
  stride: number;
}

/**
 * EfficientNet's mobile inverted bottleneck: 1×1 expansion (skipped at ratio 1), depthwise k×k
 * conv (both BN + SiLU), squeeze-and-excitation to ¼ of the block's input channels, and a linear
 * 1×1 projection with BN; the input is added back when stride is 1 and the channels match.
 * @see https://arxiv.org/abs/1905.11946
 * @example
 * new MBConv({ inChannels: 16, outChannels: 24, expandRatio: 6, kernelSize: 3, stride: 2 });
 */
export class MBConv extends nn.Module {
  body: nn.Sequential;
  readonly residual: boolean;

  constructor(c: MBConvConfig, { init, eps }: { init?: boolean; eps?: number } = {}) {
    super();
    const expanded = makeDivisible(c.inChannels * c.expandRatio);
    const layers: nn.Module[] = [];
    if (expanded !== c.inChannels)
      layers.push(new ConvNormAct(c.inChannels, expanded, 1, { activation: 'silu', init, eps }));
    layers.push(
      new ConvNormAct(expanded, expanded, c.kernelSize, {
        stride: c.stride,
        groups: expanded,
        activation: 'silu',
        init,
        eps,
      }),
      new SqueezeExcitation(expanded, Math.max(1, Math.floor(c.inChannels / 4)), { init }),
      new ConvNormAct(expanded, c.outChannels, 1, { activation: 'none', init, eps }),
    );
    this.body = new nn.Sequential(...layers);
    this.residual = c.stride === 1 && c.inChannels === c.outChannels;
  }

  forward(x: Tensor): Tensor {
    const y = this.body.forward(x);
    return this.residual ? add(x, y) : y;
  }
}
