import { type AnalogyEvaluation, evaluateAnalogies } from '../../text/embeddings/analogies.js';
import { trainGlove } from '../../text/embeddings/glove.js';
import type { KeyedVectors } from '../../text/embeddings/keyed-vectors.js';
import { writeScatterPlot } from '../../text/embeddings/scatter-plot.js';
import { tsne } from '../../text/embeddings/tsne.js';
import { writeGlove, writeWord2vec } from '../../text/embeddings/vector-files.js';
import { trainWord2vec } from '../../text/embeddings/word2vec.js';
import { loadStateOfTheUnion } from '../../text/state-of-the-union.js';
import { wordSentences } from '../../text/word-sentences.js';
import { checkOutput, numberOption, outputOption, parseCommand, UsageError } from '../args.js';

export const trainWord2vecUsage = `nabla train word2vec [--architecture skip-gram|cbow] [--objective ns|hs] [--vector-size 100] [--window 5]
                [--min-count 5] [--sample 0.001] [--negative 5] [--epochs 5] [--alpha 0.025] [--workers 1] [--seed 1]
                [--limit-words N] [--analogies <questions-words file>] [--plot words.png] [--out sotu-word2vec.txt|.bin]`;

export const trainGloveUsage = `nabla train glove [--vector-size 100] [--window 10] [--min-count 5] [--epochs 25] [--x-max 100] [--lr 0.05]
                [--seed 1] [--limit-words N] [--analogies <questions-words file>] [--plot words.png] [--out sotu-glove.txt]`;

const count = (n: number): string => n.toLocaleString('en-US');
const integer = { integer: true };

/** The State of the Union addresses as lower-cased sentences of words, cut after `limit` words. */
function corpus(limit: number | undefined): { sentences: string[][]; words: number } {
  const sentences: string[][] = [];
  let words = 0;
  for (const address of loadStateOfTheUnion()) {
    for (const sentence of wordSentences(address.text)) {
      if (limit !== undefined && words + sentence.length > limit) return { sentences, words };
      sentences.push(sentence);
      words += sentence.length;
    }
  }
  return { sentences, words };
}

function seedOption(value: string | undefined): number {
  const seed = value === undefined ? 1 : Number(value);
  if (!Number.isSafeInteger(seed))
    throw new UsageError(`nabla train: --seed must be an integer, got '${value}'`);
  return seed;
}

function limitOption(value: string | undefined): number | undefined {
  return value === undefined ? undefined : numberOption('train', 'limit-words', value, 0, integer);
}

/** Words ranked 100–219 by frequency (past the function words), placed by t-SNE, as a PNG. */
function plot(vectors: KeyedVectors, file: string): void {
  const words = vectors.words.slice(100, 220);
  const data = new Float32Array(words.length * vectors.dim);
  for (const [i, w] of words.entries()) data.set(vectors.vector(w, { normalized: true }), i * vectors.dim);
  const points = tsne(data, vectors.dim, { perplexity: Math.min(15, words.length - 1), iterations: 500 });
  writeScatterPlot(file, points, words, { width: 1200, height: 1000 });
  console.log(
    `wrote a t-SNE map of ${words.length} words (frequency ranks 101–${100 + words.length}) to ${file}`,
  );
}

/** Prints the nearest neighbours of a few frequent content words, and the analogy scores. */
function report(vectors: KeyedVectors, analogies: string | undefined, plotFile: string | undefined): void {
  if (plotFile !== undefined && vectors.count > 102) plot(vectors, plotFile);
  const probes = ['war', 'peace', 'tax', 'congress', 'america'].filter((w) => vectors.has(w));
  console.log('nearest neighbours:');
  for (const w of probes)
    console.log(
      `  ${w}: ${vectors
        .mostSimilar(w, { k: 6 })
        .map((s) => `${s.word} ${s.score.toFixed(2)}`)
        .join(', ')}`,
    );
  if (analogies === undefined) return;
  const print = (method: '3CosAdd' | '3CosMul', r: AnalogyEvaluation): void => {
    const sections = r.sections.map(
      (s) => `${s.name} ${(100 * s.accuracy).toFixed(1)}% (${s.correct}/${s.total})`,
    );
    const { total } = r;
    console.log(
      `analogies (${method}): ${(100 * total.accuracy).toFixed(1)}% (${total.correct}/${total.total}, ${total.skipped} skipped); ${sections.join('; ')}`,
    );
  };
  print('3CosAdd', evaluateAnalogies(vectors, analogies));
  print('3CosMul', evaluateAnalogies(vectors, analogies, { method: '3CosMul' }));
}

/** `nabla train word2vec`: word2vec on the State of the Union addresses. */
export function trainWord2vecCommand(args: string[]): number {
  const names = [
    'architecture',
    'objective',
    'vector-size',
    'window',
    'min-count',
    'sample',
    'negative',
    'epochs',
  ];
  const { values } = parseCommand('train', args, [
    ...names,
    'alpha',
    'workers',
    'seed',
    'limit-words',
    'analogies',
    'plot',
    'out',
  ]);
  const architecture = values.architecture ?? 'skip-gram';
  if (architecture !== 'skip-gram' && architecture !== 'cbow')
    throw new UsageError(`nabla train: --architecture must be skip-gram or cbow, got '${architecture}'`);
  const objective = values.objective ?? 'ns';
  if (objective !== 'ns' && objective !== 'hs')
    throw new UsageError(`nabla train: --objective must be ns or hs, got '${objective}'`);
  const sample = values.sample === undefined ? 1e-3 : Number(values.sample);
  if (!(sample >= 0))
    throw new UsageError(`nabla train: --sample must be a number ≥ 0, got '${values.sample}'`);
  const negative = objective === 'hs' ? 0 : numberOption('train', 'negative', values.negative, 5, integer);
  const options = {
    architecture,
    hs: objective === 'hs',
    negative,
    vectorSize: numberOption('train', 'vector-size', values['vector-size'], 100, integer),
    window: numberOption('train', 'window', values.window, 5, integer),
    minCount: numberOption('train', 'min-count', values['min-count'], 5, integer),
    sample,
    epochs: numberOption('train', 'epochs', values.epochs, 5, integer),
    alpha: numberOption('train', 'alpha', values.alpha, 0.025),
    workers: numberOption('train', 'workers', values.workers, 1, integer),
    seed: seedOption(values.seed),
  } as const;
  const out = outputOption('train', 'out', values.out, 'sotu-word2vec.txt');
  if (values.plot !== undefined) checkOutput('train', 'plot', values.plot);
  const { sentences, words } = corpus(limitOption(values['limit-words']));
  const how = objective === 'hs' ? 'hierarchical softmax' : `negative sampling, k=${negative}`;
  console.log(
    `training word2vec (${architecture}, ${how}, ${options.vectorSize} dimensions, window ${options.window}) on ${count(words)} words of the State of the Union addresses (${count(sentences.length)} sentences)`,
  );
  const result = trainWord2vec(sentences, {
    ...options,
    trackLoss: true,
    onEpoch: (epoch, loss) => console.log(`epoch ${epoch}/${options.epochs}: loss ${loss.toExponential(4)}`),
  });
  const { vectors } = result;
  console.log(
    `vocabulary ${count(vectors.count)} words (min count ${options.minCount}); trained in ${result.seconds.toFixed(1)} s, ${count(Math.round(result.wordsPerSecond))} words/s on ${result.workers === 1 ? 'one thread' : `${result.workers} threads`}`,
  );
  report(vectors, values.analogies, values.plot);
  writeWord2vec(vectors, out);
  console.log(`wrote the vectors to ${out} (word2vec ${out.endsWith('.bin') ? 'binary' : 'text'} format)`);
  return 0;
}

/** `nabla train glove`: GloVe on the State of the Union addresses. */
export function trainGloveCommand(args: string[]): number {
  const names = [
    'vector-size',
    'window',
    'min-count',
    'epochs',
    'x-max',
    'lr',
    'seed',
    'limit-words',
    'analogies',
    'plot',
    'out',
  ];
  const { values } = parseCommand('train', args, names);
  const options = {
    vectorSize: numberOption('train', 'vector-size', values['vector-size'], 100, integer),
    window: numberOption('train', 'window', values.window, 10, integer),
    minCount: numberOption('train', 'min-count', values['min-count'], 5, integer),
    epochs: numberOption('train', 'epochs', values.epochs, 25, integer),
    xMax: numberOption('train', 'x-max', values['x-max'], 100),
    lr: numberOption('train', 'lr', values.lr, 0.05),
    seed: seedOption(values.seed),
  };
  const out = outputOption('train', 'out', values.out, 'sotu-glove.txt');
  if (values.plot !== undefined) checkOutput('train', 'plot', values.plot);
  const { sentences, words } = corpus(limitOption(values['limit-words']));
  console.log(
    `training GloVe (${options.vectorSize} dimensions, window ${options.window}, x_max ${options.xMax}) on ${count(words)} words of the State of the Union addresses`,
  );
  const result = trainGlove(sentences, {
    ...options,
    onEpoch: (epoch, cost) => {
      if (epoch === 1 || epoch % 5 === 0 || epoch === options.epochs)
        console.log(`epoch ${epoch}/${options.epochs}: cost ${cost.toFixed(4)}`);
    },
  });
  console.log(
    `vocabulary ${count(result.vectors.count)} words, ${count(result.pairs)} co-occurring pairs; trained in ${result.seconds.toFixed(1)} s`,
  );
  report(result.vectors, values.analogies, values.plot);
  writeGlove(result.vectors, out);
  console.log(`wrote the vectors to ${out} (GloVe text format)`);
  return 0;
}
