import { adaptiveAvgPool2d, mul, nn, sigmoid, silu, type Tensor } from '../index.js';

/**
 * Squeeze-and-excitation: each channel is rescaled by a gate in (0, 1) computed from the
 * globally pooled channels through a bottleneck (1×1 conv → SiLU → 1×1 conv → sigmoid), so the
 * network can weigh its feature maps by what the whole image contains.
 * @see https://arxiv.org/abs/1709.01507
 * @example
 * const x = randn([2, 96, 8, 8]);
 * new SqueezeExcitation(96, 4).forward(x).shape; // => [2, 96, 8, 8]
 */
export class SqueezeExcitation extends nn.Module {
  fc1: nn.Conv2d;
  fc2: nn.Conv2d;

  constructor(channels: number, squeezeChannels: number, { init }: { init?: boolean } = {}) {
    super();
    this.fc1 = new nn.Conv2d(channels, squeezeChannels, 1, { init });
    this.fc2 = new nn.Conv2d(squeezeChannels, channels, 1, { init });
  }

  forward(x: Tensor): Tensor {
    const gate = sigmoid(this.fc2.forward(silu(this.fc1.forward(adaptiveAvgPool2d(x, 1)))));
    return mul(x, gate);
  }
}
