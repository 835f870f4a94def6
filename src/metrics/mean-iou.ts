import { ValueError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import type { SegmentationMetricOptions } from './pixel-accuracy.js';
import { pixelLabels } from './pixel-labels.js';

/** What {@link meanIou} returns: the mean and every class's IoU (null for a class it ignored). */
export interface MeanIou {
  meanIou: number;
  perClass: (number | null)[];
}

/**
 * Mean intersection over union (Jaccard index) of a segmentation. From the confusion matrix M of
 * true class (row) by predicted class (column) over all pixels, class c has
 * IoU_c = M[c][c] / (Σ_j M[c][j] + Σ_i M[i][c] − M[c][c]) = TP / (TP + FP + FN), and the result
 * is the unweighted mean over the classes present in the target or the prediction. A class
 * absent from both has no IoU (0/0): it is left out of the mean and reported as null, as
 * torchmetrics' `MulticlassJaccardIndex` (average 'macro') and mmsegmentation's nan-mean do.
 * Pixels whose target is `ignoreIndex` count nowhere. `pred` is scores `[N, C, d...]` (argmax
 * over the classes) or class indices of the target's shape. NaN when no class is present.
 * @example
 * const pred = tensor([[[0, 1], [1, 1]]], { dtype: 'int32' });
 * const target = tensor([[[0, 1], [0, 1]]], { dtype: 'int32' });
 * // class 0: 1 / (2 + 1 − 1) = 1/2; class 1: 2 / (2 + 3 − 2) = 2/3; class 2 absent
 * meanIou(pred, target, 3); // => { meanIou: 0.5833333, perClass: [0.5, 0.6666667, null] }
 */
export function meanIou(
  pred: Tensor,
  target: Tensor,
  numClasses: number,
  options: SegmentationMetricOptions = {},
): MeanIou {
  if (!Number.isSafeInteger(numClasses) || numClasses < 1)
    throw new ValueError(`meanIou: numClasses must be a positive integer, got ${numClasses}`);
  const { pred: p, target: t } = pixelLabels(pred, target, 'meanIou');
  const [truth, guessed, hits] = [0, 1, 2].map(() => new Float64Array(numClasses)) as Float64Array[];
  t.forEach((label, i) => {
    if (label === options.ignoreIndex) return;
    const guess = p[i]!;
    if (label < 0 || label >= numClasses)
      throw new ValueError(`meanIou: target ${label} is out of range for ${numClasses} classes`);
    truth![label]! += 1;
    // A NaN score (class −1) is a miss of the true class and a false positive of none.
    if (guess === -1) return;
    if (guess < 0 || guess >= numClasses)
      throw new ValueError(`meanIou: prediction ${guess} is out of range for ${numClasses} classes`);
    guessed![guess]! += 1;
    if (guess === label) hits![label]! += 1;
  });
  const perClass = Array.from(truth!, (n, c) => {
    const union = n + guessed![c]! - hits![c]!;
    return union === 0 ? null : hits![c]! / union;
  });
  const present = perClass.filter((v): v is number => v !== null);
  return { meanIou: present.reduce((a, v) => a + v, 0) / present.length, perClass };
}
