import { ShapeError, type Tensor, tensor, ValueError } from '../../index.js';
import { CLASS_COLORS } from '../boxes/draw-boxes.js';

/**
 * Paints per-pixel classes `[N, H, W]` (integers) as RGB images `[N, 3, H, W]` in [0, 1] for
 * `saveGrid`: class 0 (background) black, class k ≥ 1 the k-th of the ten class colours that
 * `drawBoxes` uses (cycled), so digit d (class d + 1) has the colour of its boxes.
 * @example
 * const rgb = colorMask(tensor([[[0, 1], [2, 0]]], { dtype: 'int32' }));
 * rgb.shape; // => [1, 3, 2, 2]
 * rgb.toArray()[0][0]; // => [[0, 1], [0.2, 0]]
 */
export function colorMask(masks: Tensor): Tensor {
  if (masks.ndim !== 3)
    throw new ShapeError(`colorMask: masks must be [N, H, W], got [${masks.shape.join(', ')}]`);
  const [n, h, w] = masks.shape as [number, number, number];
  const labels = masks.data();
  const out = new Float32Array(n * 3 * h * w);
  labels.forEach((k, i) => {
    if (!Number.isInteger(k) || k < 0)
      throw new ValueError(`colorMask: masks must hold classes ≥ 0, got ${k}`);
    if (k === 0) return;
    const color = CLASS_COLORS[(k - 1) % CLASS_COLORS.length]!;
    const [b, p] = [Math.floor(i / (h * w)), i % (h * w)];
    for (let ch = 0; ch < 3; ch++) out[(b * 3 + ch) * h * w + p] = color[ch]!;
  });
  return tensor(out, { shape: [n, 3, h, w] });
}
