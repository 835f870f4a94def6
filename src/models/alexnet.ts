import { nn, type Tensor } from '../index.js';
import { positive, type ZooOptions, zooLinear } from './zoo-options.js';

/** Options of {@link alexnet}. */
export interface AlexNetOptions extends ZooOptions {
  /** Dropout before the first two classifier layers (default 0.5). */
  dropout?: number;
}

/**
 * AlexNet as torchvision builds it (the single-GPU variant of the paper, without local response
 * normalization): five convolutions and three max pools, an adaptive 6×6 average pool, and a
 * 9216 → 4096 → 4096 → numClasses classifier with dropout. 61,100,840 parameters at 1000 classes.
 * Inputs need at least 63×63 pixels. Its layers are torchvision's, so `loadStateDict` takes
 * torchvision's names (`features.0.weight`, `classifier.1.weight`) as PyTorch's spelling of its
 * own (NOTE(torchvision-names)).
 * @see https://papers.nips.cc/paper/4824-imagenet-classification-with-deep-convolutional-neural-networks
 * @example
 * new AlexNet({ numClasses: 10 }).forward(zeros([1, 3, 64, 64])).shape; // => [1, 10]
 */
export class AlexNet extends nn.Module {
  features: nn.Sequential;
  avgpool = new nn.AdaptiveAvgPool2d([6, 6]);
  flatten = new nn.Flatten();
  classifier: nn.Sequential;

  constructor(options: AlexNetOptions = {}) {
    super();
    const { numClasses = 1000, inChannels = 3, dropout = 0.5, init } = options;
    positive(numClasses, 'alexnet', 'numClasses');
    positive(inChannels, 'alexnet', 'inChannels');
    const conv = (i: number, o: number, k: number, stride: number, padding: number): nn.Conv2d =>
      new nn.Conv2d(i, o, k, { stride, padding, init });
    const pool = (): nn.MaxPool2d => new nn.MaxPool2d(3, { stride: 2 });
    this.features = new nn.Sequential(
      ...[conv(inChannels, 64, 11, 4, 2), new nn.ReLU(), pool()],
      ...[conv(64, 192, 5, 1, 2), new nn.ReLU(), pool()],
      ...[conv(192, 384, 3, 1, 1), new nn.ReLU(), conv(384, 256, 3, 1, 1), new nn.ReLU()],
      ...[conv(256, 256, 3, 1, 1), new nn.ReLU(), pool()],
    );
    this.classifier = new nn.Sequential(
      ...[new nn.Dropout(dropout), zooLinear(256 * 36, 4096, init), new nn.ReLU()],
      ...[new nn.Dropout(dropout), zooLinear(4096, 4096, init), new nn.ReLU()],
      zooLinear(4096, numClasses, init),
    );
  }

  forward(x: Tensor): Tensor {
    return this.classifier.forward(this.flatten.forward(this.avgpool.forward(this.features.forward(x))));
  }
}

/**
 * Builds an {@link AlexNet}.
 * @example
 * alexnet({ init: false }).numParameters(); // => 61100840
 */
export function alexnet(options: AlexNetOptions = {}): AlexNet {
  return new AlexNet(options);
}
