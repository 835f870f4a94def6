import {
  add,
  argmax,
  cat,
  clamp,
  noGrad,
  ShapeError,
  sigmoid,
  sub,
  type Tensor,
  tensor,
  ValueError,
  zeros,
} from '../../index.js';
import type { PresenceLossForm } from './presence-loss.js';

/** The image's `[height, width]` in pixels, or one number for a square. */
export type ImageExtent = number | readonly [number, number];

function extent(size: ImageExtent, op: string): [number, number] {
  const [h, w] = typeof size === 'number' ? [size, size] : size;
  if (!(h! > 0 && w! > 0))
    throw new ValueError(`${op}: imageSize must be positive, got ${JSON.stringify(size)}`);
  return [h!, w!];
}

/** p_c as a probability: the sigmoid of a 'mixed' logit, a 'squared' output clipped to [0, 1]. */
function presence(p: Tensor, form: PresenceLossForm): Tensor {
  return form === 'mixed' ? sigmoid(p) : clamp(p, 0, 1);
}

export interface DecodeOptions {
  /** The image's size in pixels, to scale the fractions by. */
  imageSize: ImageExtent;
  /** The loss form the head was trained with (default 'squared'): 'mixed' reads p_c as a logit. */
  form?: PresenceLossForm;
}

export interface Localization {
  /** Whether an object is there, in [0, 1] [N]. */
  scores: Tensor;
  /** The boxes in pixels, (x1, y1, x2, y2) [N, 4]. */
  boxes: Tensor;
  /** The most likely class [N] (int32; 0 when K = 0). */
  labels: Tensor;
}

/**
 * Reads localization outputs [N, 5 + K] ({@link LocalizationHead}) as a score, an xyxy pixel box
 * (centre bx, by and size bh, bw are fractions of the image) and a class per image.
 * @example
 * const output = tensor([[0.9, 0.5, 0.25, 0.5, 0.25, 0.1, 2]]);
 * const { boxes, labels } = decodeLocalization(output, { imageSize: 100 });
 * boxes; // => [[37.5, 0, 62.5, 50]]
 */
export function decodeLocalization(output: Tensor, options: DecodeOptions): Localization {
  if (output?.ndim !== 2 || output.shape[1]! < 5)
    throw new ShapeError(`decodeLocalization: output must be [N, 5 + K], got [${output?.shape?.join(', ')}]`);
  const [h, w] = extent(options.imageSize, 'decodeLocalization');
  return noGrad(() => {
    const f = (k: number) => output.select(1, k).unsqueeze(1);
    const [cx, cy] = [f(1).mul(w), f(2).mul(h)];
    const [halfH, halfW] = [f(3).mul(h / 2), f(4).mul(w / 2)];
    const boxes = cat([sub(cx, halfW), sub(cy, halfH), add(cx, halfW), add(cy, halfH)], 1);
    const k = output.shape[1]! - 5;
    const labels =
      k > 0 ? argmax(output.narrow(1, 5, k), 1).cast('int32') : zeros([output.shape[0]!], { dtype: 'int32' });
    return { scores: presence(output.select(1, 0), options.form ?? 'squared'), boxes, labels };
  });
}

export interface Landmarks {
  /** Whether the object is there, in [0, 1] [N]. */
  scores: Tensor;
  /** The points in pixels, (x, y) [N, k, 2]. */
  points: Tensor;
}

/**
 * Reads landmark outputs [N, 1 + 2k] ({@link LandmarkHead}) as a score and k (x, y) points in
 * pixels per image.
 * @example
 * const { points } = decodeLandmarks(tensor([[1, 0.5, 0.25]]), { imageSize: [40, 100] });
 * points; // => [[[50, 10]]]
 */
export function decodeLandmarks(output: Tensor, options: DecodeOptions): Landmarks {
  if (output?.ndim !== 2 || output.shape[1]! < 3 || output.shape[1]! % 2 !== 1)
    throw new ShapeError(`decodeLandmarks: output must be [N, 1 + 2k], got [${output?.shape?.join(', ')}]`);
  const [h, w] = extent(options.imageSize, 'decodeLandmarks');
  return noGrad(() => {
    const n = output.shape[0]!;
    const k = (output.shape[1]! - 1) / 2;
    const scale = tensor([w, h], { dtype: output.dtype });
    const points = output
      .narrow(1, 1, 2 * k)
      .reshape([n, k, 2])
      .mul(scale);
    return { scores: presence(output.select(1, 0), options.form ?? 'squared'), points };
  });
}
