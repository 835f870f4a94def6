import { nn, type Tensor, ValueError } from '../../index.js';

/**
 * The course's localization output layer: a linear unit over a network's features [N, F]
 * giving y = [p_c, bx, by, bh, bw, c₁ … c_K] [N, 5 + K] per image (train with
 * {@link localizationLoss}, read with {@link decodeLocalization}).
 * @example
 * const head = new LocalizationHead(16, 3);
 * head.forward(randn([2, 16])).shape; // => [2, 8]
 */
export class LocalizationHead extends nn.Module {
  linear: nn.Linear;

  constructor(
    readonly inFeatures: number,
    readonly numClasses: number,
  ) {
    super();
    if (!Number.isSafeInteger(numClasses) || numClasses < 0)
      throw new ValueError(`LocalizationHead: numClasses must be a non-negative integer, got ${numClasses}`);
    this.linear = new nn.Linear(inFeatures, 5 + numClasses);
  }

  forward(features: Tensor): Tensor {
    return this.linear.forward(features);
  }
}

/**
 * The course's landmark output layer: a linear unit over features [N, F] giving
 * [p_c, l₁x, l₁y, …, l_kx, l_ky] [N, 1 + 2k] (train with {@link landmarkLoss}, read with
 * {@link decodeLandmarks}).
 * @example
 * const head = new LandmarkHead(16, 4);
 * head.forward(randn([2, 16])).shape; // => [2, 9]
 */
export class LandmarkHead extends nn.Module {
  linear: nn.Linear;

  constructor(
    readonly inFeatures: number,
    readonly numPoints: number,
  ) {
    super();
    if (!Number.isSafeInteger(numPoints) || numPoints < 1)
      throw new ValueError(`LandmarkHead: numPoints must be a positive integer, got ${numPoints}`);
    this.linear = new nn.Linear(inFeatures, 1 + 2 * numPoints);
  }

  forward(features: Tensor): Tensor {
    return this.linear.forward(features);
  }
}
