import { Generator, ValueError } from '../index.js';
import { type Config, gridConfigs, type Space, sampleConfig, zoomSpace } from './space.js';
import { type Executor, type Objective, rankTrials, type TrialJob, type TrialRecord } from './trial.js';

export interface SearchResult {
  /** Every trial, in the order they were defined. */
  trials: TrialRecord[];
  /** The trials with the objective, best first. */
  ranked: TrialRecord[];
  best: TrialRecord | undefined;
}

export interface SearchOptions extends Objective {
  /** Seeds the configs and each trial's seed (default 0). */
  seed?: number;
  /** Sees each trial as it finishes. */
  onRecord?: (record: TrialRecord) => void;
}

/**
 * The jobs of a search: config `i` with a seed drawn from the search's own generator, so the same
 * search seed gives the same configs and trial seeds (which is what lets a search resume).
 * @example
 * jobsFor([{ lr: 0.1 }, { lr: 0.01 }], 0); // [{ id: 0, seed: …, config: { lr: 0.1 } }, …]
 */
export function jobsFor(configs: readonly Config[], seed: number, firstId = 0): TrialJob[] {
  const g = new Generator(seed + 7919 * (firstId + 1));
  return configs.map((config, i) => ({ id: firstId + i, seed: g.nextUint32(), config }));
}

/**
 * `count` configs drawn from the space.
 * @example
 * randomConfigs({ lr: logUniform(1e-4, 1) }, 5, 0).length; // 5
 */
export function randomConfigs(space: Space, count: number, seed = 0): Config[] {
  if (!Number.isSafeInteger(count) || count < 1)
    throw new ValueError(`randomSearch: trials must be a positive integer, got ${count}`);
  const g = new Generator(seed);
  return Array.from({ length: count }, () => sampleConfig(space, g));
}

function result(trials: TrialRecord[], objective: Objective): SearchResult {
  const ranked = rankTrials(trials, objective);
  return { trials, ranked, best: ranked[0] };
}

/**
 * Random search, the course's default: `trials` configs drawn from the space, so every trial
 * tries a new value of every hyperparameter (a grid repeats each value along the others).
 * @example
 * const run = inProcess((c) => ({ score: -((Math.log10(Number(c.lr)) + 2) ** 2) }));
 * const { best } = await randomSearch({ lr: logUniform(1e-4, 1) }, run, { trials: 20, objective: 'score' });
 */
export async function randomSearch(
  space: Space,
  execute: Executor,
  options: SearchOptions & { trials: number },
): Promise<SearchResult> {
  const seed = options.seed ?? 0;
  const jobs = jobsFor(randomConfigs(space, options.trials, seed), seed);
  return result(await execute(jobs, options.onRecord), options);
}

/**
 * Grid search, for comparison: every combination of `points` values per dimension.
 * @example
 * const run = inProcess((c) => ({ score: Number(c.x) }));
 * const { best } = await gridSearch({ x: uniform(0, 1) }, run, { points: 5, objective: 'score' }); // x = 1
 */
export async function gridSearch(
  space: Space,
  execute: Executor,
  options: SearchOptions & { points: number },
): Promise<SearchResult> {
  const jobs = jobsFor(gridConfigs(space, options.points), options.seed ?? 0);
  return result(await execute(jobs, options.onRecord), options);
}

export interface CoarseToFineOptions extends SearchOptions {
  rounds: number;
  trialsPerRound: number;
  /** The fraction of a round's best trials that the next round zooms around (default 0.25). */
  keep?: number;
  /** How far past the kept trials' range the zoomed space reaches, as a fraction of it (default 0.25). */
  margin?: number;
}

/**
 * Coarse to fine: a round of random search, then the space shrinks around the best `keep` of
 * all trials so far and the next round samples inside it; repeatable rounds.
 * @example
 * const run = inProcess((c) => ({ score: -Math.abs(Math.log10(Number(c.lr)) + 3) }));
 * const { best } = await coarseToFine({ lr: logUniform(1e-6, 1) }, run, { rounds: 3, trialsPerRound: 8, objective: 'score' });
 */
export async function coarseToFine(
  space: Space,
  execute: Executor,
  options: CoarseToFineOptions,
): Promise<SearchResult & { spaces: Space[] }> {
  const { rounds, trialsPerRound, keep = 0.25, margin = 0.25, seed = 0 } = options;
  if (!Number.isSafeInteger(rounds) || rounds < 1)
    throw new ValueError(`coarseToFine: rounds must be a positive integer, got ${rounds}`);
  if (!(keep > 0 && keep <= 1)) throw new ValueError(`coarseToFine: keep must be in (0, 1], got ${keep}`);
  const trials: TrialRecord[] = [];
  const spaces = [space];
  let current = space;
  for (let round = 0; round < rounds; round++) {
    const configs = randomConfigs(current, trialsPerRound, seed + round);
    trials.push(...(await execute(jobsFor(configs, seed, trials.length), options.onRecord)));
    const ranked = rankTrials(trials, options);
    if (round === rounds - 1 || ranked.length === 0) break;
    const best = ranked.slice(0, Math.max(1, Math.round(keep * ranked.length)));
    current = zoomSpace(
      current,
      best.map((t) => t.config),
      margin,
    );
    spaces.push(current);
  }
  return { ...result(trials, options), spaces };
}
