import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FileFormatError, ValueError } from '../index.js';
import type { Executor, TrialRecord } from './trial.js';

/**
 * The trials saved in a search directory (`trials/<id>.json`: seed, config, history, metrics,
 * status), by id.
 * @example
 * const saved = loadTrials('tune-mlp'); // Map { 0 => { status: 'done', ... }, ... }
 */
export function loadTrials(dir: string): Map<number, TrialRecord> {
  const folder = join(dir, 'trials');
  const records = new Map<number, TrialRecord>();
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return records;
  }
  for (const name of names.filter((n) => /^\d+\.json$/.test(n))) {
    const file = join(folder, name);
    let record: TrialRecord;
    try {
      record = JSON.parse(readFileSync(file, 'utf8')) as TrialRecord;
    } catch (error) {
      throw new FileFormatError(file, `is not a trial record (${(error as Error).message})`);
    }
    records.set(record.id, record);
  }
  return records;
}

/**
 * Saves a trial's record as `dir/trials/<id>.json`, through a temporary file and a rename, so a
 * killed search never leaves half a file.
 * @example
 * const record: TrialRecord = { id: 4, seed: 1, config: { lr: 0.1 }, status: 'done', metrics: { acc: 0.9 }, history: [], seconds: 2 };
 * saveTrial('tune-x', record);
 * loadTrials('tune-x').get(4)?.metrics; // => { acc: 0.9 }
 */
export function saveTrial(dir: string, record: TrialRecord): void {
  const folder = join(dir, 'trials');
  mkdirSync(folder, { recursive: true });
  const file = join(folder, `${record.id}.json`);
  writeFileSync(`${file}.tmp`, `${JSON.stringify(record, null, 1)}\n`);
  renameSync(`${file}.tmp`, file);
}

/**
 * An executor that saves every finished trial in `dir` and, when run again, skips the trials
 * already saved there: a search killed midway resumes where it stopped (trials that were running
 * when it died run again). A saved trial with another config or seed is refused.
 * @example
 * // In a real search the executor is `parallel({ module, workers })`; here a tiny objective in-process.
 * const space = { x: uniform(0, 4) };
 * let calls = 0;
 * const run = inProcess((c) => {
 *   calls += 1;
 *   return { score: -((Number(c.x) - 2) ** 2) };
 * });
 * const first = await randomSearch(space, resumable(run, 'tune-x'), { trials: 3, objective: 'score' });
 * loadTrials('tune-x').size; // => 3
 * // Run again (say after a crash): the three trials saved in tune-x/ are not run a second time.
 * const again = await randomSearch(space, resumable(run, 'tune-x'), { trials: 3, objective: 'score' });
 * calls; // => 3
 * again.best?.config.x === first.best?.config.x; // => true
 */
export function resumable(execute: Executor, dir: string): Executor {
  return async (jobs, onRecord) => {
    const saved = loadTrials(dir);
    for (const job of jobs) {
      const old = saved.get(job.id);
      if (old && (old.seed !== job.seed || JSON.stringify(old.config) !== JSON.stringify(job.config)))
        throw new ValueError(
          `resumable: trial ${job.id} in ${dir} was run with another config or seed; use a new directory for a new search`,
        );
    }
    const todo = jobs.filter((j) => !saved.has(j.id));
    const done = await execute(todo, (record) => {
      saveTrial(dir, record);
      onRecord?.(record);
    });
    const byId = new Map([...saved, ...done.map((r) => [r.id, r] as const)]);
    return jobs.map((j) => byId.get(j.id)!);
  };
}
