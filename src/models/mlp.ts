import { nn, ValueError } from '../index.js';

export interface MlpConfig {
  /** Input features (784 for flattened MNIST). */
  inFeatures: number;
  /** Hidden layer widths, each followed by ReLU (and dropout when set). */
  hidden: number[];
  numClasses: number;
  /** Dropout probability after each hidden layer (0 = none). */
  dropout: number;
}

export const defaultMlpConfig: MlpConfig = {
  inFeatures: 784,
  hidden: [512, 256],
  numClasses: 10,
  dropout: 0,
};

/**
 * The full config of {@link mlp} from a partial one, checked (positive integer widths, dropout in
 * [0, 1)) without building anything.
 * @example
 * mlpConfig({ hidden: [64] }).numClasses; // => 10
 */
export function mlpConfig(config: Partial<MlpConfig> = {}): MlpConfig {
  const c = { ...defaultMlpConfig, ...config };
  if (!Array.isArray(c.hidden))
    throw new ValueError(`mlp: hidden must be an array of widths, got ${JSON.stringify(c.hidden)}`);
  for (const [name, value] of [
    ['inFeatures', c.inFeatures],
    ['numClasses', c.numClasses],
    ...c.hidden.map((h, i) => [`hidden[${i}]`, h] as const),
  ] as const) {
    if (!Number.isSafeInteger(value) || value <= 0)
      throw new ValueError(`mlp: ${name} must be a positive integer, got ${value}`);
  }
  if (!(c.dropout >= 0 && c.dropout < 1))
    throw new ValueError(`mlp: dropout must be in [0, 1), got ${c.dropout}`);
  return c;
}

/**
 * How many numbers an {@link mlp} of this config holds (weights and biases), computed without
 * building it: a model file's config is checked against its stored tensors with this first.
 * @example
 * mlpStateSize({ inFeatures: 4, hidden: [3], numClasses: 2 }); // => 23
 */
export function mlpStateSize(config: Partial<MlpConfig> = {}): number {
  const c = mlpConfig(config);
  let size = 0;
  let width = c.inFeatures;
  for (const h of [...c.hidden, c.numClasses]) {
    size += width * h + h;
    width = h;
  }
  return size;
}

/**
 * A multilayer perceptron: Linear → ReLU (→ Dropout) per hidden layer, then a Linear head that
 * returns logits. The default is the 784-512-256-10 network of the benchmark workload.
 * @example
 * const model = mlp({ hidden: [128] }); // 784-128-10
 */
export function mlp(config: Partial<MlpConfig> = {}): nn.Sequential {
  const c = mlpConfig(config);
  const layers: nn.Module[] = [];
  let width = c.inFeatures;
  for (const h of c.hidden) {
    layers.push(new nn.Linear(width, h), new nn.ReLU());
    if (c.dropout > 0) layers.push(new nn.Dropout(c.dropout));
    width = h;
  }
  layers.push(new nn.Linear(width, c.numClasses));
  return new nn.Sequential(...layers);
}
