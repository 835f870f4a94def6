import { ValueError } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import { NO_LABEL, predictedLabels, targetLabels } from './labels.js';

/**
 * Counts of (true class, predicted class) pairs: an int32 `[C, C]` tensor whose row `i` holds
 * the samples of true class `i`, column `j` those predicted as `j`. `pred` may be labels or scores.
 * @example
 * confusionMatrix(tensor([0, 1, 1], { dtype: 'int32' }), tensor([0, 0, 1], { dtype: 'int32' }), 2);
 * // [[1, 1], [0, 1]]
 */
export function confusionMatrix(pred: Tensor, target: Tensor, numClasses: number): Tensor {
  if (!Number.isSafeInteger(numClasses) || numClasses < 1)
    throw new ValueError(`confusionMatrix: numClasses must be a positive integer, got ${numClasses}`);
  const p = predictedLabels(pred, target, 'confusionMatrix');
  const t = targetLabels(target, 'confusionMatrix');
  const counts = new Int32Array(numClasses * numClasses);
  t.forEach((label, i) => {
    const guess = p[i]!;
    if (guess === NO_LABEL) throw new ValueError(`confusionMatrix: prediction ${i} has a NaN score`);
    for (const v of [label, guess]) {
      if (v < 0 || v >= numClasses)
        throw new ValueError(`confusionMatrix: label ${v} is out of range for ${numClasses} classes`);
    }
    counts[label * numClasses + guess]! += 1;
  });
  return new Tensor(counts, [numClasses, numClasses], 'int32');
}
