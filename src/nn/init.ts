/**
 * Initializers: each fills a tensor in place (without recording a graph) and returns it. Random
 * ones take an optional Generator (default `defaultGenerator`), so a seed reproduces a model.
 */
import { ShapeError, ValueError } from '../errors.js';
import { defaultGenerator, type Generator } from '../tensor/random.js';
import { formatShape } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';

/** The generator option every random initializer takes. */
export interface InitOptions {
  generator?: Generator;
}

/** How a Kaiming initializer scales: by the fan-in (forward pass) or the fan-out (backward pass). */
export type FanMode = 'fanIn' | 'fanOut';

/** The nonlinearities {@link calculateGain} knows. */
export type Nonlinearity = 'linear' | 'sigmoid' | 'tanh' | 'relu' | 'leakyRelu' | 'selu';

/** Writes `value(i)` into every element of `t` (contiguous) and returns `t`. */
function fill(t: Tensor, op: string, value: (i: number) => number): Tensor {
  if (!t.isContiguous()) throw new ShapeError(`${op}: the tensor must be contiguous`);
  const data = t.data();
  for (let i = 0; i < data.length; i++) data[i] = value(i);
  return t;
}

/**
 * fan_in and fan_out of a weight: `[out, in]` for Linear, `[out, in, k...]` for convolutions
 * (where each counts the kernel's elements: fan_in = in·k·k).
 * @example
 * calculateFanInAndFanOut([16, 3, 5, 5]); // => [75, 400]
 */
export function calculateFanInAndFanOut(shape: readonly number[]): [number, number] {
  if (shape.length < 2) {
    throw new ValueError(
      `calculateFanInAndFanOut: needs a tensor of rank 2 or more, got shape ${formatShape(shape)}`,
    );
  }
  const receptive = shape.slice(2).reduce((n, s) => n * s, 1);
  return [shape[1]! * receptive, shape[0]! * receptive];
}

/**
 * The gain that keeps activations' variance stable through a nonlinearity (PyTorch's values:
 * √2 for ReLU, 5/3 for tanh, √(2/(1+a²)) for leaky ReLU with slope a, 3/4 for SELU).
 * @example
 * calculateGain('relu'); // => 1.4142
 */
export function calculateGain(nonlinearity: Nonlinearity, param = 0.01): number {
  switch (nonlinearity) {
    case 'linear':
    case 'sigmoid':
      return 1;
    case 'tanh':
      return 5 / 3;
    case 'relu':
      return Math.SQRT2;
    case 'leakyRelu':
      return Math.sqrt(2 / (1 + param * param));
    case 'selu':
      return 3 / 4;
    default:
      throw new ValueError(`calculateGain: unknown nonlinearity '${String(nonlinearity)}'`);
  }
}

/** Fills with zeros. @example initZeros(Parameter.zeros([3])); */
export function initZeros(t: Tensor): Tensor {
  return fill(t, 'initZeros', () => 0);
}

/** Fills with `value`. @example initConstant(weight, 0.5); */
export function initConstant(t: Tensor, value: number): Tensor {
  return fill(t, 'initConstant', () => value);
}

/**
 * Normal samples, by default with the small σ = 0.01 the course uses (`np.random.randn(...) * 0.01`).
 * @example
 * const weight = zeros([3, 4]);
 * initNormal(weight, { std: 0.01 });
 */
export function initNormal(t: Tensor, { mean = 0, std = 0.01, generator = defaultGenerator } = {}): Tensor {
  if (!(std >= 0)) throw new ValueError(`initNormal: std must be non-negative, got ${std}`);
  return fill(t, 'initNormal', () => mean + std * generator.normal());
}

/**
 * Uniform samples in [low, high) (default [0, 1)).
 * @example
 * const weight = zeros([3, 4]);
 * initUniform(weight, { low: -0.1, high: 0.1 });
 */
export function initUniform(t: Tensor, { low = 0, high = 1, generator = defaultGenerator } = {}): Tensor {
  if (!(high >= low)) throw new ValueError(`initUniform: expected low ≤ high, got ${low} and ${high}`);
  return fill(t, 'initUniform', () => low + (high - low) * generator.uniform());
}

/**
 * Glorot/Xavier uniform: U(±a) with a = gain·√(6/(fan_in+fan_out)), i.e. std gain·√(2/(fan_in+fan_out)).
 * @see http://proceedings.mlr.press/v9/glorot10a.html
 * @example
 * xavierUniform(new nn.Linear(4, 3).weight);
 */
export function xavierUniform(t: Tensor, { gain = 1, generator = defaultGenerator } = {}): Tensor {
  const [fanIn, fanOut] = calculateFanInAndFanOut(t.shape);
  const a = gain * Math.sqrt(6 / (fanIn + fanOut));
  return fill(t, 'xavierUniform', () => a * (2 * generator.uniform() - 1));
}

/**
 * Glorot/Xavier normal: N(0, σ²) with σ = gain·√(2/(fan_in+fan_out)).
 * @see http://proceedings.mlr.press/v9/glorot10a.html
 * @example
 * xavierNormal(new nn.Linear(4, 3).weight, { gain: calculateGain('tanh') });
 */
export function xavierNormal(t: Tensor, { gain = 1, generator = defaultGenerator } = {}): Tensor {
  const [fanIn, fanOut] = calculateFanInAndFanOut(t.shape);
  const std = gain * Math.sqrt(2 / (fanIn + fanOut));
  return fill(t, 'xavierNormal', () => std * generator.normal());
}

/**
 * LeCun normal: N(0, 1/fan_in), the init SELU networks need.
 * @see https://arxiv.org/abs/1706.02515
 * @example
 * lecunNormal(new nn.Linear(4, 3).weight);
 */
export function lecunNormal(t: Tensor, { generator = defaultGenerator }: InitOptions = {}): Tensor {
  const [fanIn] = calculateFanInAndFanOut(t.shape);
  const std = Math.sqrt(1 / fanIn);
  return fill(t, 'lecunNormal', () => std * generator.normal());
}

/** Options of the Kaiming (He) initializers. */
export interface KaimingOptions extends InitOptions {
  /** Negative slope of a leaky ReLU (used when nonlinearity is 'leakyRelu'). */
  a?: number;
  mode?: FanMode;
  nonlinearity?: Nonlinearity;
}

function kaimingStd(t: Tensor, { a = 0, mode = 'fanIn', nonlinearity = 'relu' }: KaimingOptions): number {
  const [fanIn, fanOut] = calculateFanInAndFanOut(t.shape);
  return calculateGain(nonlinearity, a) / Math.sqrt(mode === 'fanIn' ? fanIn : fanOut);
}

/**
 * He normal: N(0, σ²) with σ = gain/√fan, √(2/fan_in) for ReLU.
 * @see https://arxiv.org/abs/1502.01852
 * @example
 * kaimingNormal(new nn.Linear(4, 3).weight);
 */
export function kaimingNormal(t: Tensor, options: KaimingOptions = {}): Tensor {
  const std = kaimingStd(t, options);
  const g = options.generator ?? defaultGenerator;
  return fill(t, 'kaimingNormal', () => std * g.normal());
}

/**
 * He uniform: U(±gain·√(3/fan)), the same variance as {@link kaimingNormal}.
 * @see https://arxiv.org/abs/1502.01852
 * @example
 * kaimingUniform(new nn.Linear(4, 3).weight, { mode: 'fanOut' });
 */
export function kaimingUniform(t: Tensor, options: KaimingOptions = {}): Tensor {
  const bound = Math.sqrt(3) * kaimingStd(t, options);
  const g = options.generator ?? defaultGenerator;
  return fill(t, 'kaimingUniform', () => bound * (2 * g.uniform() - 1));
}

/**
 * A (semi-)orthogonal matrix times `gain`: the tensor is read as `[shape[0], rest]`; its rows
 * (when fewer) or columns are orthonormal. Made by Gram–Schmidt on a normal matrix.
 * @see https://arxiv.org/abs/1312.6120
 * @example
 * orthogonal(new nn.Linear(4, 4).weight); // WᵀW ≈ I
 */
export function orthogonal(t: Tensor, { gain = 1, generator = defaultGenerator } = {}): Tensor {
  if (t.ndim < 2)
    throw new ValueError(`orthogonal: needs a tensor of rank 2 or more, got shape ${formatShape(t.shape)}`);
  const rows = t.shape[0]!;
  const cols = t.size / Math.max(rows, 1);
  // Orthonormalize the k shorter vectors of length n, then lay them out as rows or columns.
  const [k, n] = rows < cols ? [rows, cols] : [cols, rows];
  const q = gramSchmidt(k, n, generator);
  return fill(t, 'orthogonal', (i) => {
    const r = Math.floor(i / cols);
    const c = i % cols;
    return gain * (rows < cols ? q[r]![c]! : q[c]![r]!);
  });
}

/** k orthonormal vectors of length n (k ≤ n) by modified Gram–Schmidt on normal draws. */
function gramSchmidt(k: number, n: number, g: Generator): Float64Array[] {
  const q: Float64Array[] = [];
  while (q.length < k) {
    const v = Float64Array.from({ length: n }, () => g.normal());
    for (const u of q) {
      let dot = 0;
      for (let j = 0; j < n; j++) dot += u[j]! * v[j]!;
      for (let j = 0; j < n; j++) v[j]! -= dot * u[j]!;
    }
    let norm = 0;
    for (let j = 0; j < n; j++) norm += v[j]! * v[j]!;
    norm = Math.sqrt(norm);
    // A draw (almost) inside the span so far carries no new direction: draw again.
    if (norm < 1e-10) continue;
    for (let j = 0; j < n; j++) v[j]! /= norm;
    q.push(v);
  }
  return q;
}
