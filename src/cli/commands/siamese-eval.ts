/**
 * The evaluation of `nabla train siamese`: codes of many images, seeded verification pairs and
 * their distances, accuracy at a threshold with the ROC AUC, errors by kind of pair, test-time
 * shifts, and one-shot recognition from a one-image-per-identity database.
 */
import {
  cat,
  div,
  Generator,
  indexSelect,
  noGrad,
  norm,
  pad,
  rocAuc,
  type Tensor,
  tensor,
} from '../../index.js';
import { IdentityDatabase, verificationPairs, verify } from '../../vision/index.js';
import { batchOf, type Digits, digitsOf } from './siamese-digits.js';

/**
 * Test-time augmentation of an encoder: the unit-length mean of the codes of the image and of
 * its shifts by one pixel up, down, left and right (five forward passes per image).
 */
export function shiftAveraged(encode: (x: Tensor) => Tensor): (x: Tensor) => Tensor {
  // F.pad's [left, right, top, bottom]; a negative pad crops, so each pair moves the digit by a pixel.
  const shifts = [
    [1, -1, 0, 0],
    [-1, 1, 0, 0],
    [0, 0, 1, -1],
    [0, 0, -1, 1],
  ];
  return (x) => {
    let sum = encode(x);
    for (const shift of shifts) sum = sum.add(encode(pad(x, shift)));
    return div(sum, norm(sum, 2, -1, true).add(1e-12));
  };
}

/** Encodes every image of `digits`, 1,000 at a time, without a graph. */
export function encodeAll(encode: (x: Tensor) => Tensor, digits: Digits): Tensor {
  const parts: Tensor[] = [];
  for (let at = 0; at < digits.labels.length; at += 1000) {
    const indices = Array.from({ length: Math.min(1000, digits.labels.length - at) }, (_, k) => at + k);
    parts.push(noGrad(() => encode(batchOf(digits, indices))));
  }
  return cat(parts, 0);
}

/** Distances and same/different truths of `count` seeded pairs drawn from `digits`. */
export function pairDistances(codes: Tensor, digits: Digits, count: number, seed: number): PairScores {
  const pairs = verificationPairs(digits.labels, count, new Generator(seed));
  const pick = (ix: number[]) => indexSelect(codes, 0, tensor(Int32Array.from(ix)));
  // verify's own threshold is irrelevant here: only the distances are used.
  const { distance } = verify(pick(pairs.first), pick(pairs.second), 1);
  const digitsOfPair = pairs.first.map((i, k) => {
    const [a, b] = [digits.labels[i]!, digits.labels[pairs.second[k]!]!];
    return a <= b ? `${a}–${b}` : `${b}–${a}`;
  });
  return { distances: [...distance.data()], same: pairs.same, digits: digitsOfPair };
}

/** The test pairs' distances, whether each is a same pair, and which two digits it holds ('7–9'). */
export interface PairScores {
  distances: number[];
  same: boolean[];
  digits: string[];
}

/** The error rate at `threshold` of each kind of pair ('7–7 12.3% of 331'): where verification fails. */
export function errorsByDigits(pairs: PairScores, threshold: number): string {
  const kinds = [...new Set(pairs.digits)].sort();
  return kinds
    .map((kind) => {
      const at = pairs.digits.flatMap((d, k) => (d === kind ? [k] : []));
      const wrong = at.filter((k) => pairs.distances[k]! < threshold !== pairs.same[k]).length;
      return `${kind} ${percent(wrong / at.length)} of ${at.length}`;
    })
    .join(', ');
}

export const percent = (x: number): string => `${(100 * x).toFixed(2)}%`;
export const count = (n: number): string => n.toLocaleString('en-US');

/** Accuracy at `threshold` and ROC AUC (score −distance) of a set of pairs. */
export function score(pairs: PairScores, threshold: number): string {
  const right = pairs.distances.filter((d, i) => d < threshold === pairs.same[i]).length;
  const auc = rocAuc(tensor(pairs.distances.map((d) => -d)), tensor(pairs.same.map(Number)));
  return `accuracy ${percent(right / pairs.distances.length)} on ${count(pairs.distances.length)} pairs, ROC AUC ${auc.toFixed(4)}`;
}

/** One-shot recognition of the test digits `unseen`: one training image of each in the database. */
export function reportRecognition(
  encode: (x: Tensor) => Tensor,
  threshold: number,
  test: Digits,
  unseen: readonly number[],
): void {
  const shots = digitsOf('train', (l) => unseen.includes(l));
  const db = new IdentityDatabase(encode, { threshold });
  for (const d of unseen) db.add(String(d), batchOf(shots, [shots.labels.indexOf(d)]).select(0, 0));
  let right = 0;
  let unknown = 0;
  for (let at = 0; at < test.labels.length; at += 1000) {
    const indices = Array.from({ length: Math.min(1000, test.labels.length - at) }, (_, k) => at + k);
    db.recognize(batchOf(test, indices)).forEach((r, k) => {
      if (r.identity === String(test.labels[indices[k]!])) right++;
      if (r.identity === null) unknown++;
    });
  }
  console.log(
    `one-shot recognition of unseen digits 7–9 from one image each: ${percent(right / test.labels.length)} of ${count(test.labels.length)} test digits ` +
      `(${count(unknown)} judged "not in the database")`,
  );
}
