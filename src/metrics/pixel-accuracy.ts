import type { Tensor } from '../tensor/tensor.js';
import { pixelLabels } from './pixel-labels.js';

/** Options of {@link pixelAccuracy} and {@link meanIou}. */
export interface SegmentationMetricOptions {
  /** Pixels whose target is this class are left out (e.g. 255 for "void"); none by default. */
  ignoreIndex?: number;
}

/**
 * The fraction of pixels whose predicted class is the target's. `pred` is scores `[N, C, d...]`
 * (argmax over the classes) or class indices of the target's shape `[N, d...]`; pixels whose
 * target is `ignoreIndex` do not count. Returns NaN when no pixel counts.
 * @example
 * const pred = tensor([[[0, 1], [1, 1]]], { dtype: 'int32' });
 * pixelAccuracy(pred, tensor([[[0, 1], [0, 1]]], { dtype: 'int32' })); // => 0.75
 */
export function pixelAccuracy(pred: Tensor, target: Tensor, options: SegmentationMetricOptions = {}): number {
  const { pred: p, target: t } = pixelLabels(pred, target, 'pixelAccuracy');
  let [counted, correct] = [0, 0];
  t.forEach((label, i) => {
    if (label === options.ignoreIndex) return;
    counted++;
    if (p[i] === label) correct++;
  });
  return correct / counted;
}
