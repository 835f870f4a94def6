import { nn, type Tensor } from '../index.js';
import { ConvNormAct, residualForward } from './conv-norm-act.js';

/**
 * ResNet's basic block: two 3×3 conv + BN, added to the shortcut, then ReLU. The shortcut is the
 * identity, or a projection (1×1 conv with the block's stride + BN) when the shape changes.
 * @see https://arxiv.org/abs/1512.03385
 * @example
 * const x = randn([2, 64, 16, 16]);
 * new BasicBlock(64, 128, 2).forward(x).shape; // => [2, 128, 8, 8]
 */
export class BasicBlock extends nn.Module {
  static readonly expansion = 1;
  body: nn.Sequential;
  shortcut?: ConvNormAct;

  constructor(inChannels: number, channels: number, stride = 1, { init }: { init?: boolean } = {}) {
    super();
    this.body = new nn.Sequential(
      new ConvNormAct(inChannels, channels, 3, { stride, init }),
      new ConvNormAct(channels, channels, 3, { activation: 'none', init }),
    );
    if (stride !== 1 || inChannels !== channels)
      this.shortcut = new ConvNormAct(inChannels, channels, 1, { stride, activation: 'none', init });
  }

  forward(x: Tensor): Tensor {
    return residualForward(this.body, this.shortcut, x);
  }
}
