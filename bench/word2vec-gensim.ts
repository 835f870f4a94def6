/**
 * nabla's word2vec against gensim 4 on the State of the Union addresses, same corpus and settings
 * (gensim's defaults: 100 dimensions, window 5, min count 5, sample 1e-3, 5 negatives, 5 epochs,
 * α 0.025 → 0.0001). See bench/README.md for what is measured and how.
 * Run under the heavy lock:
 *   flock /tmp/nabla-heavy.lock env NABLA_NUM_THREADS=1 npx tsx bench/word2vec-gensim.ts [skip-gram|cbow|glove ...]
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getNumThreads, setNumThreads } from '../src/index.js';
import { evaluateAnalogies } from '../src/text/embeddings/analogies.js';
import { trainGlove } from '../src/text/embeddings/glove.js';
import { writeWord2vec } from '../src/text/embeddings/vector-files.js';
import { trainWord2vec } from '../src/text/embeddings/word2vec.js';
import { loadStateOfTheUnion } from '../src/text/state-of-the-union.js';
import { wordSentences } from '../src/text/word-sentences.js';

const analogies = new URL('./sotu-analogies.txt', import.meta.url).pathname;
const dir = join(tmpdir(), 'nabla-word2vec-gensim');
mkdirSync(dir, { recursive: true });
const sentences = loadStateOfTheUnion().flatMap((a) => wordSentences(a.text));
const corpusFile = join(dir, 'sotu.txt');
writeFileSync(corpusFile, `${sentences.map((s) => s.join(' ')).join('\n')}\n`);
const tokens = sentences.reduce((n, s) => n + s.length, 0);
console.log(`corpus: ${sentences.length} sentences, ${tokens} words (written to ${corpusFile})`);

const settings = {
  vectorSize: 100,
  window: 5,
  minCount: 5,
  sample: 1e-3,
  negative: 5,
  epochs: 5,
  alpha: 0.025,
};
const architectures =
  process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['skip-gram', 'cbow', 'glove'];
const pct = (x: number): string => `${(100 * x).toFixed(1)}%`;
const rows: string[] = [];
for (const architecture of architectures) {
  if (architecture === 'glove') {
    // GloVe with the paper's settings (window 10, x_max 100, α 3/4, 25 epochs), nabla only.
    const g = trainGlove(sentences, { vectorSize: 100, window: 10, minCount: 5, epochs: 25, seed: 1 });
    const add = evaluateAnalogies(g.vectors, analogies);
    const mul = evaluateAnalogies(g.vectors, analogies, { method: '3CosMul' });
    console.log(
      `glove: ${g.pairs} pairs, ${g.seconds.toFixed(1)} s, cost ${g.costs.at(-1)}, sections ${JSON.stringify(add.sections.map((s) => [s.name, s.correct, s.total]))}`,
    );
    rows.push(
      `| GloVe | nabla | ${pct(add.total.accuracy)} (${add.total.correct}/${add.total.total}) | ${pct(mul.total.accuracy)} | (${g.seconds.toFixed(0)} s in all, 25 epochs) | | |`,
    );
    continue;
  }
  if (architecture !== 'skip-gram' && architecture !== 'cbow')
    throw new Error(`unknown architecture ${architecture}`);
  const r = trainWord2vec(sentences, { ...settings, architecture, seed: 1 });
  // Two hogwild workers (NOTE(word2vec-threads) in native/word2vec.cc), as gensim's workers=2.
  const threads = getNumThreads();
  setNumThreads(2);
  const r2 = trainWord2vec(sentences, { ...settings, architecture, seed: 1, workers: 2 });
  setNumThreads(threads);
  const add2 = evaluateAnalogies(r2.vectors, analogies);
  const text = join(dir, `nabla-${architecture}.txt`);
  const binary = join(dir, `nabla-${architecture}.bin`);
  writeWord2vec(r.vectors, text);
  writeWord2vec(r.vectors, binary);
  const add = evaluateAnalogies(r.vectors, analogies);
  const mul = evaluateAnalogies(r.vectors, analogies, { method: '3CosMul' });
  const args = [
    'bench/word2vec-gensim.py',
    ...['--corpus', corpusFile, '--analogies', analogies, '--nabla-text', text, '--nabla-binary', binary],
    ...['--sg', architecture === 'skip-gram' ? '1' : '0', '--negative', String(settings.negative)],
    ...['--vector-size', String(settings.vectorSize), '--window', String(settings.window)],
    ...[
      '--min-count',
      String(settings.minCount),
      '--sample',
      String(settings.sample),
      '--epochs',
      String(settings.epochs),
    ],
  ];
  const g = JSON.parse(
    execFileSync('/usr/bin/python3', args, {
      encoding: 'utf8',
      env: { ...process.env, OPENBLAS_NUM_THREADS: '1' },
    }),
  );
  console.log(
    `${architecture}: nabla ${JSON.stringify({ vocabulary: r.vectors.count, seconds: r.seconds, add: add.total, sections: add.sections.map((s) => [s.name, s.correct, s.total]) })}`,
  );
  console.log(
    `${architecture}: nabla, 2 workers ${JSON.stringify({ seconds: r2.seconds, add: add2.total })}`,
  );
  console.log(`${architecture}: gensim ${JSON.stringify(g)}`);
  const speed1 = g.threads['1'].words_per_second;
  const speed2 = g.threads['2'].words_per_second;
  const speed = (x: number): string => Math.round(x).toLocaleString('en-US');
  console.log(
    `${architecture}: nabla / gensim speed: 1 thread ${(r.wordsPerSecond / speed1).toFixed(2)}×, 2 threads ${(r2.wordsPerSecond / speed2).toFixed(2)}×; 2-worker analogies: nabla ${pct(add2.total.accuracy)}, gensim ${pct(g.analogy_3cosadd_last_threads)}`,
  );
  rows.push(
    `| ${architecture} | nabla | ${pct(add.total.accuracy)} (${add.total.correct}/${add.total.total}) | ${pct(mul.total.accuracy)} | ${speed(r.wordsPerSecond)} | ${speed(r2.wordsPerSecond)} | ${pct(g.overlap_with_nabla)} |`,
    `| ${architecture} | gensim ${g.gensim} | ${pct(g.analogy_3cosadd)} | ${pct(g.analogy_3cosmul)} | ${speed(speed1)} | ${speed(speed2)} | ${pct(g.overlap_gensim_seed_1_vs_2)} (seed 1 vs 2) |`,
  );
  console.log(
    `${architecture}: gensim reads nabla's files: text ${pct(g.nabla_text_in_gensim_3cosadd)}, binary ${pct(g.nabla_binary_in_gensim_3cosadd)} (gensim's own evaluation of nabla's vectors; identical: ${g.nabla_files_identical_in_gensim})`,
  );
}
console.log(`
| architecture | trainer | analogies 3CosAdd | 3CosMul | words/s, 1 thread | words/s, 2 threads | top-10 neighbour overlap with gensim |
|---|---|---|---|---|---|---|
${rows.join('\n')}`);
