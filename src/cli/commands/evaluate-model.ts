import { accuracy, crossEntropy, DataLoader, evaluate, loadMnist } from '../../index.js';
import { loadModel } from '../../models/model-file.js';
import { numberOption, parseCommand, UsageError } from '../args.js';

export const evalUsage = 'nabla eval <model.safetensors> [--limit N]';

/** Scores a saved model on the 10,000 MNIST test digits. */
export function evalCommand(args: string[]): number {
  const { values, positionals } = parseCommand('eval', args, ['limit'], { positionals: true });
  if (positionals.length !== 1)
    throw new UsageError(
      `nabla eval: expected one model file, got ${positionals.length}; usage: ${evalUsage}`,
    );
  const limit =
    values.limit === undefined
      ? undefined
      : numberOption('eval', 'limit', values.limit, 0, { integer: true });
  const { model, architecture } = loadModel(positionals[0]!);
  const test = loadMnist('test', { limit, shape: architecture === 'mlp' ? 'flat' : 'image' });
  const result = evaluate(model, new DataLoader(test, { batchSize: 1000 }), {
    loss: crossEntropy,
    metrics: { accuracy },
  });
  console.log(
    `${architecture}: test accuracy ${(100 * result.accuracy!).toFixed(2)}% (loss ${result.loss!.toFixed(4)}) on ${test.length.toLocaleString('en-US')} digits`,
  );
  return 0;
}
