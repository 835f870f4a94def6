import { mean, noGrad, ShapeError, select, softmax, stack, type Tensor } from '../index.js';
import { type Predictor, runPredictor } from './predictor.js';
import { centerCrop } from './transforms/center-crop.js';
import type { ImageSize } from './transforms/per-image.js';
import { tenCrop } from './transforms/ten-crop.js';

export interface MultiCropOptions {
  /** The crop size the model expects. */
  size: ImageSize;
  /** 'ten' (default): four corners, centre and their mirrors; 'center': the centre crop only. */
  crops?: 'ten' | 'center';
}

/**
 * Test-time augmentation: classifies several crops of each image and averages their softmax
 * probabilities, as AlexNet did with ten crops. It costs ten forward passes for a usually small
 * gain in accuracy, which is why the course recommends it for competitions and benchmarks rather
 * than for production. Runs without recording gradients; put the model in `eval()` mode first.
 * @example
 * const model = new nn.Sequential(new nn.Flatten(), new nn.Linear(3 * 24 * 24, 5)).eval();
 * const [photo, photos] = [rand([3, 32, 32]), rand([2, 3, 32, 32])];
 * multiCropPredict(model, photo, { size: 24 }).shape; // => [5]
 * multiCropPredict(model, photos, { size: 24, crops: 'center' }).shape; // => [2, 5]
 */
export function multiCropPredict(model: Predictor, image: Tensor, options: MultiCropOptions): Tensor {
  if (image.ndim !== 3 && image.ndim !== 4) {
    throw new ShapeError(
      `multiCropPredict: image must be [channels, H, W] or [batch, channels, H, W], got shape [${image.shape.join(', ')}]`,
    );
  }
  const crops = options.crops ?? 'ten';
  const views = crops === 'ten' ? tenCrop(options.size) : centerCrop(options.size);
  const predictOne = (x: Tensor): Tensor => {
    const batch = crops === 'ten' ? views(x) : stack([views(x)]);
    return mean(softmax(runPredictor(model, batch), -1), 0);
  };
  return noGrad(() => {
    if (image.ndim === 3) return predictOne(image);
    return stack(Array.from({ length: image.shape[0]! }, (_, i) => predictOne(select(image, 0, i))));
  });
}
