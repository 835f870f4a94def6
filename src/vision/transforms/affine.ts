import {
  affineGrid,
  DTypeError,
  gridSample,
  ShapeError,
  type Tensor,
  tensor,
  ValueError,
} from '../../index.js';
import { checkBoxes } from '../boxes/check-boxes.js';
import { type AffineParams, affineMatrix } from './affine-params.js';

export interface AffineOptions {
  /** How pixels are read: 'nearest' (torchvision's default) or 'bilinear'. */
  mode?: 'nearest' | 'bilinear';
  /** The value of pixels that come from outside the image (default 0). */
  fill?: number;
}

/**
 * The affineGrid θ [1, 2, 3] that warps an h×w image by `params`: for each output point, the
 * input point it reads, in normalized coordinates. With the forward map p′ = A·p + t in centred
 * pixels and N = diag(2/w, 2/h) taking pixels to normalized units, θ = [N·A⁻¹·N⁻¹ | −N·A⁻¹·t].
 */
function samplingTheta(params: AffineParams, h: number, w: number, dtype: Tensor['dtype']): Tensor {
  const [a, b, tx, c, d, ty] = affineMatrix(params) as [number, number, number, number, number, number];
  const det = a * d - b * c;
  if (!(Math.abs(det) > 1e-12))
    throw new ValueError(`affine: the warp ${JSON.stringify(params)} is singular (it flattens the image)`);
  const [ia, ib, ic, id] = [d / det, -b / det, -c / det, a / det];
  const theta = [
    ia,
    (ib * h) / w,
    (-2 / w) * (ia * tx + ib * ty),
    (ic * w) / h,
    id,
    (-2 / h) * (ic * tx + id * ty),
  ];
  return tensor(theta, { shape: [1, 2, 3], dtype });
}

/** Warps one image [C, H, W] (float) with gridSample; `fill` for what comes from outside. */
function warp(image: Tensor, params: AffineParams, mode: 'nearest' | 'bilinear', fill: number): Tensor {
  const [c, h, w] = image.shape as [number, number, number];
  const grid = affineGrid(samplingTheta(params, h, w, image.dtype), [1, c, h, w]);
  // gridSample reads 0 outside the image: shifting by the fill makes that read the fill.
  const shifted = fill === 0 ? image : image.sub(fill);
  const out = gridSample(shifted.unsqueeze(0), grid, { mode }).squeeze(0);
  return fill === 0 ? out : out.add(fill);
}

/**
 * Warps an image [C, H, W] (float) about its centre by `params` (rotation, shift, scale, shear;
 * see {@link AffineParams}), as torchvision's `affine`: pixels from outside read `fill`.
 * @example
 * const image = tensor([[[1, 2], [3, 4]]]);
 * affine(image, { angle: 90, translate: [0, 0], scale: 1, shear: [0, 0] }); // => [[[2, 4], [1, 3]]]
 */
export function affine(image: Tensor, params: AffineParams, options: AffineOptions = {}): Tensor {
  const { mode = 'nearest', fill = 0 } = options;
  if (image?.ndim !== 3)
    throw new ShapeError(
      `affine: image must be [channels, height, width], got [${image?.shape?.join(', ')}]`,
    );
  if (image.dtype !== 'float32' && image.dtype !== 'float64')
    throw new DTypeError(`affine: image must be float32 or float64, got ${image.dtype}`);
  if (mode !== 'nearest' && mode !== 'bilinear')
    throw new ValueError(`affine: mode must be 'nearest' or 'bilinear', got '${String(mode)}'`);
  return warp(image, params, mode, fill);
}

/**
 * Warps a label mask [H, W] or [1, H, W] (any dtype) like {@link affine} warps its image, with
 * nearest sampling so every pixel keeps one of the mask's labels; pixels from outside get `fill`
 * (default 0, the background).
 * @example
 * const mask = tensor([[1, 2], [3, 4]], { dtype: 'int32' });
 * affineMask(mask, { angle: 90, translate: [0, 0], scale: 1, shear: [0, 0] }); // => [[2, 4], [1, 3]]
 */
export function affineMask(mask: Tensor, params: AffineParams, options: { fill?: number } = {}): Tensor {
  if (!(mask?.ndim === 2 || (mask?.ndim === 3 && mask.shape[0] === 1)))
    throw new ShapeError(`affineMask: mask must be [H, W] or [1, H, W], got [${mask?.shape?.join(', ')}]`);
  const image = (mask.ndim === 2 ? mask.unsqueeze(0) : mask).cast('float32');
  const out = warp(image, params, 'nearest', options.fill ?? 0).cast(mask.dtype);
  return mask.ndim === 2 ? out.squeeze(0) : out;
}

/**
 * Moves xyxy pixel boxes [N, 4] of an h×w image as {@link affine} moves the image: the four
 * corners of each box are mapped, the box enclosing them is taken and clipped to the image.
 * A box that leaves the image becomes empty (zero area); drop those by area if needed.
 * @example
 * const boxes = tensor([[0, 0, 2, 1]]); // the top two pixels of a 4×4 image
 * affineBoxes(boxes, { angle: 90, translate: [0, 0], scale: 1, shear: [0, 0] }, [4, 4]); // => [[0, 2, 1, 4]]
 */
export function affineBoxes(boxes: Tensor, params: AffineParams, size: readonly [number, number]): Tensor {
  checkBoxes(boxes, 'affineBoxes');
  const [h, w] = size;
  if (!(h > 0 && w > 0))
    throw new ValueError(`affineBoxes: size must be [height, width] > 0, got ${JSON.stringify(size)}`);
  const [a, b, tx, c, d, ty] = affineMatrix(params) as [number, number, number, number, number, number];
  const data = boxes.data();
  const out = new Float64Array(data.length);
  const clip = (v: number, hi: number) => Math.min(hi, Math.max(0, v));
  for (let i = 0; i < data.length; i += 4) {
    const [x1, y1, x2, y2] = [
      data[i]! - w / 2,
      data[i + 1]! - h / 2,
      data[i + 2]! - w / 2,
      data[i + 3]! - h / 2,
    ];
    const corners = [
      [x1, y1],
      [x2, y1],
      [x1, y2],
      [x2, y2],
    ].map(([x, y]) => [a * x! + b * y! + tx + w / 2, c * x! + d * y! + ty + h / 2]);
    const xs = corners.map((p) => p[0]!);
    const ys = corners.map((p) => p[1]!);
    out.set(
      [
        clip(Math.min(...xs), w),
        clip(Math.min(...ys), h),
        clip(Math.max(...xs), w),
        clip(Math.max(...ys), h),
      ],
      i,
    );
  }
  return tensor(out, { shape: [...boxes.shape], dtype: boxes.dtype });
}
