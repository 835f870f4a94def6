import { type Generator, ValueError } from '../../index.js';

/** Pairs of example indices with whether they share a label. */
export interface VerificationPairs {
  first: number[];
  second: number[];
  same: boolean[];
}

/**
 * Draws `count` pairs of distinct examples for a verification test, alternating same-label and
 * different-label pairs (so half are each): a same pair picks a label with two or more examples,
 * then two of its examples; a different pair picks two labels, then one example of each.
 * @example
 * const pairs = verificationPairs([7, 7, 8, 8, 9], 4, new Generator(0));
 * pairs.same; // [true, false, true, false]
 */
export function verificationPairs(
  labels: ArrayLike<number>,
  count: number,
  generator: Generator,
): VerificationPairs {
  const byLabel = new Map<number, number[]>();
  Array.from(labels).forEach((l, i) => {
    byLabel.set(l, [...(byLabel.get(l) ?? []), i]);
  });
  const groups = [...byLabel.values()];
  const pairable = groups.filter((g) => g.length >= 2);
  if (!Number.isSafeInteger(count) || count < 0)
    throw new ValueError(`verificationPairs: count must be a non-negative integer, got ${count}`);
  if (count > 0 && (pairable.length === 0 || groups.length < 2))
    throw new ValueError('verificationPairs: needs a label with two examples and at least two labels');
  const pick = <T>(xs: readonly T[]): T => xs[generator.below(xs.length)]!;
  const pairs: VerificationPairs = { first: [], second: [], same: [] };
  for (let k = 0; k < count; k++) {
    const same = k % 2 === 0;
    let i: number;
    let j: number;
    if (same) {
      const g = pick(pairable);
      i = pick(g);
      do j = pick(g);
      while (j === i);
    } else {
      const a = generator.below(groups.length);
      let b = generator.below(groups.length - 1);
      if (b >= a) b++;
      i = pick(groups[a]!);
      j = pick(groups[b]!);
    }
    pairs.first.push(i);
    pairs.second.push(j);
    pairs.same.push(same);
  }
  return pairs;
}

/**
 * The distance threshold that best separates same pairs (distance < threshold) from different
 * ones on a labelled set, with the accuracy it reaches: tries the midpoints between consecutive
 * sorted distances (and beyond both ends); of equally good ones, the smallest.
 * @example
 * bestThreshold([0.1, 0.4, 0.9, 1.2], [true, true, false, false]); // { threshold: 0.65, accuracy: 1 }
 */
export function bestThreshold(
  distances: readonly number[],
  same: readonly boolean[],
): { threshold: number; accuracy: number } {
  if (distances.length === 0 || distances.length !== same.length)
    throw new ValueError(
      `bestThreshold: needs as many distances as labels, at least one, got ${distances.length} and ${same.length}`,
    );
  const order = distances.map((d, i) => [d, same[i]!] as const).sort((a, b) => a[0] - b[0]);
  // Threshold below everything: every pair judged different.
  let correct = order.filter(([, s]) => !s).length;
  let best = { threshold: order[0]![0] - 1e-6, correct };
  for (let k = 0; k < order.length; k++) {
    correct += order[k]![1] ? 1 : -1;
    const next = k + 1 < order.length ? order[k + 1]![0] : order[k]![0] + 1e-6;
    if (next === order[k]![0]) continue;
    if (correct > best.correct) best = { threshold: (order[k]![0] + next) / 2, correct };
  }
  return { threshold: best.threshold, accuracy: best.correct / order.length };
}
