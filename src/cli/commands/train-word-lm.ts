import {
  crossEntropy,
  Generator,
  getBackend,
  getNumThreads,
  manualSeed,
  modelToRaw,
  narrow,
  noGrad,
  optim,
  ProgressBar,
  randperm,
  reshape,
  saveSafetensors,
  type Tensor,
  tensor,
} from '../../index.js';
import { CharLSTM, type CharLSTMState } from '../../models/char-lstm.js';
import { embeddingMatrix } from '../../text/embeddings/embedding-matrix.js';
import { loadStateOfTheUnion, type StateOfTheUnionAddress } from '../../text/state-of-the-union.js';
import { Vocabulary } from '../../text/vocabulary.js';
import { wordSentences } from '../../text/word-sentences.js';
import { numberOption, outputOption, parseCommand, seedOption, UsageError } from '../args.js';
import { wordVectors } from '../word-vectors.js';
import { unigramCrossEntropy } from './train-char-lm.js';

export const trainWordLmUsage = `nabla train word-lm [--steps 400] [--batch-size 32] [--seq-length 35] [--lr 0.003] [--vocab-size 5000]
                [--embed-dim 64] [--hidden-size 128] [--held-out 0.1] [--vectors <file> | --no-word2vec] [--freeze]
                [--limit-addresses N] [--seed 0] [--out word-lm-sotu.safetensors]`;

interface WordLmOptions {
  steps: number;
  batchSize: number;
  seqLength: number;
  lr: number;
  vocabSize: number;
  embedDim: number;
  hiddenSize: number;
  heldOut: number;
  vectors?: string;
  word2vec: boolean;
  freeze: boolean;
  limitAddresses?: number;
  seed: number;
  out: string;
}

function parseOptions(args: string[]): WordLmOptions {
  const names = ['steps', 'batch-size', 'seq-length', 'lr', 'vocab-size', 'embed-dim', 'hidden-size'];
  const more = ['held-out', 'vectors', 'limit-addresses', 'seed', 'out'];
  const { values, flags } = parseCommand('train', args, [...names, ...more], {
    flags: ['freeze', 'no-word2vec'],
  });
  const integer = { integer: true };
  const option = (name: string, fallback: number) =>
    numberOption('train', name, values[name], fallback, integer);
  const heldOut = numberOption('train', 'held-out', values['held-out'], 0.1);
  if (heldOut >= 1) throw new UsageError(`nabla train: --held-out must be below 1, got '${heldOut}'`);
  const word2vec = !flags.has('no-word2vec');
  if (!word2vec && (values.vectors !== undefined || flags.has('freeze')))
    throw new UsageError(
      'nabla train: --no-word2vec starts the embedding at random: it takes no --vectors or --freeze',
    );
  const vocabSize = option('vocab-size', 5000);
  if (vocabSize < 3) throw new UsageError(`nabla train: --vocab-size must be at least 3, got ${vocabSize}`);
  return {
    steps: option('steps', 400),
    batchSize: option('batch-size', 32),
    seqLength: option('seq-length', 35),
    lr: numberOption('train', 'lr', values.lr, 3e-3),
    vocabSize,
    embedDim: option('embed-dim', 64),
    hiddenSize: option('hidden-size', 128),
    heldOut,
    vectors: values.vectors,
    word2vec,
    freeze: flags.has('freeze'),
    limitAddresses: values['limit-addresses'] === undefined ? undefined : option('limit-addresses', 0),
    seed: seedOption('train', values.seed),
    out: outputOption('train', 'out', values.out, 'word-lm-sotu.safetensors'),
  };
}

/** The sentences of each address, lower-cased words. */
type Address = string[][];

/** A seeded split by address: the held-out addresses are whole speeches the model never read. */
function splitAddresses(options: WordLmOptions): { train: Address[]; heldOut: Address[] } {
  let all: StateOfTheUnionAddress[] = loadStateOfTheUnion();
  if (options.limitAddresses !== undefined) all = all.slice(-options.limitAddresses);
  const order = Array.from(randperm(all.length, { generator: new Generator(options.seed) }).data());
  const held = Math.round(all.length * options.heldOut);
  if (held < 1 || held >= all.length)
    throw new UsageError(
      `nabla train: --held-out ${options.heldOut} of ${all.length} addresses leaves none to train on or to hold out`,
    );
  const pick = (ids: number[]) => ids.sort((a, b) => a - b).map((i) => wordSentences(all[i]!.text));
  return { train: pick(order.slice(held)), heldOut: pick(order.slice(0, held)) };
}

/** The word stream of addresses: each sentence's words then `<eos>`. */
function stream(addresses: Address[], vocabulary: Vocabulary): Int32Array {
  const ids: number[] = [];
  const eos = vocabulary.idOf('<eos>');
  for (const sentences of addresses)
    for (const sentence of sentences) {
      for (const w of sentence) ids.push(vocabulary.idOf(w));
      ids.push(eos);
    }
  return Int32Array.from(ids);
}

/**
 * The stream cut into `batch` equal consecutive columns `[batch, n]` (the tail that does not
 * fill a column is dropped): row b of step t continues row b of step t − 1, so the LSTM's state
 * carries from one chunk to the next (truncated backpropagation through time).
 */
function batchify(ids: Int32Array, batch: number): Tensor {
  const n = Math.floor(ids.length / batch);
  return tensor(ids.slice(0, n * batch), { shape: [batch, n] });
}

/** The (input, target) chunk of `seqLength` steps at column `t` of a batchified stream. */
function chunk(data: Tensor, t: number, seqLength: number): [Tensor, Tensor] {
  const length = Math.min(seqLength, data.shape[1]! - 1 - t);
  return [narrow(data, 1, t, length), narrow(data, 1, t + 1, length)];
}

const loss = (logits: Tensor, y: Tensor): Tensor =>
  crossEntropy(reshape(logits, [-1, logits.shape[2]!]), reshape(y, [-1]));

/** Adam over consecutive chunks, the state carried (detached) between them, clipped to norm 1. */
function trainSteps(model: CharLSTM, data: Tensor, options: WordLmOptions): void {
  const { steps, seqLength, lr } = options;
  const params = model.parameters().filter((p) => p.requiresGrad);
  const optimizer = new optim.Adam(params, { lr });
  const bar = new ProgressBar({ total: steps });
  const columns = data.shape[1]!;
  let state: CharLSTMState = {};
  let t = 0;
  let smoothed = Number.NaN;
  model.train();
  for (let step = 1; step <= steps; step++) {
    if (t + 1 >= columns) [t, state] = [0, {}];
    const [x, y] = chunk(data, t, seqLength);
    t += seqLength;
    optimizer.zeroGrad();
    const out = model.forwardWithState(x, state);
    const value = loss(out.logits, y);
    value.backward();
    optim.clipGradNorm(params, 1);
    optimizer.step();
    state = { h: out.h.detach(), c: out.c.detach() };
    smoothed = Number.isNaN(smoothed) ? value.item() : 0.95 * smoothed + 0.05 * value.item();
    bar.update(step, { loss: smoothed });
  }
  bar.done({ loss: smoothed });
}

/** The mean cross-entropy (nats per word) over every held-out word, the state carried through. */
function heldOutCrossEntropy(model: CharLSTM, data: Tensor, seqLength: number): number {
  model.eval();
  let nats = 0;
  let words = 0;
  noGrad(() => {
    let state: CharLSTMState = {};
    for (let t = 0; t + 1 < data.shape[1]!; t += seqLength) {
      const [x, y] = chunk(data, t, seqLength);
      const out = model.forwardWithState(x, state);
      nats += loss(out.logits, y).item() * y.size;
      words += y.size;
      state = { h: out.h, c: out.c };
    }
  });
  return nats / words;
}

const count = (n: number): string => n.toLocaleString('en-US');

/**
 * Trains a word-level LSTM language model on the State of the Union addresses (a vocabulary of
 * the most frequent training words, the rest `<unk>`; the embedding optionally initialised from
 * word2vec vectors) and reports the perplexity on whole held-out addresses next to a unigram
 * model's on the same words. Returns the exit code.
 * @example
 * // A smoke run on the last 12 addresses (a real one reads all 233):
 * trainWordLm(['--limit-addresses', '12', '--steps', '2', '--vocab-size', '200', '--embed-dim', '8', '--hidden-size', '16', '--out', 'lm.safetensors']);
 */
export function trainWordLm(args: string[]): number {
  const options = parseOptions(args);
  const { train, heldOut } = splitAddresses(options);
  const vocabulary = Vocabulary.fromTokens(
    train.flatMap((address) => address.flat()),
    { maxSize: options.vocabSize, specials: ['<unk>', '<eos>'], unkToken: '<unk>' },
  );
  const trainIds = stream(train, vocabulary);
  const heldOutIds = stream(heldOut, vocabulary);
  const unk = heldOutIds.filter((id) => id === vocabulary.unkId).length;
  console.log(
    `nabla: State of the Union, ${train.length} training addresses (${count(trainIds.length)} words with <eos>), ${heldOut.length} held-out addresses (${count(heldOutIds.length)} words, ${((100 * unk) / heldOutIds.length).toFixed(1)}% <unk>), split by address with seed ${options.seed}; vocabulary ${count(vocabulary.size)}`,
  );
  manualSeed(options.seed);
  const config = { vocabSize: vocabulary.size, embedDim: options.embedDim, hiddenSize: options.hiddenSize };
  let initial: Tensor | undefined;
  if (options.word2vec) {
    const vectors = wordVectors(train.flat(), { ...options, vectorSize: options.embedDim, minCount: 5 });
    const { weight, found, missing } = embeddingMatrix(vectors, vocabulary, {
      zeroTokens: [],
      generator: new Generator(options.seed + 2),
    });
    console.log(
      `embedding from the vectors: ${count(found)} words, ${count(missing)} random (${options.freeze ? 'frozen' : 'fine-tuned'})`,
    );
    config.embedDim = vectors.dim;
    initial = weight;
  }
  const model = new CharLSTM(config);
  if (initial !== undefined) model.embedding.weight.data().set(initial.data());
  if (options.freeze) model.embedding.requiresGrad_(false);
  return run(model, config, vocabulary, trainIds, heldOutIds, options);
}

function run(
  model: CharLSTM,
  config: object,
  vocabulary: Vocabulary,
  trainIds: Int32Array,
  heldOutIds: Int32Array,
  options: WordLmOptions,
): number {
  const threads = getNumThreads();
  const data = batchify(trainIds, options.batchSize);
  const heldOutData = batchify(heldOutIds, Math.min(16, Math.max(1, Math.floor(heldOutIds.length / 2))));
  if (data.shape[1]! < 2)
    throw new UsageError('nabla train: too few training words for one batch; lower --batch-size');
  console.log(
    `LSTM language model: ${count(model.numParameters())} parameters; Adam lr ${options.lr}, batch ${options.batchSize}×${options.seqLength}, clip norm 1, ${options.steps} steps (${(options.steps / Math.ceil(data.shape[1]! / options.seqLength)).toFixed(2)} epochs); backend ${getBackend().name} (${threads} thread${threads === 1 ? '' : 's'})`,
  );
  const started = performance.now();
  trainSteps(model, data, options);
  const seconds = (performance.now() - started) / 1000;
  const nats = heldOutCrossEntropy(model, heldOutData, options.seqLength);
  // The same words the LSTM predicted: every held-out column but the first.
  const targets = narrow(heldOutData, 1, 1, heldOutData.shape[1]! - 1).data() as Int32Array;
  const unigram = unigramCrossEntropy(trainIds, targets, vocabulary.size);
  console.log(`trained ${count(options.steps)} steps in ${seconds.toFixed(1)} s`);
  console.log(
    `held-out perplexity ${Math.exp(nats).toFixed(1)} (${nats.toFixed(4)} nats/word) on ${count(targets.length)} words; unigram baseline ${Math.exp(unigram).toFixed(1)} (${unigram.toFixed(4)} nats/word)`,
  );
  saveSafetensors(options.out, modelToRaw(model), {
    format: 'nabla-model',
    architecture: 'word-lstm',
    config: JSON.stringify(config),
    vocabulary: JSON.stringify(vocabulary),
  });
  console.log(`saved the model to ${options.out}`);
  return 0;
}
