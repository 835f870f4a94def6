/**
 * Barnes–Hut t-SNE against exact t-SNE on word vectors: the N most frequent words of the State of
 * the Union addresses (word2vec CBOW, gensim's settings, 100 dimensions, unit length), both
 * methods with scikit-learn's defaults (perplexity 30, 1000 iterations, early exaggeration 12 for
 * 250, learning rate max(N / 48, 50)), same seed. Reports the wall time of each, the KL of both
 * embeddings against the same exact P, and how many of each word's 10 nearest neighbours (cosine
 * in 100-D) are among its 10 nearest in 2-D. Run under the heavy lock:
 *   flock /tmp/nabla-heavy.lock env NABLA_NUM_THREADS=1 npx tsx bench/tsne.ts [N] [exact iterations]
 * The second argument shortens the exact run (its time is then also given per iteration).
 */
import { tsne, tsneGradient } from '../src/text/embeddings/tsne.js';
import { tsneAffinities, tsneSparseAffinities } from '../src/text/embeddings/tsne-affinities.js';
import { trainWord2vec } from '../src/text/embeddings/word2vec.js';
import { loadStateOfTheUnion } from '../src/text/state-of-the-union.js';
import { wordSentences } from '../src/text/word-sentences.js';

const n = Number(process.argv[2] ?? 5000);
const exactIterations = Number(process.argv[3] ?? 1000);
const sentences = loadStateOfTheUnion().flatMap((a) => wordSentences(a.text));
const { vectors } = trainWord2vec(sentences, { architecture: 'cbow', seed: 1 });
const dim = vectors.dim;
const data = vectors.normalizedVectors().slice(0, n * dim);
console.log(`${n} words (${vectors.words[0]} … ${vectors.words[n - 1]}), ${dim} dimensions`);

/** The share of each point's 10 nearest neighbours in `x` (dim d) kept among its 10 nearest in `y`. */
function neighbourOverlap(x: ArrayLike<number>, d: number, y: Float64Array): number {
  const nearest = (points: ArrayLike<number>, dd: number, i: number): Set<number> => {
    const dist = Array.from({ length: n }, (_, j) => {
      let s = 0;
      for (let k = 0; k < dd; k++) s += (points[i * dd + k]! - points[j * dd + k]!) ** 2;
      return [j === i ? Number.POSITIVE_INFINITY : s, j] as const;
    });
    return new Set(
      dist
        .sort((a, b) => a[0] - b[0])
        .slice(0, 10)
        .map(([, j]) => j),
    );
  };
  let kept = 0;
  for (let i = 0; i < n; i += 10) {
    const high = nearest(x, d, i);
    for (const j of nearest(y, 2, i)) kept += high.has(j) ? 1 : 0;
  }
  return kept / (10 * Math.ceil(n / 10));
}

const timed = <T>(fn: () => T): [T, number] => {
  const begin = performance.now();
  const result = fn();
  return [result, (performance.now() - begin) / 1000];
};
const [p, exactP] = timed(() => tsneAffinities(data, dim, 30));
const [, sparseP] = timed(() => tsneSparseAffinities(data, dim, 30));
for (const method of ['barnes-hut', 'exact'] as const) {
  const iterations = method === 'exact' ? exactIterations : 1000;
  const [y, seconds] = timed(() => tsne(data, dim, { method, iterations, seed: 1 }));
  const affinities = method === 'exact' ? exactP : sparseP;
  const perIteration = (seconds - affinities) / iterations;
  const full = affinities + 1000 * perIteration;
  const kl = tsneGradient(p, y).kl;
  console.log(
    `${method}: ${iterations} iterations in ${seconds.toFixed(1)} s (P ${affinities.toFixed(1)} s, ${(1000 * perIteration).toFixed(1)} ms per iteration${iterations < 1000 ? `; 1000 iterations would take ~${full.toFixed(0)} s` : ''}), KL(P‖Q) ${kl.toFixed(4)}, 10-NN kept ${(100 * neighbourOverlap(data, dim, y)).toFixed(1)}% (every 10th word)${iterations < 1000 ? ' (shortened run: not comparable)' : ''}`,
  );
}
