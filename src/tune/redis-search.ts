/**
 * Distributed search on a BullMQ queue in Redis: a coordinator enqueues trials, workers on any
 * machine take them and run each in a child process, results and the best-so-far live in Redis.
 * NOTE(redis-search): BullMQ holds a lock on each active job and renews it while the worker's
 * event loop runs; a worker that dies stops renewing, and another worker's stalled-job check
 * moves the job back to the queue, so a trial killed mid-run is retried elsewhere. Trials run in
 * child processes so that training never blocks the renewal. A trial's record is written with
 * HSETNX, so it lands once even if a slow worker and its replacement both finish.
 */
import { hostname } from 'node:os';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { FileFormatError, ValueError } from '../index.js';
import { Asha, type AshaOptions } from './asha.js';
import { spawnTrial } from './parallel.js';
import { RedisAsha } from './redis-asha.js';
import { clients, connect } from './redis-connection.js';
import { type Executor, modeOf, type Objective, type TrialJob, type TrialRecord } from './trial.js';

export interface RedisSearchOptions {
  /** `redis://host:port`. */
  url: string;
  /** The search's name: its queue and keys (default `'search'`). */
  name?: string;
}

interface Keys {
  queue: string;
  results: string;
  finished: string;
  best: string;
  /** The prefix of the rungs' keys (see RedisAsha). */
  rungs: string;
}

function keysOf({ name = 'search' }: RedisSearchOptions): Keys {
  if (!/^[\w.-]+$/.test(name))
    throw new ValueError(
      `redis search: name must be letters, digits, '_', '.' or '-', got ${JSON.stringify(name)}`,
    );
  const prefix = `nabla:tune:${name}`;
  return {
    queue: `nabla-tune-${name}`,
    results: `${prefix}:results`,
    finished: `${prefix}:finished`,
    best: `${prefix}:best`,
    rungs: prefix,
  };
}

/** ASHA's settings for a distributed search (the objective is the search's). */
export type RedisAshaSettings = Pick<AshaOptions, 'minEpochs' | 'eta' | 'maxEpochs'>;

interface QueuedTrial {
  job: TrialJob;
  objective: Objective;
  /** Stop poor trials at ASHA's rungs, decided in Redis (see RedisAsha). */
  asha?: RedisAshaSettings;
}

// Keeps the record with the better objective in the `best` hash, atomically.
const updateBest = `
local current = redis.call('HGET', KEYS[1], 'value')
local value = tonumber(ARGV[2])
local sign = tonumber(ARGV[3])
if (not current) or value * sign > tonumber(current) * sign then
  redis.call('HSET', KEYS[1], 'value', ARGV[2], 'record', ARGV[1])
  return 1
end
return 0`;

/**
 * A search over Redis: enqueues the jobs that have no result yet (a job id per trial, so a
 * resumed coordinator enqueues nothing twice) and waits until every trial's record is in Redis.
 * With `asha`, the workers stop poor trials at ASHA's rungs, shared in Redis; a stopped trial's
 * record is `pruned`, with its history so far.
 * Composes with the strategies like `parallel`: `randomSearch(space, redisExecutor({ url }), …)`.
 * @example
 * // Nothing connects until the strategy calls it.
 * const run = redisExecutor({ url: 'redis://127.0.0.1:6379', name: 'mlp' }, { objective: 'valAccuracy' });
 * typeof run; // => 'function'
 * // await randomSearch(space, run, { trials: 20, objective: 'valAccuracy' });
 */
export function redisExecutor(
  options: RedisSearchOptions,
  objective: Objective,
  { pollMs = 200, asha }: { pollMs?: number; asha?: RedisAshaSettings } = {},
): Executor {
  // Checked here, before anything is queued, rather than by every worker.
  if (asha) new Asha({ ...objective, ...asha });
  const keys = keysOf(options);
  return async (jobs, onRecord) => {
    const redis = await connect(options.url);
    const { Queue } = await clients();
    const queue = new Queue<QueuedTrial>(keys.queue, { connection: redis });
    try {
      const saved = await readResults(redis, keys);
      for (const job of jobs) checkSame(saved.get(job.id), job, options);
      const todo = jobs.filter((j) => !saved.has(j.id));
      await queue.addBulk(
        todo.map((job) => ({
          name: 'trial',
          data: { job, objective, ...(asha && { asha }) },
          opts: { jobId: `trial-${job.id}` },
        })),
      );
      const seen = new Set(saved.keys());
      for (;;) {
        const results = await readResults(redis, keys);
        for (const job of todo) {
          const record = results.get(job.id);
          if (record && !seen.has(job.id)) {
            seen.add(job.id);
            checkSame(record, job, options);
            onRecord?.(record);
          }
        }
        if (jobs.every((j) => results.has(j.id))) return jobs.map((j) => results.get(j.id)!);
        await recordFailedJobs(
          queue,
          redis,
          keys,
          todo.filter((j) => !results.has(j.id)),
        );
        await new Promise((resolve) => setTimeout(resolve, pollMs));
      }
    } finally {
      await queue.close();
      redis.disconnect();
    }
  };
}

// A job BullMQ gave up on (its workers kept dying: maxStalledCount) becomes a failed record, so the search ends.
async function recordFailedJobs(
  queue: Queue<QueuedTrial>,
  redis: Redis,
  keys: Keys,
  missing: TrialJob[],
): Promise<void> {
  for (const job of missing) {
    // The state first, then the job: a job read before it failed has no failedReason yet.
    if ((await queue.getJobState(`trial-${job.id}`)) !== 'failed') continue;
    const bull = await queue.getJob(`trial-${job.id}`);
    const record: TrialRecord = {
      ...job,
      status: 'failed',
      metrics: {},
      history: [],
      seconds: 0,
      error: `the queue gave up on it: ${bull?.failedReason ?? 'no reason given'}`,
    };
    await redis.hsetnx(keys.results, String(job.id), JSON.stringify(record));
  }
}

function checkSame(record: TrialRecord | undefined, job: TrialJob, options: RedisSearchOptions): void {
  if (record && (record.seed !== job.seed || JSON.stringify(record.config) !== JSON.stringify(job.config)))
    throw new ValueError(
      `redis search: trial ${job.id} of '${options.name ?? 'search'}' was run with another config or seed; use a new --name`,
    );
}

async function readResults(redis: Redis, keys: Keys): Promise<Map<number, TrialRecord>> {
  const raw = await redis.hgetall(keys.results);
  const records = new Map<number, TrialRecord>();
  for (const [id, json] of Object.entries(raw)) {
    try {
      records.set(Number(id), JSON.parse(json) as TrialRecord);
    } catch {
      throw new FileFormatError(`${keys.results}[${id}]`, 'is not a trial record');
    }
  }
  return records;
}

/**
 * The search's state in Redis: every saved record by id, how many times each trial ran to the
 * end (1 when nothing ran twice), and the best record so far.
 * @example
 * // A status report for a search running on another machine (connects when called).
 * async function report(): Promise<string> {
 *   const { records, best } = await redisSearchState({ url: 'redis://127.0.0.1:6379', name: 'mlp' });
 *   return `${records.size} trials done, best #${best?.id} ${JSON.stringify(best?.metrics)}`;
 * }
 * typeof report; // => 'function'
 */
export async function redisSearchState(options: RedisSearchOptions): Promise<{
  records: Map<number, TrialRecord>;
  finished: Map<number, number>;
  best: TrialRecord | undefined;
}> {
  const keys = keysOf(options);
  const redis = await connect(options.url);
  try {
    const records = await readResults(redis, keys);
    const counts = await redis.hgetall(keys.finished);
    const best = await redis.hget(keys.best, 'record');
    return {
      records,
      finished: new Map(Object.entries(counts).map(([id, n]) => [Number(id), Number(n)])),
      best: best ? (JSON.parse(best) as TrialRecord) : undefined,
    };
  } finally {
    redis.disconnect();
  }
}

export interface RedisWorkerOptions extends RedisSearchOptions {
  /** The module (path or file URL) whose export is the trial function. */
  module: string;
  exportName?: string;
  /** Trials at once in this worker (default 1). */
  concurrency?: number;
  /** How long a job's lock lasts without renewal, in ms: a dead worker's trial is retried after about this long (default 30000). */
  lockDuration?: number;
  /** How often this worker looks for stalled jobs, in ms (default lockDuration / 2). */
  stalledInterval?: number;
  onStart?: (job: TrialJob, pid: number) => void;
  onRecord?: (record: TrialRecord) => void;
}

/**
 * A worker that takes trials from the search's queue until closed, runs each in a child process
 * (which, in a search with ASHA, asks Redis at each rung whether it goes on), and writes its
 * record (once) and the best-so-far to Redis.
 * @example
 * // On each worker machine (connects when called); trial.js exports the trial function.
 * async function serve(): Promise<void> {
 *   const worker = await redisWorker({ url: 'redis://127.0.0.1:6379', name: 'mlp', module: 'file:///srv/tune/trial.js' });
 *   process.once('SIGTERM', () => void worker.close());
 * }
 * typeof serve; // => 'function'
 */
export async function redisWorker(options: RedisWorkerOptions): Promise<{ close(): Promise<void> }> {
  const keys = keysOf(options);
  const { concurrency = 1, lockDuration = 30000 } = options;
  const redis = await connect(options.url);
  // Our own commands on a connection of their own, apart from BullMQ's.
  const store = await connect(options.url);
  const { Worker } = await clients();
  const me = `${hostname()}:${process.pid}`;
  const worker = new Worker<QueuedTrial>(
    keys.queue,
    async (bull) => {
      const { job, objective, asha } = bull.data;
      if (await store.hexists(keys.results, String(job.id))) return 'already done';
      const pruner = asha && new RedisAsha(store, keys.rungs, { ...objective, ...asha });
      const record: TrialRecord = { ...(await spawnTrial(job, { ...options, pruner })), worker: me };
      await store.hincrby(keys.finished, String(job.id), 1);
      if ((await store.hsetnx(keys.results, String(job.id), JSON.stringify(record))) === 1) {
        const value = record.metrics[objective.objective];
        if (record.status !== 'failed' && Number.isFinite(value)) {
          const sign = modeOf(objective) === 'max' ? 1 : -1;
          await store.eval(updateBest, 1, keys.best, JSON.stringify(record), String(value), String(sign));
        }
      }
      options.onRecord?.(record);
      return record.status;
    },
    {
      connection: redis,
      concurrency,
      lockDuration,
      stalledInterval: options.stalledInterval ?? Math.max(500, lockDuration / 2),
      // A trial whose workers keep dying is tried a few times, then failed.
      maxStalledCount: 3,
    },
  );
  await worker.waitUntilReady();
  return {
    close: async () => {
      await worker.close();
      redis.disconnect();
      store.disconnect();
    },
  };
}
