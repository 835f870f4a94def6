import { Generator, nn, ValueError } from '../index.js';

/** What every model of the zoo takes. */
export interface ZooOptions {
  /** Size of the classifier's output (default 1000, ImageNet's; LeNet-5 defaults to 10). */
  numClasses?: number;
  /** Channels of the input image (default 3; LeNet-5 defaults to 1). */
  inChannels?: number;
  /**
   * Draw random initial weights (default true). `false` allocates zeros and draws nothing, so a
   * 138M-parameter VGG-16 builds in a fraction of a second: for counting parameters, or before
   * loading saved weights.
   */
  init?: boolean;
}

/** A generator whose every uniform draw is ½ and normal draw 0, so U(−k, k) initializes to 0. */
class MidpointGenerator extends Generator {
  override uniform(): number {
    return 0.5;
  }
  override normal(): number {
    return 0;
  }
}

const midpoint = new MidpointGenerator();

/**
 * A Linear layer that honours {@link ZooOptions.init}: with `init: false` every weight is 0 and
 * no random number is drawn (Linear takes a generator, not an init flag).
 * @example
 * zooLinear(4096, 1000, false).weight.data()[0]; // => 0
 */
export function zooLinear(inFeatures: number, outFeatures: number, init = true): nn.Linear {
  return new nn.Linear(inFeatures, outFeatures, init ? {} : { generator: midpoint });
}

/**
 * Checks that `value` is a positive integer, naming the model and the option.
 * @example
 * positive(10, 'resnet18', 'numClasses'); // => 10
 */
export function positive(value: number, model: string, option: string): number {
  if (!Number.isSafeInteger(value) || value < 1)
    throw new ValueError(`${model}: ${option} must be a positive integer, got ${value}`);
  return value;
}
