import {
  accuracy,
  crossEntropy,
  DataLoader,
  evaluate,
  fit,
  Generator,
  getBackend,
  getNumThreads,
  loadMnist,
  manualSeed,
  randomSplit,
} from '../../index.js';
import { mlp } from '../../models/mlp.js';
import { saveModel } from '../../models/model-file.js';
import { numberOption, parseCommand, UsageError } from '../args.js';
import { makeOptimizer, optimizerNames } from '../optimizers.js';

export const trainUsage = `nabla train mlp [--epochs 10] [--batch-size 128] [--lr 0.001] [--optimizer ${optimizerNames.join('|')}]
                [--hidden 512,256] [--dropout 0] [--seed 0] [--limit N] [--out mlp-mnist.safetensors]`;

function hiddenOption(value: string | undefined): number[] {
  if (value === undefined) return [512, 256];
  const widths = value.split(',').map(Number);
  if (widths.some((w) => !Number.isSafeInteger(w) || w <= 0))
    throw new UsageError(`nabla train: --hidden must list positive integers like 512,256, got '${value}'`);
  return widths;
}

/**
 * Trains a network on MNIST: 55,000 training digits, 5,000 held out as the dev set watched each
 * epoch, and the 10,000 test digits scored once at the end (the course's train/dev/test practice).
 */
export function train(args: string[]): number {
  const { values, positionals } = parseCommand(
    'train',
    args,
    ['epochs', 'batch-size', 'lr', 'optimizer', 'hidden', 'dropout', 'seed', 'limit', 'out'],
    true,
  );
  const [architecture, ...rest] = positionals;
  if (architecture === undefined)
    throw new UsageError('nabla train: name the model to train, e.g. `nabla train mlp`');
  if (architecture !== 'mlp')
    throw new UsageError(`nabla train: unknown model '${architecture}' (available: mlp)`);
  if (rest.length > 0) throw new UsageError(`nabla train: unexpected argument '${rest[0]}'`);
  const epochs = numberOption('train', 'epochs', values.epochs, 10, { integer: true });
  const batchSize = numberOption('train', 'batch-size', values['batch-size'], 128, { integer: true });
  const lr = numberOption('train', 'lr', values.lr, 1e-3);
  const limit =
    values.limit === undefined
      ? undefined
      : numberOption('train', 'limit', values.limit, 0, { integer: true });
  const seed = values.seed === undefined ? 0 : Number(values.seed);
  if (!Number.isSafeInteger(seed))
    throw new UsageError(`nabla train: --seed must be an integer, got '${values.seed}'`);
  const dropout = values.dropout === undefined ? 0 : Number(values.dropout);
  if (!(dropout >= 0 && dropout < 1))
    throw new UsageError(`nabla train: --dropout must be in [0, 1), got '${values.dropout}'`);
  const out = values.out ?? 'mlp-mnist.safetensors';
  const config = { inFeatures: 784, hidden: hiddenOption(values.hidden), numClasses: 10, dropout };

  manualSeed(seed);
  const all = loadMnist('train', { limit });
  const devSize = Math.max(1, Math.round(all.length / 12));
  const [trainSet, devSet] = randomSplit(all, [all.length - devSize, devSize], {
    generator: new Generator(seed),
  });
  const testSet = loadMnist('test', {
    limit: limit === undefined ? undefined : Math.max(1, Math.round(limit / 6)),
  });
  const model = mlp(config);
  const optimizer = makeOptimizer(values.optimizer ?? 'adam', model.parameters(), lr);
  const layout = [config.inFeatures, ...config.hidden, config.numClasses].join('-');
  console.log(
    `nabla: training an MLP ${layout} (${model.numParameters().toLocaleString('en-US')} parameters) on ${trainSet!.length.toLocaleString('en-US')} MNIST digits, ` +
      `dev set ${devSet!.length.toLocaleString('en-US')}; ${optimizer.constructor.name} lr ${lr}, batch ${batchSize}; backend ${getBackend().name} (${getNumThreads()} thread${getNumThreads() === 1 ? '' : 's'})`,
  );
  const started = performance.now();
  const metrics = { accuracy };
  fit(model, {
    loss: crossEntropy,
    optimizer,
    train: new DataLoader(trainSet!, { batchSize, shuffle: true, generator: new Generator(seed + 1) }),
    validation: new DataLoader(devSet!, { batchSize: 1000 }),
    epochs,
    metrics,
  });
  const seconds = (performance.now() - started) / 1000;
  const test = evaluate(model, new DataLoader(testSet, { batchSize: 1000 }), { loss: crossEntropy, metrics });
  console.log(
    `test accuracy ${(100 * test.accuracy!).toFixed(2)}% (loss ${test.loss!.toFixed(4)}) on ${testSet.length.toLocaleString('en-US')} digits after ${epochs} epoch${epochs === 1 ? '' : 's'} in ${seconds.toFixed(1)} s`,
  );
  saveModel(out, 'mlp', config, model);
  console.log(`saved the model to ${out}`);
  return 0;
}
