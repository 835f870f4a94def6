import { FileFormatError, NablaError } from '../errors.js';
import { loadSafetensors, type RawTensor, saveSafetensors } from '../io/safetensors.js';
import { Buffer } from '../nn/buffer.js';
import { resolveAliases } from '../nn/state-dict-aliases.js';
import { formatShape, shapesEqual } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import type { TrainableModel } from './types.js';

/**
 * A tensor as safetensors data (its elements in row-major order).
 * @example
 * toRaw(tensor([[1, 2]])); // => { dtype: 'float32', shape: [1, 2], data: [1, 2] }
 */
export function toRaw(t: Tensor): RawTensor {
  return { dtype: t.dtype, shape: [...t.shape], data: t.data() };
}

/**
 * A decoded safetensors entry as a tensor (the decoder gave it fresh storage).
 * @example
 * fromRaw({ dtype: 'float32', shape: [2], data: new Float32Array([1, 2]) }); // => [1, 2]
 */
export function fromRaw(raw: RawTensor): Tensor {
  return new Tensor(raw.data, raw.shape, raw.dtype);
}

/**
 * The model's state dict as raw tensors named `${prefix}${name}`.
 * @example
 * Object.keys(modelToRaw(new nn.Linear(2, 1), 'model.')); // => ['model.weight', 'model.bias']
 */
export function modelToRaw(model: TrainableModel, prefix = ''): Record<string, RawTensor> {
  return Object.fromEntries(Object.entries(model.stateDict()).map(([name, t]) => [prefix + name, toRaw(t)]));
}

/**
 * Checks the file's `${prefix}*` tensors against the model's state dict (every name present, no
 * extra names, same shapes and dtypes) and returns them as a state dict. Names may also be the
 * model's `stateDictAliases` (torchvision's, for the zoo), and an optional buffer (BatchNorm's
 * `numBatchesTracked`) may be absent. All problems are listed in one {@link FileFormatError}
 * naming the file.
 * @example
 * const raw = modelToRaw(new nn.Linear(2, 1), 'model.');
 * Object.keys(modelStateFromRaw('weights.safetensors', raw, new nn.Linear(2, 1), 'model.')); // => ['weight', 'bias']
 */
export function modelStateFromRaw(
  file: string,
  tensors: Record<string, RawTensor>,
  model: TrainableModel,
  prefix = '',
): Record<string, Tensor> {
  const expected = model.stateDict();
  const scoped = Object.entries(tensors).filter(([name]) => name.startsWith(prefix));
  const aliases = model.stateDictAliases?.() ?? new Map<string, string>();
  const {
    dict: raws,
    aliasOf,
    conflicts,
  } = resolveAliases(
    Object.fromEntries(scoped.map(([name, raw]) => [name.slice(prefix.length), raw])),
    expected,
    aliases,
  );
  const fileName = (name: string) => prefix + (aliasOf.get(name) ?? name);
  // A file written under aliases hears of a missing entry by the alias it should have used.
  const aliasFor = new Map([...aliases].map(([alias, own]) => [own, alias]));
  const missingName = (name: string) => {
    const alias = aliasOf.size > 0 ? aliasFor.get(name) : undefined;
    return alias === undefined ? prefix + name : `${prefix + alias} (own name ${name})`;
  };
  const problems = [...conflicts];
  const dict: Record<string, Tensor> = {};
  for (const [name, t] of Object.entries(expected)) {
    const raw = Object.hasOwn(raws, name) ? raws[name] : undefined;
    if (!raw) {
      if (!(t instanceof Buffer && t.optional)) problems.push(`missing ${missingName(name)}`);
    } else if (!shapesEqual(raw.shape, t.shape) || raw.dtype !== t.dtype)
      problems.push(
        `${fileName(name)} is ${raw.dtype} ${formatShape(raw.shape)}, the model expects ${t.dtype} ${formatShape(t.shape)}`,
      );
    else dict[name] = fromRaw(raw);
  }
  for (const name of Object.keys(raws)) {
    if (!Object.hasOwn(expected, name)) problems.push(`unexpected ${prefix + name}`);
  }
  if (problems.length > 0)
    throw new FileFormatError(file, `does not match the model: ${problems.join('; ')}`);
  return dict;
}

/**
 * Runs `fn`, turning nabla's own errors into one FileFormatError naming `file`.
 * @example
 * // FileFormatError: weights.safetensors: reshape: ...
 * asFileError('weights.safetensors', () => reshape(zeros([6]), [4])); // => throws FileFormatError
 */
export function asFileError<T>(file: string, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof FileFormatError || !(error instanceof NablaError)) throw error;
    throw new FileFormatError(file, error.message);
  }
}

/**
 * Writes the model's state dict to a safetensors file (atomically), under its own names.
 * @example
 * const model = new nn.Sequential(new nn.Linear(4, 8), new nn.ReLU(), new nn.Linear(8, 2));
 * saveWeights('mlp.safetensors', model);
 */
export function saveWeights(path: string, model: TrainableModel): void {
  saveSafetensors(path, modelToRaw(model));
}

/**
 * Loads weights saved by {@link saveWeights} (or any safetensors file with the same names, or
 * with the model's `stateDictAliases`: PyTorch's spelling, torchvision's names for the zoo), after
 * checking every name, shape and dtype against the model. A file saved from PyTorch may hold F16,
 * BF16 and I64 tensors (read as float32 and int32).
 * @example
 * const model = new nn.Sequential(new nn.Linear(4, 8), new nn.ReLU(), new nn.Linear(8, 2));
 * saveWeights('mlp.safetensors', model);
 * loadWeights('mlp.safetensors', new nn.Sequential(new nn.Linear(4, 8), new nn.ReLU(), new nn.Linear(8, 2)));
 */
export function loadWeights(path: string, model: TrainableModel): void {
  const { tensors } = loadSafetensors(path);
  const dict = modelStateFromRaw(path, tensors, model);
  asFileError(path, () => model.loadStateDict(dict, { strict: true }));
}
