import { ShapeError, type Tensor, tensor } from '../../index.js';
import { checkBoxes } from './check-boxes.js';

/** Ten distinct RGB colours in [0, 1], one per class (cycled beyond ten). */
export const CLASS_COLORS: readonly (readonly [number, number, number])[] = [
  [1, 0.2, 0.2],
  [0.2, 1, 0.2],
  [0.3, 0.5, 1],
  [1, 1, 0.2],
  [1, 0.3, 1],
  [0.2, 1, 1],
  [1, 0.6, 0.1],
  [0.6, 0.3, 1],
  [0.6, 1, 0.6],
  [1, 1, 1],
];

/**
 * Draws each image's boxes (xyxy pixels) as one-pixel outlines coloured by class onto RGB copies
 * of the images [N, 1 or 3, H, W], returning [N, 3, H, W] ready for `saveGrid`.
 * @example
 * const images = zeros([1, 1, 8, 8]);
 * const drawn = drawBoxes(images, [{ boxes: tensor([[1, 1, 5, 5]]), labels: tensor([0], { dtype: 'int32' }) }]);
 * drawn.shape; // [1, 3, 8, 8], a red square outline
 */
export function drawBoxes(images: Tensor, detections: readonly { boxes: Tensor; labels: Tensor }[]): Tensor {
  if (
    images.ndim !== 4 ||
    (images.shape[1] !== 1 && images.shape[1] !== 3) ||
    detections.length !== images.shape[0]
  )
    throw new ShapeError(
      `drawBoxes: images must be [N, 1 or 3, H, W] with one detection set per image, got [${images.shape.join(', ')}] and ${detections.length} sets`,
    );
  const [n, c, h, w] = images.shape as [number, number, number, number];
  const src = images.data();
  const out = new Float32Array(n * 3 * h * w);
  for (let b = 0; b < n; b++)
    for (let ch = 0; ch < 3; ch++)
      out.set(
        src.subarray((b * c + (c === 3 ? ch : 0)) * h * w, (b * c + (c === 3 ? ch : 0) + 1) * h * w),
        (b * 3 + ch) * h * w,
      );
  detections.forEach(({ boxes, labels }, b) => {
    checkBoxes(boxes, 'drawBoxes', `detections[${b}].boxes`);
    const box = boxes.data();
    const label = labels.data();
    for (let k = 0; k < label.length; k++) {
      const color = CLASS_COLORS[label[k]! % CLASS_COLORS.length]!;
      const [x0, y0] = [Math.round(box[4 * k]!), Math.round(box[4 * k + 1]!)];
      const [x1, y1] = [Math.round(box[4 * k + 2]!) - 1, Math.round(box[4 * k + 3]!) - 1];
      const put = (x: number, y: number) => {
        if (x < 0 || y < 0 || x >= w || y >= h) return;
        for (let ch = 0; ch < 3; ch++) out[((b * 3 + ch) * h + y) * w + x] = color[ch]!;
      };
      for (let x = x0; x <= x1; x++) {
        put(x, y0);
        put(x, y1);
      }
      for (let y = y0; y <= y1; y++) {
        put(x0, y);
        put(x1, y);
      }
    }
  });
  return tensor(out, { shape: [n, 3, h, w] });
}
