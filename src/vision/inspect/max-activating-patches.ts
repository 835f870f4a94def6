import { type nn, noGrad, ShapeError, type Tensor, tensor, ValueError } from '../../index.js';
import { featureExtractor } from '../style/feature-extractor.js';
import { receptiveField } from './receptive-field.js';

export interface ActivatingPatch {
  /** Which image of the batch, and the unit's row and column in the layer's feature map. */
  image: number;
  y: number;
  x: number;
  /** The unit's activation. */
  value: number;
}

export interface MaxActivatingPatches {
  /** The input patches [k, C, size, size] the top units see (parts outside the image are 0). */
  patches: Tensor;
  /** Where each patch's unit is and how strongly it fired, strongest first. */
  units: ActivatingPatch[];
}

/** The r×c window of image n of x [N, C, H, W] at (top, left), zero outside the image. */
function cutPatch(x: Tensor, n: number, top: number, left: number, r: number, c: number): Float32Array {
  const [, channels, h, w] = x.shape as [number, number, number, number];
  const data = x.data();
  const out = new Float32Array(channels * r * c);
  for (let k = 0; k < channels; k++)
    for (let i = 0; i < r; i++)
      for (let j = 0; j < c; j++) {
        const [y, xx] = [top + i, left + j];
        if (y >= 0 && y < h && xx >= 0 && xx < w)
          out[(k * r + i) * c + j] = data[((n * channels + k) * h + y) * w + xx]!;
      }
  return out;
}

/**
 * The course's "what are deep ConvNets learning?" (Zeiler & Fergus): runs `images`
 * [N, C, H, W] through the model, finds the k strongest activations of `channel` of `layer`
 * over every image and position, and cuts from the input the receptive field of each
 * ({@link receptiveField}): the image patches that excite that unit most. Write them with
 * `saveGrid(path, patches, { normalize: true })`.
 * @see https://arxiv.org/abs/1311.2901
 * @example
 * const model = new nn.Sequential(new nn.Conv2d(1, 4, 3), new nn.ReLU(), new nn.MaxPool2d(2));
 * const { patches, units } = maxActivatingPatches(model, 'layers.2', 1, rand([5, 1, 12, 12]), 3);
 * patches.shape; // => [3, 1, 4, 4]
 */
export function maxActivatingPatches(
  model: nn.Module,
  layer: string,
  channel: number,
  images: Tensor,
  k: number,
): MaxActivatingPatches {
  if (images?.ndim !== 4)
    throw new ShapeError(
      `maxActivatingPatches: images must be [N, C, H, W], got [${images?.shape?.join(', ')}]`,
    );
  const field = receptiveField(model, layer);
  const features = noGrad(() => featureExtractor(model, [layer])(images)[layer]!);
  if (features.ndim !== 4)
    throw new ShapeError(
      `maxActivatingPatches: '${layer}' gives [${features.shape.join(', ')}], not a feature map [N, C, h, w]`,
    );
  const [n, channels, h, w] = features.shape as [number, number, number, number];
  if (!Number.isSafeInteger(channel) || channel < 0 || channel >= channels)
    throw new ValueError(`maxActivatingPatches: channel must be in [0, ${channels}), got ${channel}`);
  if (!Number.isSafeInteger(k) || k < 1 || k > n * h * w)
    throw new ValueError(
      `maxActivatingPatches: k must be in [1, ${n * h * w}] (the units of the channel), got ${k}`,
    );
  const data = features.data();
  const units: ActivatingPatch[] = [];
  for (let i = 0; i < n; i++)
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++)
        units.push({ image: i, y, x, value: data[((i * channels + channel) * h + y) * w + x]! });
  // A stable sort: ties keep image, row, column order.
  const top = units.sort((a, b) => b.value - a.value).slice(0, k);
  const [r, c] = field.size;
  const pixels = new Float32Array(k * images.shape[1]! * r * c);
  top.forEach((u, i) => {
    const cut = cutPatch(
      images,
      u.image,
      u.y * field.stride[0] - field.offset[0],
      u.x * field.stride[1] - field.offset[1],
      r,
      c,
    );
    pixels.set(cut, i * cut.length);
  });
  return { patches: tensor(pixels, { shape: [k, images.shape[1]!, r, c] }), units: top };
}
