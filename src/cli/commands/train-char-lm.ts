import {
  crossEntropy,
  DataLoader,
  Generator,
  getBackend,
  getNumThreads,
  manualSeed,
  modelToRaw,
  narrow,
  noGrad,
  optim,
  ProgressBar,
  reshape,
  saveSafetensors,
  type Tensor,
  TensorDataset,
} from '../../index.js';
import { CharLSTM } from '../../models/char-lstm.js';
import { CharTransformer } from '../../models/char-transformer.js';
import { charLanguageModelData, loadMobyDick } from '../../text/corpus.js';
import { generate } from '../../text/sampling.js';
import { DEFAULT_SPECIALS, type Vocabulary } from '../../text/vocabulary.js';
import { numberOption, outputOption, parseCommand, seedOption, UsageError } from '../args.js';

/** The character language models `nabla train` knows. */
export type CharLmArchitecture = 'char-lstm' | 'char-transformer';

interface CharLmRecipe {
  /** Steps that take ~3 minutes on this 2-core machine's native backend (measured). */
  steps: number;
  lr: number;
  build(vocabSize: number, seqLength: number): { model: CharLSTM | CharTransformer; config: object };
}

const recipes: Record<CharLmArchitecture, CharLmRecipe> = {
  'char-lstm': {
    steps: 150,
    lr: 4e-3,
    build: (vocabSize) => {
      const config = { vocabSize, embedDim: 64, hiddenSize: 256, numLayers: 1, dropout: 0 };
      return { model: new CharLSTM(config), config };
    },
  },
  'char-transformer': {
    steps: 160,
    lr: 2e-3,
    build: (vocabSize, maxLen) => {
      const config = { vocabSize, maxLen, dModel: 64, nHead: 4, numLayers: 2, dropout: 0.1 };
      return { model: new CharTransformer(config), config };
    },
  },
};

export const trainCharLmUsage = `nabla train char-lstm|char-transformer [--steps N] [--batch-size 32] [--seq-length 64] [--lr 0.004|0.002]
                [--seed 0] [--limit-chars N] [--temperature 0.8] [--out <model>-moby-dick.safetensors]`;

interface CharLmOptions {
  steps: number;
  batchSize: number;
  seqLength: number;
  lr: number;
  seed: number;
  limitChars?: number;
  temperature: number;
  out: string;
}

function parseOptions(architecture: CharLmArchitecture, args: string[]): CharLmOptions {
  const names = ['steps', 'batch-size', 'seq-length', 'lr', 'seed', 'limit-chars', 'temperature', 'out'];
  const { values } = parseCommand('train', args, names);
  const recipe = recipes[architecture];
  const integer = { integer: true };
  const seed = seedOption('train', values.seed);
  const temperature = values.temperature === undefined ? 0.8 : Number(values.temperature);
  if (!(temperature >= 0))
    throw new UsageError(`nabla train: --temperature must be a number ≥ 0, got '${values.temperature}'`);
  return {
    steps: numberOption('train', 'steps', values.steps, recipe.steps, integer),
    batchSize: numberOption('train', 'batch-size', values['batch-size'], 32, integer),
    seqLength: numberOption('train', 'seq-length', values['seq-length'], 64, integer),
    lr: numberOption('train', 'lr', values.lr, recipe.lr),
    seed,
    limitChars:
      values['limit-chars'] === undefined
        ? undefined
        : numberOption('train', 'limit-chars', values['limit-chars'], 0, integer),
    temperature,
    out: outputOption('train', 'out', values.out, `${architecture}-moby-dick.safetensors`),
  };
}

/** The most held-out windows scored (16,384 characters at the default length). */
const MAX_HELD_OUT = 256;

/** The first `n` windows of `windows` (all of them when it holds fewer). */
function firstWindows(windows: TensorDataset, n: number): TensorDataset {
  if (windows.length <= n) return windows;
  return new TensorDataset(...windows.tensors.map((t) => narrow(t, 0, 0, n)));
}

/** The targets of a dataset of (input, target) windows as one id list. */
function targetIds(windows: TensorDataset): Int32Array {
  return Int32Array.from(windows.tensors[1]!.data());
}

/** Mean next-character cross-entropy (nats) of `[N, T, V]` logits against `[N, T]` targets. */
function sequenceLoss(logits: Tensor, y: Tensor): Tensor {
  const v = logits.shape[2]!;
  return crossEntropy(reshape(logits, [-1, v]), reshape(y, [-1]));
}

/**
 * The unigram baseline: the training tokens' frequencies (add-one smoothed, so a token unseen in
 * training costs a finite amount) scored as cross-entropy (nats per token) on the held-out
 * tokens. A model that learned nothing about context cannot do better.
 * @example
 * // Counts 1+2, 1+1 of 5: held-out [0] costs −ln(3/5).
 * unigramCrossEntropy(Int32Array.from([0, 0, 1]), Int32Array.from([0]), 2); // => -Math.log(3 / 5)
 */
export function unigramCrossEntropy(train: Int32Array, heldOut: Int32Array, vocabSize: number): number {
  const counts = new Float64Array(vocabSize).fill(1);
  for (const id of train) counts[id]! += 1;
  const total = train.length + vocabSize;
  let nats = 0;
  for (const id of heldOut) nats -= Math.log(counts[id]! / total);
  return nats / heldOut.length;
}

/** The model's mean per-character cross-entropy (nats) over every held-out window. */
function heldOutCrossEntropy(model: CharLSTM | CharTransformer, heldOut: TensorDataset): number {
  model.eval();
  let nats = 0;
  noGrad(() => {
    for (const [x, y] of new DataLoader(heldOut, { batchSize: 256 })) {
      nats += sequenceLoss(model.forward(x!), y!).item() * y!.size;
    }
  });
  return nats / heldOut.tensors[1]!.size;
}

/** Adam on shuffled windows for `steps` steps, the gradients clipped to norm 1; returns the last loss. */
function trainSteps(model: CharLSTM | CharTransformer, train: TensorDataset, options: CharLmOptions): number {
  const { steps, batchSize, lr, seed } = options;
  const params = model.parameters();
  const optimizer = new optim.Adam(params, { lr });
  const loader = new DataLoader(train, {
    batchSize,
    shuffle: true,
    dropLast: true,
    generator: new Generator(seed + 1),
  });
  const bar = new ProgressBar({ total: steps });
  model.train();
  let step = 0;
  let smoothed = Number.NaN;
  while (step < steps) {
    for (const [x, y] of loader) {
      optimizer.zeroGrad();
      const loss = sequenceLoss(model.forward(x!), y!);
      loss.backward();
      // The course's remedy for exploding gradients through time: rescale to a global norm of 1.
      optim.clipGradNorm(params, 1);
      optimizer.step();
      const value = loss.item();
      smoothed = Number.isNaN(smoothed) ? value : 0.95 * smoothed + 0.05 * value;
      bar.update(++step, { loss: smoothed });
      if (step === steps) break;
    }
  }
  bar.done({ loss: smoothed });
  return smoothed;
}

/** `length` characters sampled after `primer`, never a special token such as `<UNK>`. */
function sampleText(
  model: CharLSTM | CharTransformer,
  vocabulary: Vocabulary,
  primer: number,
  length: number,
  temperature: number,
): string {
  model.eval();
  const rejectIds = DEFAULT_SPECIALS.filter((t) => vocabulary.has(t)).map((t) => vocabulary.idOf(t));
  const options = { start: primer, maxLength: length, temperature, rejectIds };
  const ids =
    model instanceof CharLSTM
      ? generate(model.stepFn, { ...options, state: {} })
      : generate(model.stepFn, { ...options, state: [] });
  return vocabulary.decode([primer, ...ids]).join('');
}

const nats = (x: number): string =>
  `${x.toFixed(4)} nats/char = ${(x / Math.LN2).toFixed(3)} bits/char (perplexity ${Math.exp(x).toFixed(2)})`;
const count = (n: number): string => n.toLocaleString('en-US');

/**
 * Trains a character language model (an LSTM or a small Transformer) on *Moby Dick* and reports
 * the held-out cross-entropy next to the unigram baseline, samples 300 characters, and saves
 * the weights with the vocabulary in the file's metadata. Returns the exit code.
 * @example
 * // A smoke run on the first 5,000 characters (a real one reads the whole book for thousands of steps):
 * trainCharLm('char-lstm', ['--steps', '2', '--batch-size', '4', '--seq-length', '16', '--limit-chars', '5000']);
 */
export function trainCharLm(architecture: CharLmArchitecture, args: string[]): number {
  const options = parseOptions(architecture, args);
  const full = loadMobyDick();
  const text = options.limitChars === undefined ? full : full.slice(0, options.limitChars);
  const data = charLanguageModelData(text, { seqLength: options.seqLength });
  const { train, vocabulary } = data;
  // The first windows of the held-out tenth, at most MAX_HELD_OUT: scoring all ~1,900 of Moby
  // Dick's would take longer than a good part of the training.
  const heldOut = firstWindows(data.heldOut, MAX_HELD_OUT);
  if (train.length < 1 || heldOut.length < 1)
    throw new UsageError(
      `nabla train: ${count(text.length)} characters leave no ${options.seqLength + 1}-character window for training or held out; raise --limit-chars or lower --seq-length`,
    );
  manualSeed(options.seed);
  const { model, config } = recipes[architecture].build(vocabulary.size, options.seqLength);
  const threads = getNumThreads();
  console.log(
    `nabla: training ${architecture} (${count(model.numParameters())} parameters) on ${count(train.length * options.seqLength)} characters of Moby Dick ` +
      `(vocabulary ${vocabulary.size}), scored on ${count(heldOut.length * options.seqLength)} held-out characters; Adam lr ${options.lr}, batch ${options.batchSize}×${options.seqLength}, ` +
      `clip norm 1; backend ${getBackend().name} (${threads} thread${threads === 1 ? '' : 's'})`,
  );
  const started = performance.now();
  trainSteps(model, train, options);
  const seconds = (performance.now() - started) / 1000;
  const loss = heldOutCrossEntropy(model, heldOut);
  const unigram = unigramCrossEntropy(targetIds(train), targetIds(heldOut), vocabulary.size);
  console.log(`trained ${count(options.steps)} steps in ${seconds.toFixed(1)} s`);
  console.log(`held-out loss ${nats(loss)}`);
  console.log(`unigram baseline ${nats(unigram)}`);
  const primer = heldOut.tensors[0]!.data()[0]!;
  console.log(`sample (temperature ${options.temperature}):`);
  console.log(sampleText(model, vocabulary, primer, 300, options.temperature));
  saveSafetensors(options.out, modelToRaw(model), {
    format: 'nabla-model',
    architecture,
    config: JSON.stringify(config),
    vocabulary: JSON.stringify(vocabulary),
  });
  console.log(`saved the model to ${options.out}`);
  return 0;
}
