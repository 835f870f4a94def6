import { cat, type Generator, loadMnistRaw, type Tensor, tensor } from '../../index.js';
import { type SquareSymmetry, squareSymmetry } from '../../vision/index.js';

/** Digit images as [n, 1, 28, 28] floats in [0, 1] with their labels. */
export interface Digits {
  images: Float32Array;
  labels: number[];
}

const loaded = new Map<string, ReturnType<typeof loadMnistRaw>>();

/**
 * The MNIST images of `split` whose labels pass `keep`, the first `limit` of them when given.
 * @example
 * digitsOf('test', (label) => label === 7, 3).labels; // => [7, 7, 7]
 */
export function digitsOf(split: 'train' | 'test', keep: (label: number) => boolean, limit?: number): Digits {
  if (!loaded.has(split)) loaded.set(split, loadMnistRaw(split));
  const raw = loaded.get(split)!;
  const picked = Array.from({ length: raw.count }, (_, i) => i)
    .filter((i) => keep(raw.labels[i]!))
    .slice(0, limit);
  const images = new Float32Array(picked.length * 784);
  picked.forEach((src, k) => {
    for (let p = 0; p < 784; p++) images[k * 784 + p] = raw.images[src * 784 + p]! / 255;
  });
  return { images, labels: picked.map((i) => raw.labels[i]!) };
}

/**
 * The images at `indices` as a batch [n, 1, 28, 28].
 * @example
 * const digits = { images: new Float32Array(2 * 784).fill(0.5), labels: [3, 4] };
 * batchOf(digits, [1, 1, 0]).shape; // => [3, 1, 28, 28]
 */
export function batchOf(digits: Digits, indices: readonly number[]): Tensor {
  const data = new Float32Array(indices.length * 784);
  indices.forEach((i, k) => {
    data.set(digits.images.subarray(i * 784, (i + 1) * 784), k * 784);
  });
  return tensor(data, { shape: [indices.length, 1, 28, 28] });
}

/**
 * The identities of training: each digit as it is, or each digit under each of `symmetries` as
 * an identity of its own (digit d under symmetry s is identity d·S + s): a 2 mirrored is no 2.
 */
export interface Identities {
  count: number;
  /** A P×K training batch: `perBatch` distinct identities, `perIdentity` random images of each. */
  batch(perBatch: number, perIdentity: number, generator: Generator): { images: Tensor; labels: Tensor };
}

/**
 * Training identities over `digits` with labels `seen`: one per digit, times one per symmetry.
 * @example
 * const digits = { images: new Float32Array(4 * 784), labels: [0, 1, 0, 1] };
 * const ids = identitiesOf(digits, [0, 1], ['identity', 'flipX']);
 * ids.batch(3, 2, new Generator(0)).labels.shape; // => [6]
 */
export function identitiesOf(
  digits: Digits,
  seen: readonly number[],
  symmetries: readonly SquareSymmetry[] = ['identity'],
): Identities {
  const byDigit = seen.map((d) => digits.labels.flatMap((l, i) => (l === d ? [i] : [])));
  const count = seen.length * symmetries.length;
  return {
    count,
    batch(perBatch, perIdentity, generator) {
      const chosen = new Set<number>();
      while (chosen.size < Math.min(perBatch, count)) chosen.add(generator.below(count));
      const ids = [...chosen];
      const parts = ids.map((id) => {
        const pool = byDigit[Math.floor(id / symmetries.length)]!;
        const indices = Array.from({ length: perIdentity }, () => pool[generator.below(pool.length)]!);
        return squareSymmetry(batchOf(digits, indices), symmetries[id % symmetries.length]!);
      });
      const labels = ids.flatMap((id) => Array.from({ length: perIdentity }, () => id));
      return { images: cat(parts, 0), labels: tensor(Int32Array.from(labels)) };
    },
  };
}
