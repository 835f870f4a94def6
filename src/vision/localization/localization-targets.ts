import { type Tensor, tensor, ValueError } from '../../index.js';
import type { GroundTruth } from '../detection/mean-average-precision.js';
import type { ImageExtent } from './decode-localization.js';

/**
 * The course's localization labels [N, 5 + K] from per-image ground truth (xyxy pixel boxes and
 * classes, as {@link digitScenes} gives): [1, bx, by, bh, bw, one-hot class] for an image's first
 * object (centre and size as fractions of the image), all zeros for an image with none
 * (localization assumes at most one object; later ones are ignored).
 * @example
 * const truth = [{ boxes: tensor([[10, 0, 30, 40]]), labels: tensor([2], { dtype: 'int32' }) }];
 * localizationTargets(truth, 40, 3); // => [[1, 0.5, 0.5, 1, 0.5, 0, 0, 1]]
 */
export function localizationTargets(
  targets: readonly GroundTruth[],
  imageSize: ImageExtent,
  numClasses: number,
): Tensor {
  const [h, w] = typeof imageSize === 'number' ? [imageSize, imageSize] : imageSize;
  if (!(h! > 0 && w! > 0))
    throw new ValueError(`localizationTargets: imageSize must be positive, got ${JSON.stringify(imageSize)}`);
  if (!Number.isSafeInteger(numClasses) || numClasses < 0)
    throw new ValueError(`localizationTargets: numClasses must be a non-negative integer, got ${numClasses}`);
  const width = 5 + numClasses;
  const out = new Float32Array(targets.length * width);
  targets.forEach((t, i) => {
    if (t.labels.shape[0] === 0) return;
    const [x1, y1, x2, y2] = t.boxes.data().subarray(0, 4) as unknown as number[];
    const label = t.labels.data()[0]!;
    if (!(Number.isInteger(label) && label >= 0 && label < numClasses))
      throw new ValueError(
        `localizationTargets: targets[${i}] has class ${label}, outside [0, ${numClasses})`,
      );
    out.set([1, (x1! + x2!) / 2 / w!, (y1! + y2!) / 2 / h!, (y2! - y1!) / h!, (x2! - x1!) / w!], i * width);
    out[i * width + 5 + label] = 1;
  });
  return tensor(out, { shape: [targets.length, width] });
}
