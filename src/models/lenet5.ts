import { nn } from '../index.js';
import { torchvisionAliases } from './torchvision-names.js';
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

// The layers of the classic PyTorch LeNet-5 (scripts/fixtures/torchvision-weights.py has it):
// torchvision has no LeNet, so this is the definition PyTorch tutorials use.
const PYTORCH_LAYERS: ReadonlyMap<string, string> = new Map([
  ['0', 'conv1'],
  ['3', 'conv2'],
  ['7', 'fc1'],
  ['9', 'fc2'],
  ['11', 'fc3'],
]);

/**
 * The network {@link lenet5} builds: a Sequential whose `loadStateDict` also takes the names of
 * the classic PyTorch definition (`conv1`, `conv2`, `fc1`, `fc2`, `fc3`: layers 0, 3, 7, 9, 11;
 * NOTE(torchvision-names)).
 * @example
 * new LeNet5(new nn.Conv2d(1, 6, 5)).stateDictAliases().get('conv1.weight'); // => 'layers.0.weight'
 */
export class LeNet5 extends nn.Sequential {
  override stateDictAliases(): Map<string, string> {
    return torchvisionAliases(this, (layer) => PYTORCH_LAYERS.get(layer));
  }
}

/**
 * LeNet-5: conv 5×5 (→6) → pool 2 → conv 5×5 (→16) → pool 2 → 400 → 120 → 84 → numClasses.
 * With the defaults (28×28 MNIST input, padding 2, ReLU, max pooling) it is the benchmark
 * workload's CNN: 61,706 parameters for 10 classes.
 * @see http://yann.lecun.com/exdb/publis/pdf/lecun-01a.pdf
 * @example
 * lenet5().forward(zeros([64, 1, 28, 28])).shape; // => [64, 10]
 */
export function lenet5(options: LeNet5Options = {}): LeNet5 {
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
  return new LeNet5(
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
