import { FileFormatError } from '../errors.js';
import { loadSafetensors, type RawTensor, saveSafetensors } from '../io/safetensors.js';
import type { Generator } from '../tensor/random.js';
import { decodeOptimizerState, encodeOptimizerState } from './optimizer-state-codec.js';
import type { OptimizerLike, TrainableModel } from './types.js';
import { asFileError, modelStateFromRaw, modelToRaw } from './weights.js';

const FORMAT = 'nabla.checkpoint.v1';

export interface CheckpointData {
  model: TrainableModel;
  optimizer?: OptimizerLike | undefined;
  /** The random generator whose stream should resume where it stopped (shuffling, dropout). */
  generator?: Generator | undefined;
  epoch: number;
  step: number;
  /** Anything JSON-able: the history, the config, the best score. */
  extra?: unknown;
}

/**
 * Saves everything needed to resume training into one safetensors file, atomically: the model's
 * tensors as `model.<name>`, the optimizer's as `optim.<index>.<buffer>`, and in `__metadata__`
 * the optimizer's other state, the generator's state, epoch, step and `extra` as JSON.
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
  if (data.generator)
    metadata.generator = JSON.stringify(data.generator.getState().map((v) => (Number.isNaN(v) ? null : v)));
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
  target: { model: TrainableModel; optimizer?: OptimizerLike | undefined; generator?: Generator | undefined },
): { epoch: number; step: number; extra: unknown } {
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
  // Each loadStateDict checks everything before changing anything. The optimizer goes first and
  // is put back if the model then refuses, so a failed load leaves both as they were.
  asFileError(path, () => {
    const previous = target.optimizer?.stateDict();
    if (target.optimizer) target.optimizer.loadStateDict(optimizerState);
    try {
      target.model.loadStateDict(modelState, { strict: true });
    } catch (error) {
      if (target.optimizer) target.optimizer.loadStateDict(previous);
      throw error;
    }
    if (target.generator && generatorState) target.generator.setState(generatorState);
  });
  return { epoch: epoch as number, step: step as number, extra };
}

function parseJson(text: string | undefined, key: string, fail: (m: string) => FileFormatError): unknown {
  if (text === undefined) throw fail(`__metadata__ lacks ${key}`);
  try {
    return JSON.parse(text);
  } catch {
    throw fail(`__metadata__.${key} is not valid JSON`);
  }
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
