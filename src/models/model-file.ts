import {
  asFileError,
  FileFormatError,
  loadSafetensors,
  modelStateFromRaw,
  modelToRaw,
  type nn,
  saveSafetensors,
  ValueError,
} from '../index.js';
import { lenet5 } from './lenet5.js';
import { mlp, mlpStateSize } from './mlp.js';

function oneOf<T extends string | number>(
  value: unknown,
  allowed: readonly T[],
  name: string,
): T | undefined {
  if (value === undefined) return undefined;
  if (!allowed.includes(value as T))
    throw new ValueError(`${name} must be one of ${allowed.join(', ')}, got ${JSON.stringify(value)}`);
  return value as T;
}

interface Architecture {
  build(config: Record<string, unknown>): nn.Module;
  /**
   * The numbers the built model holds, computed from the config alone (checking it), so that a
   * file whose config would allocate more than the file stores is refused before anything is built.
   */
  stateSize(config: Record<string, unknown>): number;
}

function lenetOptions(config: Record<string, unknown>) {
  const numClasses = config.numClasses ?? 10;
  if (!Number.isSafeInteger(numClasses) || (numClasses as number) <= 0)
    throw new ValueError(`lenet: numClasses must be a positive integer, got ${JSON.stringify(numClasses)}`);
  return {
    numClasses: numClasses as number,
    activation: oneOf(config.activation, ['relu', 'tanh'] as const, 'lenet: activation'),
    inputSize: oneOf(config.inputSize, [28, 32] as const, 'lenet: inputSize'),
    pool: oneOf(config.pool, ['max', 'avg'] as const, 'lenet: pool'),
  };
}

/** The architectures a model file may name; a file is data, so only these can be rebuilt. */
const architectures: Record<string, Architecture> = {
  mlp: { build: (config) => mlp(config), stateSize: (config) => mlpStateSize(config) },
  lenet: {
    build: (config) => lenet5(lenetOptions(config)),
    // conv 1→6 5×5, conv 6→16 5×5, then 400→120→84→classes, each with a bias.
    stateSize: (config) => {
      const c = lenetOptions(config).numClasses;
      return 6 * 25 + 6 + 16 * 6 * 25 + 16 + 400 * 120 + 120 + 120 * 84 + 84 + 84 * c + c;
    },
  },
};

export interface SavedModel {
  architecture: string;
  config: Record<string, unknown>;
  model: nn.Module;
}

/**
 * Saves a zoo model as safetensors: the weights, plus the architecture name and its config (JSON)
 * in the metadata, so {@link loadModel} can rebuild it. Written atomically.
 * @example
 * const config = { inFeatures: 4, hidden: [8], numClasses: 2 };
 * const model = mlp(config);
 * saveModel('mlp.safetensors', 'mlp', config, model);
 */
export function saveModel(path: string, architecture: string, config: object, model: nn.Module): void {
  if (!(architecture in architectures))
    throw new ValueError(
      `saveModel: unknown architecture '${architecture}' (known: ${Object.keys(architectures).join(', ')})`,
    );
  saveSafetensors(path, modelToRaw(model), {
    format: 'nabla-model',
    architecture,
    config: JSON.stringify(config),
  });
}

/**
 * Rebuilds a model saved by {@link saveModel}: the metadata names a known architecture and its
 * config; the weights are validated against the rebuilt model. Nothing in the file runs as code.
 * @example
 * const config = { inFeatures: 4, hidden: [8], numClasses: 2 };
 * saveModel('mlp.safetensors', 'mlp', config, mlp(config));
 * const { model } = loadModel('mlp.safetensors');
 * model.forward(randn([3, 4])).shape; // => [3, 2]
 */
export function loadModel(path: string): SavedModel {
  // Read once: the weights and the metadata come from the same bytes.
  const { tensors, metadata } = loadSafetensors(path);
  if (metadata.format !== 'nabla-model')
    throw new FileFormatError(path, 'is not a nabla model file (its metadata has no format "nabla-model")');
  const architecture = metadata.architecture ?? '';
  const arch = Object.hasOwn(architectures, architecture) ? architectures[architecture] : undefined;
  if (!arch)
    throw new FileFormatError(
      path,
      `names an unknown architecture '${architecture}' (known: ${Object.keys(architectures).join(', ')})`,
    );
  let config: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(metadata.config ?? '{}');
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      throw new Error('not an object');
    config = parsed as Record<string, unknown>;
  } catch (error) {
    throw new FileFormatError(path, `has an invalid model config (${(error as Error).message})`);
  }
  const stored = Object.values(tensors).reduce((n, t) => n + t.data.length, 0);
  let model: nn.Module;
  try {
    const needed = arch.stateSize(config);
    if (needed !== stored) {
      throw new Error(`it needs ${needed} numbers, the file stores ${stored}`);
    }
    model = arch.build(config);
  } catch (error) {
    throw new FileFormatError(
      path,
      `has a config that does not build a ${architecture}: ${(error as Error).message}`,
    );
  }
  const dict = modelStateFromRaw(path, tensors, model);
  asFileError(path, () => model.loadStateDict(dict, { strict: true }));
  return { architecture, config, model };
}
