import { existsSync } from 'node:fs';
import {
  accuracy,
  type BatchSource,
  crossEntropy,
  DataLoader,
  type DataLoaderState,
  evaluate,
  fitAsync,
  Generator,
  getBackend,
  getNumThreads,
  loadMnist,
  manualSeed,
  type nn,
  optim,
  suggestKey,
  type Tensor,
} from '../../index.js';
import { lenet5 } from '../../models/lenet5.js';
import { mlp } from '../../models/mlp.js';
import { saveModel } from '../../models/model-file.js';
import { randomCrop } from '../../vision/transforms/random-crop.js';
import { numberOption, outputOption, parseCommand, seedOption, UsageError } from '../args.js';
import { mnistSplits } from '../mnist-splits.js';
import { makeOptimizer, optimizerNames } from '../optimizers.js';
import { trainAutoencoder, trainAutoencoderUsage } from './train-autoencoder.js';
import { trainCharLm, trainCharLmUsage } from './train-char-lm.js';
import { trainDbn, trainDbnUsage } from './train-dbn.js';
import { trainDetectorCommand, trainDetectorUsage } from './train-detector.js';
import {
  trainGloveCommand,
  trainGloveUsage,
  trainWord2vecCommand,
  trainWord2vecUsage,
} from './train-embeddings.js';
import { trainGan, trainGanUsage } from './train-gan.js';
import { trainLocalizerCommand, trainLocalizerUsage } from './train-localizer.js';
import { trainLogreg, trainLogregUsage } from './train-logreg.js';
import { trainRecursive, trainRecursiveUsage } from './train-recursive.js';
import { trainSeq2seq, trainSeq2seqUsage } from './train-seq2seq.js';
import { trainSiamese, trainSiameseUsage } from './train-siamese.js';
import { trainSpam, trainSpamUsage } from './train-spam.js';
import { trainUnetCommand, trainUnetUsage } from './train-unet.js';
import { trainWordLm, trainWordLmUsage } from './train-word-lm.js';

interface Recipe {
  /** How the digits are shaped for the network. */
  shape: 'flat' | 'image';
  /** Random shifts of up to this many pixels on training batches (0 = none). */
  shift: number;
  epochs: number;
  batchSize: number;
  build(values: Record<string, string | undefined>): {
    model: nn.Module;
    config: Record<string, unknown>;
    describe: string;
  };
}

function hiddenOption(value: string | undefined): number[] {
  if (value === undefined) return [512, 256];
  const widths = value.split(',').map(Number);
  if (widths.some((w) => !Number.isSafeInteger(w) || w <= 0))
    throw new UsageError(`nabla train: --hidden must list positive integers like 512,256, got '${value}'`);
  return widths;
}

const recipes: Record<string, Recipe> = {
  mlp: {
    shape: 'flat',
    shift: 0,
    epochs: 10,
    batchSize: 128,
    build: (values) => {
      const dropout = values.dropout === undefined ? 0 : Number(values.dropout);
      if (!(dropout >= 0 && dropout < 1))
        throw new UsageError(`nabla train: --dropout must be in [0, 1), got '${values.dropout}'`);
      const config = { inFeatures: 784, hidden: hiddenOption(values.hidden), numClasses: 10, dropout };
      return { model: mlp(config), config, describe: `an MLP ${[784, ...config.hidden, 10].join('-')}` };
    },
  },
  lenet: {
    shape: 'image',
    shift: 2,
    epochs: 8,
    batchSize: 64,
    build: (values) => {
      if (values.hidden !== undefined || values.dropout !== undefined)
        throw new UsageError('nabla train: --hidden and --dropout apply to mlp only');
      const config = { numClasses: 10, activation: 'relu', inputSize: 28, pool: 'max' };
      return { model: lenet5({ numClasses: 10 }), config, describe: 'LeNet-5' };
    },
  },
};

const mnistUsage = `nabla train ${Object.keys(recipes).join('|')} [--epochs N] [--batch-size N] [--lr 0.001] [--optimizer ${optimizerNames.join('|')}]
                [--hidden 512,256] [--dropout 0] [--seed 0] [--limit N] [--train-dev N] [--out <name>-mnist.safetensors]
                [--checkpoint <out>.checkpoint.safetensors] [--resume <checkpoint>]
      Ctrl-C stops after the current step and saves the run to the checkpoint; --resume continues it exactly.`;

/** The sequence models (on text) and the vision applications train with commands of their own. */
const textCommands: Record<string, { usage: string; run(args: string[]): number }> = {
  'char-lstm': { usage: trainCharLmUsage, run: (args) => trainCharLm('char-lstm', args) },
  'char-transformer': { usage: trainCharLmUsage, run: (args) => trainCharLm('char-transformer', args) },
  seq2seq: { usage: trainSeq2seqUsage, run: trainSeq2seq },
  siamese: { usage: trainSiameseUsage, run: trainSiamese },
  detector: { usage: trainDetectorUsage, run: trainDetectorCommand },
  localizer: { usage: trainLocalizerUsage, run: trainLocalizerCommand },
  unet: { usage: trainUnetUsage, run: trainUnetCommand },
  autoencoder: { usage: trainAutoencoderUsage, run: trainAutoencoder },
  dbn: { usage: trainDbnUsage, run: trainDbn },
  gan: { usage: trainGanUsage, run: trainGan },
  logreg: { usage: trainLogregUsage, run: trainLogreg },
  recursive: { usage: trainRecursiveUsage, run: trainRecursive },
  word2vec: { usage: trainWord2vecUsage, run: trainWord2vecCommand },
  glove: { usage: trainGloveUsage, run: trainGloveCommand },
  spam: { usage: trainSpamUsage, run: trainSpam },
  'word-lm': { usage: trainWordLmUsage, run: trainWordLm },
};

/** What `nabla train` trains: `nabla train <name> ...`. */
export const trainSubcommands: readonly string[] = [...Object.keys(recipes), ...Object.keys(textCommands)];

const available = trainSubcommands.join(', ');

export const trainUsage = [...new Set([mnistUsage, ...Object.values(textCommands).map((c) => c.usage)])].join(
  '\n  ',
);

/** The usage of `nabla train <name>`, or of every train command when `name` is not one. */
export function trainHelp(name: string | undefined): string {
  if (name !== undefined && Object.hasOwn(recipes, name)) return mnistUsage;
  if (name !== undefined && Object.hasOwn(textCommands, name)) return textCommands[name]!.usage;
  return trainUsage;
}

const count = (n: number): string => n.toLocaleString('en-US');

/**
 * Training batches with each image shifted at random by up to `shift` pixels (a random 28×28
 * crop of the image padded by `shift`): the data augmentation the course uses against overfitting.
 * It passes the loader's position on, so a checkpoint can resume it mid-epoch.
 */
function shifted(loader: DataLoader<Tensor[], Tensor[]>, shift: number, generator: Generator): BatchSource {
  const crop = randomCrop(28, { padding: shift, generator });
  return {
    length: loader.length,
    *[Symbol.iterator]() {
      for (const [x, y] of loader) yield [crop(x!), y!];
    },
    stateDict: () => loader.stateDict(),
    loadStateDict: (state: DataLoaderState) => loader.loadStateDict(state),
  } as BatchSource;
}

/** `nabla train ...` as typed, with `--resume <path>` in place of any earlier one. */
function resumeCommand(args: readonly string[], path: string): string {
  const kept: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--resume') i++;
    else if (!args[i]!.startsWith('--resume=')) kept.push(args[i]!);
  }
  const quote = (a: string) => (/^[\w./,=:-]+$/.test(a) ? a : `'${a.replaceAll("'", "'\\''")}'`);
  return ['nabla', 'train', ...kept, '--resume', path].map(quote).join(' ');
}

/**
 * Trains a network on MNIST: 55,000 training digits, 5,000 held out as the dev set watched each
 * epoch, and the 10,000 test digits scored once at the end (the course's train/dev/test practice).
 */
export async function train(args: string[]): Promise<number> {
  const text = Object.hasOwn(textCommands, args[0] ?? '') ? textCommands[args[0]!] : undefined;
  if (text) return text.run(args.slice(1));
  const { values, positionals } = parseCommand(
    'train',
    args,
    [
      'epochs',
      'batch-size',
      'lr',
      'optimizer',
      'hidden',
      'dropout',
      'seed',
      'limit',
      'out',
      'checkpoint',
      'resume',
      'train-dev',
    ],
    { positionals: true },
  );
  const [architecture, ...rest] = positionals;
  if (architecture === undefined)
    throw new UsageError('nabla train: name the model to train, e.g. `nabla train mlp`');
  const recipe = Object.hasOwn(recipes, architecture) ? recipes[architecture] : undefined;
  if (!recipe) {
    const guess = suggestKey(architecture, trainSubcommands);
    throw new UsageError(
      `nabla train: unknown model '${architecture}'${guess ? `; did you mean ${guess}?` : ''} (available: ${available})`,
    );
  }
  if (rest.length > 0) throw new UsageError(`nabla train: unexpected argument '${rest[0]}'`);
  const epochs = numberOption('train', 'epochs', values.epochs, recipe.epochs, { integer: true });
  const batchSize = numberOption('train', 'batch-size', values['batch-size'], recipe.batchSize, {
    integer: true,
  });
  const lr = numberOption('train', 'lr', values.lr, 1e-3);
  const limit =
    values.limit === undefined
      ? undefined
      : numberOption('train', 'limit', values.limit, 0, { integer: true });
  const seed = seedOption('train', values.seed);
  const out = outputOption('train', 'out', values.out, `${architecture}-mnist.safetensors`);
  if (values.resume !== undefined && !existsSync(values.resume))
    throw new UsageError(`nabla train: --resume: no checkpoint at '${values.resume}'`);
  const checkpoint = outputOption(
    'train',
    values.checkpoint === undefined && values.resume !== undefined ? 'resume' : 'checkpoint',
    values.checkpoint ?? values.resume,
    `${out.replace(/\.safetensors$/, '')}.checkpoint.safetensors`,
  );
  // Digits held out of training from the training distribution, for `nabla diagnose` (default none).
  const trainDev =
    values['train-dev'] === undefined
      ? 0
      : numberOption('train', 'train-dev', values['train-dev'], 0, { integer: true });

  manualSeed(seed);
  const { model, config, describe } = recipe.build(values);
  const optimizer = makeOptimizer(values.optimizer ?? 'adam', model.parameters(), lr);
  // Cosine annealing to 0 over the run: the last epochs take small steps, which settles the
  // dev accuracy instead of letting it bounce at the full rate.
  const scheduler = new optim.CosineAnnealingLR(optimizer, epochs);
  const split = { seed, limit, trainDev };
  const { train: trainSet, dev: devSet } = mnistSplits(split, recipe.shape);
  const testSet = loadMnist('test', {
    limit: limit === undefined ? undefined : Math.max(1, Math.round(limit / 6)),
    shape: recipe.shape,
  });
  const threads = getNumThreads();
  console.log(
    `nabla: training ${describe} (${count(model.numParameters())} parameters) on ${count(trainSet!.length)} MNIST digits, ` +
      `dev set ${count(devSet!.length)}; ${optimizer.constructor.name} lr ${lr} (cosine decay), batch ${batchSize}${recipe.shift > 0 ? `, random shifts ±${recipe.shift} px` : ''}; backend ${getBackend().name} (${threads} thread${threads === 1 ? '' : 's'})`,
  );
  const started = performance.now();
  const metrics = { accuracy };
  const trainLoader = new DataLoader(trainSet!, {
    batchSize,
    shuffle: true,
    generator: new Generator(seed + 1),
  });
  const shifts = new Generator(seed + 2);
  if (values.resume !== undefined) console.log(`resuming the run saved in ${values.resume}`);
  const history = await fitAsync(model, {
    loss: crossEntropy,
    optimizer,
    train: recipe.shift > 0 ? shifted(trainLoader, recipe.shift, shifts) : trainLoader,
    validation: new DataLoader(devSet!, { batchSize: 1000 }),
    epochs,
    metrics,
    scheduler,
    // Ctrl-C writes the run here; --resume reads it back (the same options rebuild the same run).
    checkpoint: {
      path: checkpoint,
      resume: values.resume !== undefined,
      generators: [shifts],
      resumeHint: resumeCommand(args, checkpoint),
    },
  });
  // Ctrl-C: the run is saved and fitAsync said where; 130 is the shell's code for it.
  if (history.interrupted) return 130;
  const seconds = (performance.now() - started) / 1000;
  const test = evaluate(model, new DataLoader(testSet, { batchSize: 1000 }), { loss: crossEntropy, metrics });
  console.log(
    `test accuracy ${(100 * test.accuracy!).toFixed(2)}% (loss ${test.loss!.toFixed(4)}) on ${count(testSet.length)} digits after ${epochs} epoch${epochs === 1 ? '' : 's'} in ${seconds.toFixed(1)} s`,
  );
  saveModel(out, architecture, { ...config, training: split }, model);
  console.log(`saved the model to ${out}`);
  return 0;
}
