import { cat, nn, ShapeError, type Tensor } from '../index.js';
import { ConvNormAct } from './conv-norm-act.js';
import { positive } from './zoo-options.js';

/** Options of {@link unet}. */
export interface UNetOptions {
  /** Channels of the input image (default 1). */
  inChannels?: number;
  /** Output channels: one logit map per class (default 2). */
  numClasses?: number;
  /** Channels of the first level (default 64); each level down doubles them. */
  baseChannels?: number;
  /** Number of 2× downsamplings (default 4); inputs need sides divisible by 2^depth. */
  depth?: number;
  init?: boolean;
}

function doubleConv(inChannels: number, outChannels: number, init?: boolean): nn.Sequential {
  return new nn.Sequential(
    new ConvNormAct(inChannels, outChannels, 3, { init }),
    new ConvNormAct(outChannels, outChannels, 3, { init }),
  );
}

/**
 * U-Net for segmentation: a contracting path (double 3×3 conv, padded so sizes stay exact, then
 * 2×2 max pool) and an expanding path (2×2/2 transposed conv, concatenation with the matching
 * contracting features, double 3×3 conv), then a 1×1 conv to per-pixel class logits of the
 * input's height and width. BN follows each conv, as in most modern re-implementations.
 * @see https://arxiv.org/abs/1505.04597
 * @example
 * unet({ inChannels: 1, numClasses: 2, baseChannels: 8, depth: 2 }).forward(zeros([1, 1, 32, 32])).shape; // => [1, 2, 32, 32]
 */
export class UNet extends nn.Module {
  down: nn.Sequential[] = [];
  pool = new nn.MaxPool2d(2);
  up: nn.ConvTranspose2d[] = [];
  upConv: nn.Sequential[] = [];
  head: nn.Conv2d;
  readonly depth: number;

  constructor(options: UNetOptions = {}) {
    super();
    const { inChannels = 1, numClasses = 2, baseChannels = 64, depth = 4, init } = options;
    for (const [name, v] of Object.entries({ inChannels, numClasses, baseChannels, depth }))
      positive(v, 'unet', name);
    this.depth = depth;
    const width = (level: number): number => baseChannels * 2 ** level;
    for (let level = 0; level <= depth; level++)
      this.down.push(doubleConv(level === 0 ? inChannels : width(level - 1), width(level), init));
    for (let level = depth; level > 0; level--) {
      this.up.push(new nn.ConvTranspose2d(width(level), width(level - 1), 2, { stride: 2, init }));
      this.upConv.push(doubleConv(2 * width(level - 1), width(level - 1), init));
    }
    this.head = new nn.Conv2d(baseChannels, numClasses, 1, { init });
  }

  forward(x: Tensor): Tensor {
    const unit = 2 ** this.depth;
    if (x.ndim !== 4 || x.shape[2]! % unit !== 0 || x.shape[3]! % unit !== 0)
      throw new ShapeError(
        `unet: input must be [batch, channels, height, width] with height and width divisible by ${unit}, got [${x.shape.join(', ')}]`,
      );
    const skips: Tensor[] = [];
    let h = x;
    this.down.forEach((block, level) => {
      h = block.forward(level === 0 ? h : this.pool.forward(h));
      skips.push(h);
    });
    this.up.forEach((up, i) => {
      const skip = skips[this.depth - 1 - i]!;
      h = this.upConv[i]!.forward(cat([skip, up.forward(h)], 1));
    });
    return this.head.forward(h);
  }
}

/**
 * Builds a {@link UNet}.
 * @example
 * unet({ inChannels: 3, numClasses: 1, baseChannels: 16, depth: 3 });
 */
export function unet(options: UNetOptions = {}): UNet {
  return new UNet(options);
}
