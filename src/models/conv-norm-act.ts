import { nn, type Tensor } from '../index.js';

/** The activation after a {@link ConvNormAct}. */
export type ZooActivation = 'relu' | 'relu6' | 'silu' | 'none';

/** Options of {@link ConvNormAct}. */
export interface ConvNormActOptions {
  stride?: number;
  /** Channel groups (default 1; = channels for a depthwise convolution). */
  groups?: number;
  activation?: ZooActivation;
  /** BatchNorm's eps (default 1e-5; GoogLeNet uses 1e-3). */
  eps?: number;
  /** Padding (default ⌊k/2⌋, which keeps the size at stride 1 for odd k). */
  padding?: number;
  init?: boolean;
}

function activationOf(name: ZooActivation): nn.Module {
  if (name === 'relu') return new nn.ReLU();
  if (name === 'relu6') return new nn.HardTanh(0, 6);
  if (name === 'silu') return new nn.SiLU();
  return new nn.Identity();
}

/**
 * The building brick of modern CNNs: a bias-free convolution, batch normalization (which makes
 * the bias redundant) and an activation.
 * @see https://arxiv.org/abs/1502.03167
 * @example
 * const x = randn([2, 3, 64, 64]);
 * new ConvNormAct(3, 32, 3, { stride: 2, activation: 'relu6' }).forward(x).shape; // => [2, 32, 32, 32]
 */
export class ConvNormAct extends nn.Module {
  conv: nn.Conv2d;
  bn: nn.BatchNorm2d;
  act: nn.Module;

  constructor(inChannels: number, outChannels: number, kernelSize: number, options: ConvNormActOptions = {}) {
    super();
    const { stride = 1, groups = 1, activation = 'relu', eps, padding, init } = options;
    this.conv = new nn.Conv2d(inChannels, outChannels, kernelSize, {
      stride,
      groups,
      padding: padding ?? Math.floor(kernelSize / 2),
      bias: false,
      init,
    });
    this.bn = new nn.BatchNorm2d(outChannels, { eps });
    this.act = activationOf(activation);
  }

  forward(x: Tensor): Tensor {
    return this.act.forward(this.bn.forward(this.conv.forward(x)));
  }
}
