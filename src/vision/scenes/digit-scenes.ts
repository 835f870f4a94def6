import { Generator, type Tensor, tensor, ValueError } from '../../index.js';
import { iouAt } from '../boxes/nms.js';
import type { GroundTruth } from '../detection/mean-average-precision.js';

/** Digit images as MNIST stores them: `count` images of 28×28 bytes and their labels (e.g. `loadMnistRaw`). */
export interface DigitSource {
  images: Uint8Array;
  labels: Uint8Array;
  count: number;
}

export interface DigitScenesOptions {
  /** The canvas side in pixels (default 96). */
  size?: number;
  /** Digits per scene, drawn uniformly from [minDigits, maxDigits] (default 1 to 5). */
  minDigits?: number;
  maxDigits?: number;
  /** The longer side of each digit's box in pixels, uniform in [minScale, maxScale] (default 20 to 48). */
  minScale?: number;
  maxScale?: number;
  /** A digit is placed only where its box overlaps every earlier box with IoU ≤ this (default 0.1). */
  maxOverlap?: number;
  seed?: number;
}

export interface DigitScenes {
  /** The canvases [count, 1, size, size], ink in [0, 1]. */
  images: Tensor;
  /** Per scene: the xyxy pixel boxes of its digits and their classes (the digits). */
  targets: GroundTruth[];
}

/** The tight box [x0, y0, x1, y1) of a digit's ink (pixels above 0), in its 28×28 image. */
function inkBox(source: DigitSource, k: number): [number, number, number, number] {
  let [x0, y0, x1, y1] = [28, 28, 0, 0];
  for (let y = 0; y < 28; y++)
    for (let x = 0; x < 28; x++)
      if (source.images[k * 784 + y * 28 + x]! > 0)
        [x0, y0, x1, y1] = [Math.min(x0, x), Math.min(y0, y), Math.max(x1, x + 1), Math.max(y1, y + 1)];
  return x1 > x0 ? [x0, y0, x1, y1] : [0, 0, 28, 28];
}

/** Where {@link draw} also paints a digit's class: the label canvas, the class and the ink threshold. */
interface MaskPaint {
  mask: Int32Array;
  value: number;
  threshold: number;
}

/**
 * Draws the ink box of digit k scaled to w×h at (left, top), bilinearly, keeping the brighter
 * pixel; with `paint`, a pixel this digit wins with ink above the threshold takes its class.
 */
function draw(
  canvas: Float32Array,
  size: number,
  source: DigitSource,
  k: number,
  ink: number[],
  [left, top, w, h]: number[],
  paint?: MaskPaint,
): void {
  const [x0, y0, x1, y1] = ink as [number, number, number, number];
  const at = (x: number, y: number) => {
    const cx = Math.min(x1 - 1, Math.max(x0, x));
    const cy = Math.min(y1 - 1, Math.max(y0, y));
    return source.images[k * 784 + cy * 28 + cx]! / 255;
  };
  for (let v = 0; v < h!; v++)
    for (let u = 0; u < w!; u++) {
      // The centre of output pixel (u, v) in the ink box's pixel coordinates.
      const sx = x0 + ((u + 0.5) * (x1 - x0)) / w! - 0.5;
      const sy = y0 + ((v + 0.5) * (y1 - y0)) / h! - 0.5;
      const [fx, fy] = [Math.floor(sx), Math.floor(sy)];
      const [ax, ay] = [sx - fx, sy - fy];
      const value =
        at(fx, fy) * (1 - ax) * (1 - ay) +
        at(fx + 1, fy) * ax * (1 - ay) +
        at(fx, fy + 1) * (1 - ax) * ay +
        at(fx + 1, fy + 1) * ax * ay;
      const p = (top! + v) * size + left! + u;
      if (value <= canvas[p]!) continue;
      canvas[p] = value;
      // A brighter later digit above the threshold takes the pixel; one below it cannot have
      // beaten an earlier label, which was above the threshold.
      if (paint && value > paint.threshold) paint.mask[p] = paint.value;
    }
}

function checkOptions(options: DigitScenesOptions): Required<DigitScenesOptions> {
  const o = {
    size: 96,
    minDigits: 1,
    maxDigits: 5,
    minScale: 20,
    maxScale: 48,
    maxOverlap: 0.1,
    seed: 0,
    ...options,
  };
  const ints = [o.size, o.minDigits, o.maxDigits, o.minScale, o.maxScale];
  if (
    ints.some((v) => !Number.isSafeInteger(v) || v < 0) ||
    o.minDigits > o.maxDigits ||
    o.minScale < 1 ||
    o.minScale > o.maxScale ||
    o.maxScale > o.size
  )
    throw new ValueError(
      `digitScenes: needs integers 0 ≤ minDigits ≤ maxDigits and 1 ≤ minScale ≤ maxScale ≤ size, got ${JSON.stringify(options)}`,
    );
  return o;
}

/**
 * A deterministic detection dataset made of MNIST digits: each scene is a size×size canvas with
 * minDigits to maxDigits digits, each cut to its ink, scaled so its longer side is minScale to
 * maxScale pixels and placed at random where it barely overlaps the others. Returns the images
 * and, per scene, the digits' xyxy boxes (pixels) and classes. The same seed gives the same scenes.
 * @example
 * const source = { images: new Uint8Array(784).fill(255), labels: Uint8Array.of(3), count: 1 };
 * const { images, targets } = digitScenes(source, 2, { seed: 1 });
 * images.shape; // [2, 1, 96, 96]; targets[0].labels holds 3s
 */
export function digitScenes(
  source: DigitSource,
  count: number,
  options: DigitScenesOptions = {},
): DigitScenes {
  return renderScenes(source, count, options).scenes;
}

/**
 * The work of {@link digitScenes}; with `maskThreshold`, also the per-pixel classes (0 for
 * background, 1 + digit where that digit's ink is above the threshold) as `[count, size, size]`
 * int32 values, drawn from the same random draws so the scenes are the same.
 * @example
 * const source = { images: new Uint8Array(784).fill(255), labels: Uint8Array.of(3), count: 1 };
 * renderScenes(source, 1, { seed: 1 }, 0.5).masks!.length; // => 9216
 */
export function renderScenes(
  source: DigitSource,
  count: number,
  options: DigitScenesOptions,
  maskThreshold?: number,
): { scenes: DigitScenes; masks?: Int32Array } {
  const o = checkOptions(options);
  if (!Number.isSafeInteger(count) || count < 0)
    throw new ValueError(`digitScenes: count must be a non-negative integer, got ${count}`);
  if (source.count < 1 || source.images.length < source.count * 784)
    throw new ValueError(`digitScenes: the source must hold ${source.count} images of 28×28 bytes`);
  const generator = new Generator(o.seed);
  const between = (lo: number, hi: number) => lo + generator.below(hi - lo + 1);
  const pixels = new Float32Array(count * o.size * o.size);
  const masks = maskThreshold === undefined ? undefined : new Int32Array(pixels.length);
  const targets: GroundTruth[] = [];
  for (let s = 0; s < count; s++) {
    const canvas = pixels.subarray(s * o.size * o.size, (s + 1) * o.size * o.size);
    const mask = masks?.subarray(s * o.size * o.size, (s + 1) * o.size * o.size);
    const boxes: number[] = [];
    const labels: number[] = [];
    const wanted = between(o.minDigits, o.maxDigits);
    for (let d = 0; d < wanted; d++) {
      const k = generator.below(source.count);
      const ink = inkBox(source, k);
      const scale = between(o.minScale, o.maxScale);
      const [iw, ih] = [ink[2] - ink[0], ink[3] - ink[1]];
      const w = Math.max(1, Math.round((scale * iw) / Math.max(iw, ih)));
      const h = Math.max(1, Math.round((scale * ih) / Math.max(iw, ih)));
      for (let attempt = 0; attempt < 20; attempt++) {
        const [left, top] = [generator.below(o.size - w + 1), generator.below(o.size - h + 1)];
        const candidate = [...boxes, left, top, left + w, top + h];
        const n = boxes.length / 4;
        if (Array.from({ length: n }, (_, j) => iouAt(candidate, n, j)).some((iou) => iou > o.maxOverlap))
          continue;
        const paint = mask && { mask, value: source.labels[k]! + 1, threshold: maskThreshold! };
        draw(canvas, o.size, source, k, ink, [left, top, w, h], paint);
        boxes.push(left, top, left + w, top + h);
        labels.push(source.labels[k]!);
        break;
      }
    }
    targets.push({
      boxes: tensor(Float32Array.from(boxes), { shape: [labels.length, 4] }),
      labels: tensor(Int32Array.from(labels)),
    });
  }
  return { scenes: { images: tensor(pixels, { shape: [count, 1, o.size, o.size] }), targets }, masks };
}
