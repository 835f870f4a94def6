import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { selectModel } from '../../index.js';
import {
  Asha,
  type Config,
  choice,
  coarseToFine,
  type Executor,
  formatTrials,
  intUniform,
  jobsFor,
  loadTrials,
  logUniform,
  oneMinusLogUniform,
  parallel,
  randomConfigs,
  rankTrials,
  redisExecutor,
  redisWorker,
  resumable,
  type SearchResult,
  type Space,
  searchReport,
  type TrialRecord,
  uniform,
} from '../../tune/index.js';
import { numberOption, parseCommand, seedOption, UsageError } from '../args.js';
import { defaultMlpTrialConfig } from './mlp-trial.js';
import { tuneBabysit, tuneBabysitUsage } from './tune-babysit.js';

export const tuneUsage = `nabla tune mlp [--trials 12] [--epochs 3] [--limit 12000] [--parallel <cores>] [--strategy random|coarse-to-fine]
                [--rounds 2] [--prune asha|none] [--dir tune-mlp] [--seed 0] [--max-latency-ms X] [--redis redis://host:6379 [--name mlp]]
  nabla tune worker --redis redis://host:6379 [--name mlp] [--concurrency 1]
  ${tuneBabysitUsage}`;

/** The course's scales: learning rate and L2 on log scales, Adam's β1 through 1 − β1 on a log scale. */
export const mlpSpace: Space = {
  lr: logUniform(1e-4, 1e-2),
  batchSize: choice([32, 64, 128, 256]),
  hidden: intUniform(64, 1024, { log: true }),
  l2: logUniform(1e-7, 1e-3),
  dropout: uniform(0, 0.5),
  beta1: oneMinusLogUniform(0.8, 0.99),
};

const objective = { objective: 'valAccuracy', mode: 'max' as const };

const mlpTrialModule = new URL(
  `./mlp-trial${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`,
  import.meta.url,
).href;

/** `nabla tune worker`: takes MLP trials from the Redis queue until interrupted. */
async function worker(values: Record<string, string | undefined>): Promise<number> {
  if (!values.redis) throw new UsageError('nabla tune worker: --redis redis://host:port is required');
  const concurrency = numberOption('tune', 'concurrency', values.concurrency, 1, { integer: true });
  const name = values.name ?? 'mlp';
  const running = await redisWorker({
    url: values.redis,
    name,
    module: mlpTrialModule,
    concurrency,
    onRecord: report,
  });
  console.log(
    `nabla tune worker: taking trials of '${name}' from ${values.redis}, ${concurrency} at a time (Ctrl-C stops)`,
  );
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await running.close();
  return 0;
}

/**
 * The best trial: by dev accuracy alone, or (the course's satisficing metric) the most accurate
 * of the finished trials that classify a digit within `maxLatency` ms.
 */
function choose(result: SearchResult, maxLatency: number | undefined): TrialRecord | undefined {
  if (maxLatency === undefined) return result.best;
  const candidates = result.ranked
    .filter((r) => r.status === 'done' && Number.isFinite(r.metrics.latencyMs))
    .map((record) => ({
      record,
      valAccuracy: record.metrics.valAccuracy!,
      latencyMs: record.metrics.latencyMs!,
    }));
  return selectModel(candidates, { optimize: 'valAccuracy', satisfy: { latencyMs: (v) => v <= maxLatency } })
    .best?.record;
}

function report(record: TrialRecord): void {
  const acc = record.metrics.valAccuracy;
  const what = record.status === 'failed' ? record.error : `dev accuracy ${(100 * acc!).toFixed(2)}%`;
  console.log(
    `trial ${record.id} ${record.status} after ${record.history.length} epoch(s), ${record.seconds.toFixed(1)} s: ${what}`,
  );
}

/**
 * `nabla tune mlp`: a random (or coarse-to-fine) search over the MNIST MLP's hyperparameters,
 * trial 0 being the default config, trials in worker processes, ASHA stopping poor trials at its
 * rungs (1, 3, 9, … epochs, short of the last), every trial saved in the search directory so a killed search resumes; prints the
 * table and the best config, and writes best.json and report.html (dev accuracy against each
 * hyperparameter on its own scale) there.
 */
export async function tuneCommand(args: string[]): Promise<number> {
  if (args[0] === 'babysit') return tuneBabysit(args.slice(1));
  const { values, positionals } = parseCommand(
    'tune',
    args,
    [
      'trials',
      'epochs',
      'limit',
      'parallel',
      'strategy',
      'rounds',
      'prune',
      'dir',
      'seed',
      'redis',
      'name',
      'concurrency',
      'max-latency-ms',
    ],
    { positionals: true },
  );
  if (positionals[0] === 'worker' && positionals.length === 1) return worker(values);
  if (positionals[0] !== 'mlp' || positionals.length > 1)
    throw new UsageError(
      `nabla tune: name what to tune: \`nabla tune mlp\` (got '${positionals.join(' ')}')`,
    );
  const trials = numberOption('tune', 'trials', values.trials, 12, { integer: true });
  const epochs = numberOption('tune', 'epochs', values.epochs, 3, { integer: true });
  const limit = numberOption('tune', 'limit', values.limit, 12000, { integer: true });
  const workers = numberOption('tune', 'parallel', values.parallel, availableParallelism(), {
    integer: true,
  });
  const rounds = numberOption('tune', 'rounds', values.rounds, 2, { integer: true });
  const seed = seedOption('tune', values.seed);
  const strategy = values.strategy ?? 'random';
  if (strategy !== 'random' && strategy !== 'coarse-to-fine')
    throw new UsageError(`nabla tune: --strategy must be random or coarse-to-fine, got '${strategy}'`);
  const maxLatency =
    values['max-latency-ms'] === undefined
      ? undefined
      : numberOption('tune', 'max-latency-ms', values['max-latency-ms'], 0);
  const redis = values.redis;
  const prune = values.prune ?? 'asha';
  if (prune !== 'asha' && prune !== 'none')
    throw new UsageError(`nabla tune: --prune must be asha or none, got '${prune}'`);
  const dir = values.dir ?? 'tune-mlp';
  // Local trials save their checkpoints there as they train, for `nabla tune babysit`.
  mkdirSync(join(dir, 'trials'), { recursive: true });
  const budget = { epochs, limit };
  const settings = { model: 'mlp', trials, strategy, rounds, prune, seed, ...budget, ...objective };
  writeFileSync(join(dir, 'search.json'), `${JSON.stringify(settings, null, 1)}\n`);

  // Rungs at 1, 3, 9, … epochs, short of the last; locally in this process, with --redis in Redis.
  const asha = prune === 'asha' ? { minEpochs: 1, eta: 3, maxEpochs: epochs } : undefined;
  const pruner = asha && !redis ? new Asha({ ...objective, ...asha }) : undefined;
  const saved = redis ? new Map<number, TrialRecord>() : loadTrials(dir);
  // A resumed search shows ASHA the epochs its saved trials already reached.
  for (const r of saved.values()) {
    for (let epoch = 0; epoch < r.history.length; epoch++) pruner?.report(r.id, epoch, r.history[epoch]!);
  }
  if (saved.size > 0) console.log(`nabla tune: resuming the search in ${dir} (${saved.size} trials saved)`);
  const execute = redis
    ? redisExecutor({ url: redis, name: values.name ?? 'mlp' }, objective, { asha })
    : resumable(parallel({ module: mlpTrialModule, workers, pruner }), dir);
  const withBudget: Executor = (jobs, onRecord) =>
    execute(
      jobs.map((j) => ({
        ...j,
        config: { ...j.config, ...budget },
        ...(!redis && { checkpoint: join(dir, 'trials', `${j.id}.checkpoint.safetensors`) }),
      })),
      onRecord,
    );
  console.log(
    `nabla tune: ${strategy} search over the MNIST MLP, ${trials} trials of ${epochs} epochs on ${limit} digits (dev set ${Math.round(limit / 12)}), ${redis ? `on the workers of ${redis} (queue '${values.name ?? 'mlp'}')` : `${workers} at a time`}${asha ? ', ASHA stopping poor trials' : ''}; saved in ${redis ? 'Redis' : `${dir}/`}`,
  );
  const started = performance.now();
  let result: SearchResult;
  if (strategy === 'random') {
    const configs: Config[] = [
      defaultMlpTrialConfig,
      ...randomConfigs(mlpSpace, Math.max(1, trials - 1), seed),
    ];
    const records = await withBudget(jobsFor(configs.slice(0, trials), seed), report);
    const ranked = rankTrials(records, objective);
    result = { trials: records, ranked, best: ranked[0] };
  } else {
    result = await coarseToFine(mlpSpace, withBudget, {
      ...objective,
      rounds,
      trialsPerRound: Math.max(1, Math.round(trials / rounds)),
      seed,
      onRecord: report,
    });
  }
  const seconds = (performance.now() - started) / 1000;
  console.log(`\n${formatTrials(result.trials, objective)}\n`);
  const chosen = choose(result, maxLatency);
  if (!chosen) {
    console.log(
      maxLatency === undefined
        ? 'nabla tune: no trial finished'
        : `nabla tune: no finished trial classifies a digit within ${maxLatency} ms`,
    );
    return 1;
  }
  const best = { ...chosen.config };
  writeFileSync(join(dir, 'best.json'), `${JSON.stringify(best, null, 1)}\n`);
  writeFileSync(join(dir, 'report.html'), searchReport(result.trials, mlpSpace, objective));
  // Random search runs the default config as trial 0, the yardstick.
  const baseline = strategy === 'random' ? result.trials[0] : undefined;
  const vs = baseline?.metrics.valAccuracy
    ? ` (the default config: ${(100 * baseline.metrics.valAccuracy).toFixed(2)}%, ${baseline.status})`
    : '';
  console.log(
    `best${maxLatency === undefined ? '' : ` within ${maxLatency} ms a digit`}: trial ${chosen.id}, dev accuracy ${(100 * chosen.metrics.valAccuracy!).toFixed(2)}%, ${chosen.metrics.latencyMs?.toFixed(3)} ms a digit${vs}; search took ${seconds.toFixed(1)} s`,
  );
  console.log(JSON.stringify(best));
  return 0;
}
