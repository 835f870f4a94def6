import { nn } from '../index.js';
import { positive, type ZooOptions, zooLinear } from './zoo-options.js';

/** Options of {@link lenet5}. */
export interface LeNet5Options extends ZooOptions {
  /** The hidden activation (default 'relu'; the 1998 paper used a scaled tanh). */
  activation?: 'relu' | 'tanh';
  /** 28×28 input padded by 2 in the first conv (default) or the paper's unpadded 32×32 input. */
  inputSize?: 28 | 32;
  /** Subsampling: max pooling (default) or the paper's average pooling. */
  pool?: 'max' | 'avg';
}

/**
 * LeNet-5: conv 5×5 (→6) → pool 2 → conv 5×5 (→16) → pool 2 → 400 → 120 → 84 → numClasses.
 * With the defaults (28×28 MNIST input, padding 2, ReLU, max pooling) it is the benchmark
 * workload's CNN: 61,706 parameters for 10 classes.
 * @see http://yann.lecun.com/exdb/publis/pdf/lecun-01a.pdf
 * @example
 * lenet5().forward(zeros([64, 1, 28, 28])).shape; // => [64, 10]
 */
export function lenet5(options: LeNet5Options = {}): nn.Sequential {
  const {
    numClasses = 10,
    inChannels = 1,
    activation = 'relu',
    inputSize = 28,
    pool = 'max',
    init,
  } = options;
  positive(numClasses, 'lenet5', 'numClasses');
  positive(inChannels, 'lenet5', 'inChannels');
  const act = (): nn.Module => (activation === 'tanh' ? new nn.Tanh() : new nn.ReLU());
  const subsample = (): nn.Module => (pool === 'avg' ? new nn.AvgPool2d(2) : new nn.MaxPool2d(2));
  return new nn.Sequential(
    new nn.Conv2d(inChannels, 6, 5, { padding: inputSize === 28 ? 2 : 0, init }),
    act(),
    subsample(),
    new nn.Conv2d(6, 16, 5, { init }),
    act(),
    subsample(),
    new nn.Flatten(),
    zooLinear(400, 120, init),
    act(),
    zooLinear(120, 84, init),
    act(),
    zooLinear(84, numClasses, init),
  );
}
