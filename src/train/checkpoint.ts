import { FileFormatError } from '../errors.js';
import { loadSafetensors, type RawTensor, saveSafetensors } from '../io/safetensors.js';
import type { Generator } from '../tensor/random.js';
import { decodeOptimizerState, encodeOptimizerState } from './optimizer-state-codec.js';
import type { OptimizerLike, TrainableModel } from './types.js';
import { asFileError, modelStateFromRaw, modelToRaw } from './weights.js';

const FORMAT = 'nabla.checkpoint.v1';

/** Something that saves and restores its own JSON-able state: a scheduler, a DataLoader. */
export interface Stateful {
  stateDict(): unknown;
  // biome-ignore lint/suspicious/noExplicitAny: each implementation checks the state it is given
  loadStateDict(state: any): void;
}

/** What resumes a run exactly, mid-epoch too; every part but the model is optional. */
export interface CheckpointParts {
  model: TrainableModel;
  optimizer?: OptimizerLike | undefined;
  /** The random generator whose stream should resume where it stopped (shuffling, dropout). */
  generator?: Generator | undefined;
  /** More generators (dropout's default one, augmentation): restored in the same order. */
  generators?: readonly Generator[] | undefined;
  /** The learning-rate scheduler. */
  scheduler?: Stateful | undefined;
  /** The training data's position and shuffle state (a DataLoader), to resume mid-epoch. */
  loader?: Stateful | undefined;
}

export interface CheckpointData extends CheckpointParts {
  epoch: number;
  step: number;
  /** Anything JSON-able: the history, the config, the best score. */
  extra?: unknown;
  /** The training loop's own state (fit's batch index, running means, history); NaN and ±Infinity are kept. */
  run?: unknown;
}

/**
 * Saves everything needed to resume training into one safetensors file, atomically: the model's
 * tensors as `model.<name>`, the optimizer's as `optim.<index>.<buffer>`, and in `__metadata__`
 * the optimizer's other state, the generators', scheduler's and loader's states, epoch, step,
 * `extra` and `run` as JSON. With the loader and every generator saved, a run resumed from a
 * checkpoint taken mid-epoch continues bit for bit as if never stopped.
 * @example
 * const model = new nn.Linear(2, 1);
 * const optimizer = new optim.Adam(model.parameters());
 * const generator = new Generator(0);
 * saveCheckpoint('last.safetensors', { model, optimizer, generator, epoch: 3, step: 1407 });
 */
export function saveCheckpoint(path: string, data: CheckpointData): void {
  const tensors: Record<string, RawTensor> = modelToRaw(data.model, 'model.');
  const metadata: Record<string, string> = {
    format: FORMAT,
    epoch: JSON.stringify(data.epoch),
    step: JSON.stringify(data.step),
  };
  if (data.extra !== undefined) metadata.extra = JSON.stringify(data.extra);
  if (data.optimizer) {
    const encoded = encodeOptimizerState(data.optimizer.stateDict());
    Object.assign(tensors, encoded.tensors);
    metadata.optimizer = encoded.json;
  }
  // NaN (no spare normal draw) is not JSON; null stands for it.
  if (data.generator) metadata.generator = JSON.stringify(generatorJson(data.generator));
  if (data.generators) metadata.generators = JSON.stringify(data.generators.map(generatorJson));
  if (data.scheduler) metadata.scheduler = JSON.stringify(data.scheduler.stateDict());
  if (data.loader) metadata.loader = JSON.stringify(data.loader.stateDict());
  if (data.run !== undefined) metadata.run = JSON.stringify(data.run, keepNonFinite);
  saveSafetensors(path, tensors, metadata);
}

/**
 * Restores a checkpoint into `model` (and `optimizer`, `generator` when given) and returns the
 * epoch, step and extra it was saved with. Everything is checked before anything is changed; any
 * problem throws one {@link FileFormatError} naming the file.
 * @example
 * const model = new nn.Linear(2, 1);
 * const optimizer = new optim.Adam(model.parameters());
 * const generator = new Generator(0);
 * saveCheckpoint('last.safetensors', { model, optimizer, generator, epoch: 3, step: 1407 });
 * const { epoch } = loadCheckpoint('last.safetensors', { model, optimizer, generator });
 * epoch; // => 3
 */
export function loadCheckpoint(
  path: string,
  target: CheckpointParts,
): { epoch: number; step: number; extra: unknown; run?: unknown } {
  const { tensors, metadata } = loadSafetensors(path);
  const fail = (message: string) => new FileFormatError(path, message);
  if (metadata.format !== FORMAT)
    throw fail(`is not a nabla checkpoint (format ${JSON.stringify(metadata.format)}, expected ${FORMAT})`);
  const epoch = parseJson(metadata.epoch, 'epoch', fail);
  const step = parseJson(metadata.step, 'step', fail);
  if (!Number.isSafeInteger(epoch) || !Number.isSafeInteger(step))
    throw fail(`epoch and step must be integers, got ${metadata.epoch} and ${metadata.step}`);
  const extra = metadata.extra === undefined ? undefined : parseJson(metadata.extra, 'extra', fail);
  const modelState = modelStateFromRaw(path, tensors, target.model, 'model.');
  let optimizerState: unknown;
  if (target.optimizer) {
    if (metadata.optimizer === undefined) throw fail('holds no optimizer state');
    try {
      optimizerState = decodeOptimizerState(metadata.optimizer, tensors);
    } catch (error) {
      throw fail(`optimizer state: ${(error as Error).message}`);
    }
  }
  const stray = Object.keys(tensors).filter((n) => !n.startsWith('model.') && !n.startsWith('optim.'));
  if (stray.length > 0) throw fail(`unexpected tensors ${stray.join(', ')}`);
  const generatorState = target.generator ? readGeneratorState(metadata.generator, fail) : undefined;
  const generatorStates = target.generators
    ? readGenerators(metadata.generators, target.generators.length, fail)
    : [];
  const schedulerState = target.scheduler ? parseJson(metadata.scheduler, 'scheduler', fail) : undefined;
  const loaderState = target.loader ? parseJson(metadata.loader, 'loader', fail) : undefined;
  const run = metadata.run === undefined ? undefined : parseJson(metadata.run, 'run', fail, restoreNonFinite);
  // Each loadStateDict checks everything before changing anything; the parts go in one by one
  // and, if one refuses, those already loaded are put back, so a failed load changes nothing.
  // The model goes last: it is never the one to put back.
  const parts: [Stateful | undefined, unknown][] = [
    [target.optimizer, optimizerState],
    [target.scheduler, schedulerState],
    [target.loader, loaderState],
    [
      {
        stateDict: () => target.model.stateDict(),
        loadStateDict: (d) => target.model.loadStateDict(d, { strict: true }),
      },
      modelState,
    ],
  ];
  asFileError(path, () => {
    const done: [Stateful, unknown][] = [];
    try {
      for (const [part, state] of parts) {
        if (!part) continue;
        const previous = part.stateDict();
        part.loadStateDict(state);
        done.push([part, previous]);
      }
    } catch (error) {
      for (const [part, previous] of done.reverse()) if (previous !== undefined) part.loadStateDict(previous);
      throw error;
    }
    if (target.generator && generatorState) target.generator.setState(generatorState);
    for (const [i, g] of (target.generators ?? []).entries()) g.setState(generatorStates[i]!);
  });
  return { epoch: epoch as number, step: step as number, extra, ...(run === undefined ? {} : { run }) };
}

// NaN (no spare normal draw) is not JSON; null stands for it.
function generatorJson(g: Generator): (number | null)[] {
  return g.getState().map((v) => (Number.isNaN(v) ? null : v));
}

// JSON has no NaN or ±Infinity (a NaN loss, an lr of NaN): they go as {"$number": "NaN"}.
function keepNonFinite(_key: string, value: unknown): unknown {
  return typeof value === 'number' && !Number.isFinite(value) ? { $number: String(value) } : value;
}

function restoreNonFinite(_key: string, value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  const n = (value as { $number?: unknown }).$number;
  return n === 'NaN' || n === 'Infinity' || n === '-Infinity' ? Number(n) : value;
}

function parseJson(
  text: string | undefined,
  key: string,
  fail: (m: string) => FileFormatError,
  reviver?: (key: string, value: unknown) => unknown,
): unknown {
  if (text === undefined) throw fail(`__metadata__ lacks ${key}`);
  try {
    return JSON.parse(text, reviver);
  } catch {
    throw fail(`__metadata__.${key} is not valid JSON`);
  }
}

function readGenerators(
  text: string | undefined,
  count: number,
  fail: (m: string) => FileFormatError,
): number[][] {
  const states = parseJson(text, 'generators', fail);
  if (!Array.isArray(states) || states.length !== count)
    throw fail(`__metadata__.generators must hold ${count} generator states, got ${text?.slice(0, 200)}`);
  return states.map((s) => readGeneratorState(JSON.stringify(s), fail));
}

function readGeneratorState(text: string | undefined, fail: (m: string) => FileFormatError): number[] {
  const state = parseJson(text, 'generator', fail);
  const word = (v: unknown) => Number.isInteger(v) && (v as number) >= 0 && (v as number) < 2 ** 32;
  if (
    !Array.isArray(state) ||
    state.length !== 5 ||
    !state.slice(0, 4).every(word) ||
    !(state[4] === null || typeof state[4] === 'number')
  )
    throw fail(`__metadata__.generator must be 5 numbers, got ${text}`);
  return state.map((v: number | null) => (v === null ? Number.NaN : v));
}
