import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Logs } from '../../index.js';
import { loadTrials, saveTrial } from '../../tune/index.js';
import { checkOutput, numberOption, parseCommand, UsageError } from '../args.js';
import { babysitMlpTrial } from './mlp-trial.js';

export const tuneBabysitUsage =
  'nabla tune babysit --trial N --lr X [--epochs 1] [--dir tune-mlp]   (one trial of a local search, on from where it stopped at a new learning rate)';

const percent = (v: number | undefined) => (v === undefined ? '-' : `${(100 * v).toFixed(2)}%`);

function epochLine(epoch: number, logs: Logs): string {
  const { lr, loss, valLoss, valAccuracy } = logs;
  return [
    String(epoch + 1).padStart(5),
    (lr ?? Number.NaN).toExponential(2).padStart(9),
    (loss ?? Number.NaN).toFixed(4).padStart(7),
    (valLoss ?? Number.NaN).toFixed(4).padStart(8),
    percent(valAccuracy).padStart(12),
  ].join('  ');
}

/**
 * `nabla tune babysit`: the course's "pandas" way for one trial of `nabla tune mlp`: loads its
 * checkpoint, sets a new learning rate, trains more epochs, and saves the trial again (record
 * and checkpoint, so it can be babysat again), printing its whole history as it goes: the epochs
 * before the change and after, each with the rate it trained at.
 */
export async function tuneBabysit(args: string[]): Promise<number> {
  const { values } = parseCommand('tune babysit', args, ['trial', 'lr', 'epochs', 'dir']);
  if (values.trial === undefined || values.lr === undefined)
    throw new UsageError(`nabla tune babysit: --trial and --lr are required: ${tuneBabysitUsage}`);
  const id = Number(values.trial);
  if (!Number.isSafeInteger(id) || id < 0)
    throw new UsageError(
      `nabla tune babysit: --trial must be a trial number (0, 1, …), got '${values.trial}'`,
    );
  const lr = numberOption('tune babysit', 'lr', values.lr, 0);
  const epochs = numberOption('tune babysit', 'epochs', values.epochs, 1, { integer: true });
  const dir = values.dir ?? 'tune-mlp';
  const trials = loadTrials(dir);
  const record = trials.get(id);
  if (!record)
    throw new UsageError(
      `nabla tune babysit: no trial ${id} in ${dir}/trials (saved: ${[...trials.keys()].sort((a, b) => a - b).join(', ') || 'none'})`,
    );
  const checkpoint = join(dir, 'trials', `${id}.checkpoint.safetensors`);
  if (!existsSync(checkpoint))
    throw new UsageError(
      `nabla tune babysit: trial ${id} has no checkpoint (${checkpoint}): only trials of a local \`nabla tune mlp\` search that trained at least one epoch save one`,
    );
  // Both are written again: checked before the training, not after it.
  checkOutput('tune babysit', 'dir', checkpoint);
  checkOutput('tune babysit', 'dir', join(dir, 'trials', `${id}.json`));
  console.log(
    `nabla tune babysit: trial ${id} (${record.status} after ${record.history.length} epochs, dev accuracy ${percent(record.metrics.valAccuracy)}), ${epochs} more at lr ${lr}`,
  );
  console.log('epoch         lr     loss   valLoss  valAccuracy');
  for (const [epoch, logs] of record.history.entries()) console.log(epochLine(epoch, logs));
  console.log(`--- lr ${lr} from epoch ${record.history.length + 1}`);
  const babysat = babysitMlpTrial(record, checkpoint, {
    lr,
    epochs,
    onEpoch: (epoch, logs) => console.log(epochLine(epoch, logs)),
  });
  saveTrial(dir, babysat);
  console.log(
    `trial ${id}: dev accuracy ${percent(babysat.metrics.valAccuracy)} after ${babysat.history.length} epochs (was ${percent(record.metrics.valAccuracy)} after ${record.history.length}); saved in ${join(dir, 'trials')}`,
  );
  return 0;
}
