/**
 * The word statistics word2vec trains from: the vocabulary with counts, the Huffman tree
 * (hierarchical softmax), the noise distribution (negative sampling) and the subsampling
 * probabilities of frequent words.
 */
import { ValueError } from '../../index.js';

/** Words kept by `countWords`, most frequent first, with their counts. */
export interface WordCounts {
  words: string[];
  counts: Float64Array;
  /** Every token of the corpus, kept or not. */
  totalTokens: number;
}

/**
 * Counts the words of `sentences` and keeps those seen at least `minCount` times, most frequent
 * first, ties in order of first appearance.
 * @example
 * countWords([['a', 'b', 'a'], ['c', 'a', 'b']], 2); // words ['a', 'b'], counts [3, 2], totalTokens 6
 */
export function countWords(sentences: Iterable<readonly string[]>, minCount = 1): WordCounts {
  if (!Number.isSafeInteger(minCount) || minCount < 1)
    throw new ValueError(`countWords: minCount must be an integer ≥ 1, got ${minCount}`);
  const counts = new Map<string, number>();
  let totalTokens = 0;
  for (const sentence of sentences) {
    totalTokens += sentence.length;
    for (const w of sentence) counts.set(w, (counts.get(w) ?? 0) + 1);
  }
  // Array.prototype.sort is stable: equal counts keep the Map's first-appearance order.
  const kept = [...counts].filter(([, n]) => n >= minCount).sort((a, b) => b[1] - a[1]);
  return { words: kept.map(([w]) => w), counts: Float64Array.from(kept, ([, n]) => n), totalTokens };
}

/** Sentences as word ids: sentence s is ids[starts[s] .. starts[s + 1]). */
export interface EncodedSentences {
  ids: Int32Array;
  starts: Int32Array;
}

/**
 * The sentences as one array of ids into `words`; words not in it are dropped (before any
 * window is drawn, as gensim does).
 * @example
 * encodeSentences([['a', 'x', 'b'], ['b']], ['b', 'a']); // ids [1, 0, 0], starts [0, 2, 3]
 */
export function encodeSentences(
  sentences: Iterable<readonly string[]>,
  words: readonly string[],
): EncodedSentences {
  const id = new Map(words.map((w, i) => [w, i]));
  const ids: number[] = [];
  const starts = [0];
  for (const sentence of sentences) {
    for (const w of sentence) {
      const i = id.get(w);
      if (i !== undefined) ids.push(i);
    }
    starts.push(ids.length);
  }
  return { ids: Int32Array.from(ids), starts: Int32Array.from(starts) };
}

/** A Huffman code per word: bits and inner-node indices from the root, flat. */
export interface HuffmanTree {
  /** Word w's bits are codes[offsets[w] .. offsets[w + 1]). */
  codes: Uint8Array;
  /** The inner node (0 .. vocab − 2) each bit is decided at; the root is vocab − 2. */
  points: Int32Array;
  offsets: Int32Array;
}

/**
 * The Huffman tree of `counts` (sorted descending), built as word2vec.c builds it: repeatedly join
 * the two rarest nodes, the second one taking bit 1. Frequent words get short codes.
 * @example
 * huffmanTree(new Float64Array([4, 3, 2, 1])).codes; // [0,  1, 1,  1, 0, 1,  1, 0, 0]
 */
export function huffmanTree(counts: Float64Array): HuffmanTree {
  const v = counts.length;
  for (let i = 1; i < v; i++)
    if (counts[i]! > counts[i - 1]!)
      throw new ValueError('huffmanTree: counts must be sorted in descending order');
  // Leaves are 0..v−1, inner node a is v + a; both queues (leaves from the rarest up, inner
  // nodes in creation order) are sorted, so the two smallest are at their fronts.
  const weight = new Float64Array(2 * v).fill(Number.POSITIVE_INFINITY);
  weight.set(counts);
  const parent = new Int32Array(2 * v);
  const bit = new Uint8Array(2 * v);
  let leaf = v - 1;
  let inner = v;
  const smallest = (): number => (leaf >= 0 && weight[leaf]! < weight[inner]! ? leaf-- : inner++);
  for (let a = 0; a < v - 1; a++) {
    const first = smallest();
    const second = smallest();
    weight[v + a] = weight[first]! + weight[second]!;
    parent[first] = v + a;
    parent[second] = v + a;
    bit[second] = 1;
  }
  const root = 2 * v - 2;
  const codes: number[] = [];
  const points: number[] = [];
  const offsets = new Int32Array(v + 1);
  for (let w = 0; w < v; w++) {
    const path: number[] = []; // the word's leaf and its ancestors below the root
    for (let node = w; node !== root && v > 1; node = parent[node]!) path.push(node);
    path.reverse();
    path.forEach((node, d) => {
      codes.push(bit[node]!);
      points.push((d === 0 ? root : parent[node]!) - v);
    });
    offsets[w + 1] = codes.length;
  }
  return { codes: Uint8Array.from(codes), points: Int32Array.from(points), offsets };
}

/**
 * The cumulative noise distribution for negative sampling: count^exponent, normalised so that
 * the last entry is 1.
 * @example
 * noiseDistribution(new Float64Array([16, 1]), 0.75); // [8/9, 1]
 */
export function noiseDistribution(counts: Float64Array, exponent = 0.75): Float64Array {
  const cumulative = new Float64Array(counts.length);
  let total = 0;
  counts.forEach((c, i) => {
    total += c ** exponent;
    cumulative[i] = total;
  });
  return cumulative.map((x, i) => (i === counts.length - 1 ? 1 : x / total));
}

/**
 * The probability of keeping each occurrence of a word under subsampling with threshold `sample`
 * (gensim's and word2vec.c's formula): with t = sample × (all kept words' count),
 * p(w) = min(1, (√(count/t) + 1) · t / count). sample = 0 keeps everything.
 * @see https://arxiv.org/abs/1310.4546
 * @example
 * keepProbabilities(new Float64Array([900, 100]), 0.01); // [(√90 + 1) / 90, (√10 + 1) / 10]
 */
export function keepProbabilities(counts: Float64Array, sample: number): Float64Array {
  if (!(sample >= 0)) throw new ValueError(`keepProbabilities: sample must be ≥ 0, got ${sample}`);
  if (sample === 0) return new Float64Array(counts.length).fill(1);
  const threshold = sample * counts.reduce((s, c) => s + c, 0);
  return counts.map((c) => Math.min(1, (Math.sqrt(c / threshold) + 1) * (threshold / c)));
}
