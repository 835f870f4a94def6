import { nn, type Tensor } from '../index.js';
import { ConvNormAct, residualForward } from './conv-norm-act.js';

/**
 * ResNet's bottleneck block: 1×1 reduce → 3×3 (carrying the stride, torchvision's "v1.5") →
 * 1×1 expand to 4× the width, each with BN, added to the shortcut (identity, or a 1×1 conv + BN
 * projection when the shape changes), then ReLU.
 * @see https://arxiv.org/abs/1512.03385
 * @example
 * const x = randn([2, 256, 16, 16]);
 * new Bottleneck(256, 128, 2).forward(x).shape; // => [2, 512, 8, 8]
 */
export class Bottleneck extends nn.Module {
  static readonly expansion = 4;
  body: nn.Sequential;
  shortcut?: ConvNormAct;

  constructor(inChannels: number, channels: number, stride = 1, { init }: { init?: boolean } = {}) {
    super();
    const out = channels * Bottleneck.expansion;
    this.body = new nn.Sequential(
      new ConvNormAct(inChannels, channels, 1, { init }),
      new ConvNormAct(channels, channels, 3, { stride, init }),
      new ConvNormAct(channels, out, 1, { activation: 'none', init }),
    );
    if (stride !== 1 || inChannels !== out)
      this.shortcut = new ConvNormAct(inChannels, out, 1, { stride, activation: 'none', init });
  }

  forward(x: Tensor): Tensor {
    return residualForward(this.body, this.shortcut, x);
  }
}
