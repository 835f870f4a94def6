import { readFileSync } from 'node:fs';
import {
  applyLabelCorrections,
  diagnose,
  formatDiagnosis,
  parseCorrectionsCsv,
} from '../../diagnose/index.js';
import { accuracy, DataLoader, evaluate, loadMnist, type nn, type TensorDataset } from '../../index.js';
import { loadModel } from '../../models/model-file.js';
import { parseCommand, UsageError } from '../args.js';
import { mnistSplits, type TrainingSplit } from '../mnist-splits.js';

export const diagnoseUsage =
  'nabla diagnose <model.safetensors> [--human-error 0] [--corrections set-index-label.csv] (errors in %)';

function errorPercent(model: nn.Module, data: TensorDataset): number {
  const { accuracy: acc } = evaluate(model, new DataLoader(data, { batchSize: 1000 }), {
    metrics: { accuracy },
  });
  return 100 * (1 - acc!);
}

function savedSplit(file: string, config: Record<string, unknown>): TrainingSplit {
  const t = config.training as Partial<TrainingSplit> | undefined;
  const whole = (v: unknown) => v === undefined || (Number.isSafeInteger(v) && (v as number) >= 0);
  if (!t || !Number.isSafeInteger(t.seed) || !whole(t.limit) || !whole(t.trainDev))
    throw new UsageError(
      `nabla diagnose: ${file} does not record the split it was trained on (train it again with this version of \`nabla train\`)`,
    );
  return { seed: t.seed!, limit: t.limit, trainDev: t.trainDev };
}

/**
 * Rebuilds the split a model was trained on (seed and sizes saved in its file), measures its
 * error on train, train-dev (when `nabla train --train-dev N` kept one), dev and test, and prints
 * the bias/variance/data-mismatch diagnosis with the course's tactics; with `--corrections`, fixes
 * the listed dev and test labels together and measures and diagnoses again.
 */
export function diagnoseCommand(args: string[]): number {
  const { values, positionals } = parseCommand('diagnose', args, ['human-error', 'corrections'], {
    positionals: true,
  });
  if (positionals.length !== 1)
    throw new UsageError(`nabla diagnose: expected one model file; usage: ${diagnoseUsage}`);
  const humanError = values['human-error'] === undefined ? 0 : Number(values['human-error']);
  if (!(Number.isFinite(humanError) && humanError >= 0 && humanError <= 100))
    throw new UsageError(
      `nabla diagnose: --human-error must be a percentage, got '${values['human-error']}'`,
    );
  const file = positionals[0]!;
  const { model, architecture, config } = loadModel(file);
  const split = savedSplit(file, config);
  const shape = architecture === 'mlp' ? 'flat' : 'image';
  const { train, trainDev, dev } = mnistSplits(split, shape);
  const test = loadMnist('test', {
    limit: split.limit === undefined ? undefined : Math.max(1, Math.round(split.limit / 6)),
    shape,
  });
  const sets: [string, TensorDataset | undefined][] = [
    ['train', train],
    ['train-dev', trainDev.length > 0 ? trainDev : undefined],
    ['dev', dev],
    ['test', test],
  ];
  const errors: Record<string, number> = {};
  console.log(`${architecture} from ${file}, split with seed ${split.seed}:`);
  console.log(
    `  ${'human-level'.padEnd(12)} ${humanError.toFixed(2).padStart(6)}%  (the proxy for Bayes error)`,
  );
  for (const [name, data] of sets) {
    if (!data) continue;
    errors[name] = errorPercent(model, data);
    console.log(
      `  ${name.padEnd(12)} ${errors[name]!.toFixed(2).padStart(6)}%  on ${data.length.toLocaleString('en-US')} digits`,
    );
  }
  const d = diagnose({
    humanError,
    trainError: errors.train!,
    trainDevError: errors['train-dev'],
    devError: errors.dev,
    testError: errors.test,
  });
  console.log(`gaps in percentage points:\n${formatDiagnosis(d)}`);
  if (values.corrections === undefined) return 0;
  // The course: fix dev and test together, then look again.
  const fixed = applyLabelCorrections(
    { dev, test },
    parseCorrectionsCsv(readFileSync(values.corrections, 'utf8')),
  );
  const after = { dev: errorPercent(model, fixed.dev), test: errorPercent(model, fixed.test) };
  console.log(
    `after correcting ${fixed.changed.dev} dev and ${fixed.changed.test} test labels: dev ${after.dev.toFixed(2)}% (was ${errors.dev!.toFixed(2)}%), test ${after.test.toFixed(2)}% (was ${errors.test!.toFixed(2)}%)`,
  );
  const d2 = diagnose({
    humanError,
    trainError: errors.train!,
    trainDevError: errors['train-dev'],
    devError: after.dev,
    testError: after.test,
  });
  console.log(formatDiagnosis(d2));
  return 0;
}
