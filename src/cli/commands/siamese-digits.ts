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
 * The identities of training. Each is a digit, or the top half (or left half) of one digit joined
 * to the bottom (right) half of another, then turned or mirrored by a symmetry of the square: digit
 * d under symmetry s is an identity of its own (a 2 mirrored is no 2), and so is "top of a 3 over
 * bottom of a 5". Every image of every identity is made from training images of the seen digits only.
 */
export interface Identities {
  count: number;
  /** How many of them are whole digits (identities 0 to digitCount − 1); the rest are joined halves. */
  digitCount: number;
  /**
   * A P×K training batch: `perBatch` distinct identities, `perIdentity` random images of each;
   * `digitShare` of the P (rounded) are drawn among the whole digits, the rest among all identities.
   */
  batch(
    perBatch: number,
    perIdentity: number,
    generator: Generator,
    digitShare?: number,
  ): { images: Tensor; labels: Tensor };
}

/** Which halves an identity joins: none (a whole digit), top over bottom, or left beside right. */
type Join = 'whole' | 'rows' | 'columns';

/** Into `out`: image `first` with its bottom (join 'rows') or right ('columns') half from image `second`. */
function joined(digits: Digits, first: number, second: number, join: Join, out: Float32Array): void {
  out.set(digits.images.subarray(first * 784, (first + 1) * 784));
  if (join === 'whole') return;
  for (let r = 0; r < 28; r++)
    for (let c = 0; c < 28; c++)
      if ((join === 'rows' ? r : c) >= 14) out[r * 28 + c] = digits.images[second * 784 + r * 28 + c]!;
}

/**
 * Training identities over `digits` with labels `seen`: one per digit, and with `halves` one per
 * ordered pair of different seen digits and per join (top over bottom, left beside right); each
 * times one per symmetry. Identity numbering: recipe r under symmetry s is r·S + s, the whole
 * digits' recipes first.
 * @example
 * const digits = { images: new Float32Array(4 * 784), labels: [0, 1, 0, 1] };
 * const ids = identitiesOf(digits, [0, 1], ['identity', 'flipX'], { halves: true });
 * ids.count; // => 12
 * ids.batch(3, 2, new Generator(0)).labels.shape; // => [6]
 */
export function identitiesOf(
  digits: Digits,
  seen: readonly number[],
  symmetries: readonly SquareSymmetry[] = ['identity'],
  options: { halves?: boolean } = {},
): Identities {
  const byDigit = seen.map((d) => digits.labels.flatMap((l, i) => (l === d ? [i] : [])));
  const recipes: { first: number; second: number; join: Join }[] = seen.map((_, k) => ({
    first: k,
    second: k,
    join: 'whole',
  }));
  if (options.halves)
    for (const join of ['rows', 'columns'] as const)
      for (let a = 0; a < seen.length; a++)
        for (let b = 0; b < seen.length; b++) if (a !== b) recipes.push({ first: a, second: b, join });
  const S = symmetries.length;
  const count = recipes.length * S;
  const digitCount = seen.length * S;
  return {
    count,
    digitCount,
    batch(perBatch, perIdentity, generator, digitShare = 0) {
      const chosen = new Set<number>();
      const wanted = Math.min(perBatch, count);
      const fromDigits = Math.min(Math.round(digitShare * wanted), digitCount);
      while (chosen.size < fromDigits) chosen.add(generator.below(digitCount));
      while (chosen.size < wanted) chosen.add(generator.below(count));
      const ids = [...chosen];
      const data = new Float32Array(ids.length * perIdentity * 784);
      const parts = ids.map((id, j) => {
        const { first, second, join } = recipes[Math.floor(id / S)]!;
        const [firstPool, secondPool] = [byDigit[first]!, byDigit[second]!];
        const block = data.subarray(j * perIdentity * 784, (j + 1) * perIdentity * 784);
        for (let k = 0; k < perIdentity; k++) {
          const i = firstPool[generator.below(firstPool.length)]!;
          const j = join === 'whole' ? i : secondPool[generator.below(secondPool.length)]!;
          joined(digits, i, j, join, block.subarray(k * 784, (k + 1) * 784));
        }
        const images = tensor(block, { shape: [perIdentity, 1, 28, 28] });
        return squareSymmetry(images, symmetries[id % S]!);
      });
      const labels = ids.flatMap((id) => Array.from({ length: perIdentity }, () => id));
      return { images: cat(parts, 0), labels: tensor(Int32Array.from(labels)) };
    },
  };
}
