import {
  accuracy,
  cat,
  crossEntropy,
  f1Score,
  Generator,
  getBackend,
  getNumThreads,
  manualSeed,
  modelToRaw,
  noGrad,
  optim,
  ProgressBar,
  precision,
  randperm,
  recall,
  saveSafetensors,
  type Tensor,
  tensor,
} from '../../index.js';
import { SentenceClassifier, type SentenceEncoder } from '../../models/sentence-classifier.js';
import { embeddingMatrix } from '../../text/embeddings/embedding-matrix.js';
import { loadSpamAssassin, mailWords } from '../../text/spam-assassin.js';
import { Vocabulary } from '../../text/vocabulary.js';
import { numberOption, outputOption, parseCommand, seedOption, UsageError } from '../args.js';
import { wordVectors } from '../word-vectors.js';

export const trainSpamUsage = `nabla train spam [--forms average,lstm] [--epochs 10] [--lstm-epochs 4] [--max-words 200] [--vector-size 64]
                [--hidden-size 64] [--batch-size 32] [--lr 0.005] [--held-out 0.2] [--vectors <word2vec or GloVe file>] [--freeze]
                [--min-count 2] [--limit N] [--seed 0] [--out spam-classifiers.safetensors]`;

interface SpamOptions {
  forms: SentenceEncoder[];
  epochs: Record<SentenceEncoder, number>;
  maxWords: number;
  vectorSize: number;
  hiddenSize: number;
  batchSize: number;
  lr: number;
  heldOut: number;
  vectors?: string;
  freeze: boolean;
  minCount: number;
  limit?: number;
  seed: number;
  out: string;
}

const integer = { integer: true };

function parseOptions(args: string[]): SpamOptions {
  const names = ['forms', 'epochs', 'lstm-epochs', 'max-words', 'vector-size', 'hidden-size', 'batch-size'];
  const more = ['lr', 'held-out', 'vectors', 'min-count', 'limit', 'seed', 'out'];
  const { values, flags } = parseCommand('train', args, [...names, ...more], { flags: ['freeze'] });
  const forms = (values.forms ?? 'average,lstm').split(',');
  if (forms.some((f) => f !== 'average' && f !== 'lstm') || new Set(forms).size !== forms.length)
    throw new UsageError(`nabla train: --forms lists average and/or lstm, got '${values.forms}'`);
  const heldOut = numberOption('train', 'held-out', values['held-out'], 0.2);
  if (heldOut >= 1) throw new UsageError(`nabla train: --held-out must be below 1, got '${heldOut}'`);
  const option = (name: string, fallback: number) =>
    numberOption('train', name, values[name], fallback, integer);
  return {
    forms: forms as SentenceEncoder[],
    epochs: { average: option('epochs', 10), lstm: option('lstm-epochs', 4) },
    maxWords: option('max-words', 200),
    vectorSize: option('vector-size', 64),
    hiddenSize: option('hidden-size', 64),
    batchSize: option('batch-size', 32),
    lr: numberOption('train', 'lr', values.lr, 5e-3),
    heldOut,
    vectors: values.vectors,
    freeze: flags.has('freeze'),
    minCount: option('min-count', 2),
    limit: values.limit === undefined ? undefined : option('limit', 0),
    seed: seedOption('train', values.seed),
    out: outputOption('train', 'out', values.out, 'spam-classifiers.safetensors'),
  };
}

/** Mails as word lists with labels (1 = spam), split into train and held out, both classes alike. */
interface Split {
  train: { words: string[][]; labels: number[] };
  heldOut: { words: string[][]; labels: number[] };
}

/**
 * A seeded stratified split: each class is shuffled and its last `heldOut` share held out, so
 * both parts have the corpus's spam rate. `limit` keeps that many mails first (for quick runs).
 */
function splitMails(options: SpamOptions): Split {
  const generator = new Generator(options.seed);
  let mails = loadSpamAssassin();
  if (options.limit !== undefined) mails = shuffled(mails, generator).slice(0, options.limit);
  const split: Split = { train: { words: [], labels: [] }, heldOut: { words: [], labels: [] } };
  for (const spam of [false, true]) {
    const group = shuffled(
      mails.filter((m) => m.spam === spam),
      generator,
    );
    const cut = group.length - Math.round(group.length * options.heldOut);
    group.forEach((m, i) => {
      const part = i < cut ? split.train : split.heldOut;
      part.words.push(mailWords(m.text, { maxWords: options.maxWords }));
      part.labels.push(spam ? 1 : 0);
    });
  }
  if (split.train.words.length === 0 || split.heldOut.words.length === 0)
    throw new UsageError('nabla train: the split leaves no mail to train on or to hold out; raise --limit');
  return split;
}

/** The items in a random order (a seeded `randperm`). */
function shuffled<T>(items: readonly T[], generator: Generator): T[] {
  return Array.from(randperm(items.length, { generator }).data(), (i) => items[i]!);
}

/**
 * Batches of similar length (sorted by length, ties in `generator`'s order when given), each
 * right-padded with id 0 to its longest mail: sorting keeps the LSTM from reading padding.
 */
function batches(ids: number[][], labels: number[], batchSize: number, generator?: Generator): Tensor[][] {
  const order = ids.map((_, i) => i);
  const sorted = (generator ? shuffled(order, generator) : order).sort(
    (a, b) => ids[a]!.length - ids[b]!.length,
  );
  const out: Tensor[][] = [];
  for (let start = 0; start < sorted.length; start += batchSize) {
    const rows = sorted.slice(start, start + batchSize);
    const width = Math.max(1, ...rows.map((i) => ids[i]!.length));
    const x = new Int32Array(rows.length * width);
    rows.forEach((i, r) => {
      x.set(ids[i]!, r * width);
    });
    const y = Int32Array.from(rows, (i) => labels[i]!);
    out.push([tensor(x, { shape: [rows.length, width] }), tensor(y)]);
  }
  return generator ? shuffled(out, generator) : out;
}

/** Adam over length-bucketed batches in a new order each epoch (the LSTM's gradients clipped to norm 5). */
function fitClassifier(
  model: SentenceClassifier,
  data: Split['train'],
  ids: number[][],
  options: SpamOptions,
): void {
  const params = model.parameters().filter((p) => p.requiresGrad);
  const optimizer = new optim.Adam(params, { lr: options.lr });
  const generator = new Generator(options.seed + 1);
  const epochs = options.epochs[model.encoder];
  const perEpoch = Math.ceil(ids.length / options.batchSize);
  const bar = new ProgressBar({ total: epochs * perEpoch });
  let step = 0;
  let smoothed = Number.NaN;
  model.train();
  for (let epoch = 0; epoch < epochs; epoch++) {
    for (const [x, y] of batches(ids, data.labels, options.batchSize, generator)) {
      optimizer.zeroGrad();
      const loss = crossEntropy(model.forward(x!), y!);
      loss.backward();
      // The course's remedy for exploding gradients through time; the average has no time to explode through.
      if (model.encoder === 'lstm') optim.clipGradNorm(params, 5);
      optimizer.step();
      const value = loss.item();
      smoothed = Number.isNaN(smoothed) ? value : 0.95 * smoothed + 0.05 * value;
      bar.update(++step, { loss: smoothed });
    }
  }
  bar.done({ loss: smoothed });
}

/** Accuracy, precision, recall and F1 (spam is the positive class) on the held-out mails. */
function score(model: SentenceClassifier, ids: number[][], labels: number[]): Record<string, number> {
  model.eval();
  const logits: Tensor[] = [];
  const targets: Tensor[] = [];
  noGrad(() => {
    for (const [x, y] of batches(ids, labels, 256)) {
      logits.push(model.forward(x!));
      targets.push(y!);
    }
  });
  const [pred, target] = [cat(logits, 0), cat(targets, 0)];
  return {
    accuracy: accuracy(pred, target),
    precision: precision(pred, target),
    recall: recall(pred, target),
    f1: f1Score(pred, target),
  };
}

const count = (n: number): string => n.toLocaleString('en-US');
const percent = (x: number): string => `${(100 * x).toFixed(2)}%`;

/**
 * Trains the two sentence classifiers of the course on the SpamAssassin mails (ham vs spam):
 * word vectors from word2vec on the training mails (or a given file) initialise the embedding,
 * frozen or fine-tuned; each form is scored on the held-out mails. Returns the exit code.
 * @example
 * // A smoke run on 200 mails (a real one reads all 6,046):
 * trainSpam(['--limit', '200', '--epochs', '1', '--lstm-epochs', '1', '--max-words', '20', '--vector-size', '8', '--out', 'spam.safetensors']);
 */
export function trainSpam(args: string[]): number {
  const options = parseOptions(args);
  const split = splitMails(options);
  const { train, heldOut } = split;
  const spamShare = train.labels.filter((l) => l === 1).length / train.labels.length;
  console.log(
    `nabla: SpamAssassin, ${count(train.words.length)} training and ${count(heldOut.words.length)} held-out mails (seed ${options.seed}, ${percent(spamShare)} spam), the subject and body's first ${options.maxWords} words`,
  );
  const vectors = wordVectors(train.words, options);
  const vocabulary = Vocabulary.fromTokens(train.words.flat(), {
    minFrequency: options.minCount,
    specials: ['<PAD>', '<UNK>'],
  });
  const { weight, found, missing } = embeddingMatrix(vectors, vocabulary, {
    generator: new Generator(options.seed + 2),
  });
  console.log(
    `vocabulary ${count(vocabulary.size)} words (min count ${options.minCount}); ${count(found)} embedding rows from the vectors, ${count(missing)} random; embedding ${options.freeze ? 'frozen' : 'fine-tuned'}`,
  );
  const trainIds = train.words.map((w) => vocabulary.encodeIds(w));
  const heldOutIds = heldOut.words.map((w) => vocabulary.encodeIds(w));
  const threads = getNumThreads();
  const raw = {};
  for (const encoder of options.forms) {
    manualSeed(options.seed);
    const model = new SentenceClassifier({
      vocabSize: vocabulary.size,
      encoder,
      embedDim: vectors.dim,
      hiddenSize: options.hiddenSize,
    });
    model.embedding.weight.data().set(weight.data());
    if (options.freeze) model.embedding.requiresGrad_(false);
    const what =
      encoder === 'average' ? 'average of the embeddings → softmax' : `LSTM(${options.hiddenSize}) → softmax`;
    console.log(
      `${what}: ${count(model.numParameters())} parameters, Adam lr ${options.lr}, batch ${options.batchSize}, ${options.epochs[encoder]} epochs; backend ${getBackend().name} (${threads} thread${threads === 1 ? '' : 's'})`,
    );
    const started = performance.now();
    fitClassifier(model, train, trainIds, options);
    const s = score(model, heldOutIds, heldOut.labels);
    console.log(
      `${encoder} held out: accuracy ${percent(s.accuracy!)}, precision ${percent(s.precision!)}, recall ${percent(s.recall!)}, F1 ${s.f1!.toFixed(4)} (trained in ${((performance.now() - started) / 1000).toFixed(1)} s)`,
    );
    Object.assign(raw, modelToRaw(model, `${encoder}.`));
  }
  saveSafetensors(options.out, raw, {
    format: 'nabla-spam-classifiers',
    forms: options.forms.join(','),
    vocabulary: JSON.stringify(vocabulary),
  });
  console.log(`saved the classifiers and the vocabulary to ${options.out}`);
  return 0;
}
