import { DTypeError, ShapeError, ValueError } from '../errors.js';
import { allocate, arrayTypes, checkDType, type DType, dtypeOf, isFloat, type TypedArray } from './dtype.js';
import { defaultGenerator, type Generator } from './random.js';
import { checkShape, sizeOf } from './shape.js';
import { type NestedArray, Tensor } from './tensor.js';

export interface TensorOptions {
  dtype?: DType;
  requiresGrad?: boolean;
}

export interface RandomOptions extends TensorOptions {
  generator?: Generator;
}

function make(data: TypedArray, shape: readonly number[], dtype: DType, requiresGrad = false): Tensor {
  const t = new Tensor(data, shape, dtype);
  if (requiresGrad) t.requiresGrad = true;
  return t;
}

function inferShape(value: NestedArray): number[] {
  const shape: number[] = [];
  let level: NestedArray = value;
  while (Array.isArray(level)) {
    shape.push(level.length);
    if (level.length === 0) break;
    level = level[0]!;
  }
  return shape;
}

function flatten(value: NestedArray, shape: readonly number[], out: TypedArray, op: string): void {
  let i = 0;
  const walk = (v: NestedArray, d: number, path: string): void => {
    if (d === shape.length) {
      if (Array.isArray(v))
        throw new ShapeError(`${op}: ragged nested array: ${path || 'value'} is an array, expected a number`);
      if (typeof v !== 'number' && typeof v !== 'boolean') {
        throw new ValueError(`${op}: expected numbers or booleans, got ${typeof v} at ${path}`);
      }
      out[i++] = typeof v === 'boolean' ? Number(v) : v;
      return;
    }
    if (!Array.isArray(v) || v.length !== shape[d]) {
      const got = Array.isArray(v) ? `length ${v.length}` : 'a number';
      throw new ShapeError(
        `${op}: ragged nested array: ${path || 'the value'} has ${got}, expected length ${shape[d]}`,
      );
    }
    v.forEach((x, j) => {
      walk(x, d + 1, `${path}[${j}]`);
    });
  };
  walk(value, 0, '');
}

function firstLeaf(value: NestedArray): NestedArray | undefined {
  let v: NestedArray | undefined = value;
  while (Array.isArray(v)) v = v[0];
  return v;
}

/**
 * Makes a tensor from nested arrays, a number, or a typed array (whose dtype it keeps; its memory
 * is copied). Numbers default to float32 and booleans to bool.
 * @example
 * const x = tensor([[1, 2], [3, 4]]); // shape [2, 2], float32
 * const i = tensor([0, 2], { dtype: 'int32' });
 */
export function tensor(
  value: NestedArray | TypedArray,
  options: TensorOptions & { shape?: number[] } = {},
): Tensor {
  if (ArrayBuffer.isView(value)) {
    const dtype = checkDType(options.dtype ?? dtypeOf(value), 'tensor');
    const shape = options.shape ? checkShape(options.shape, 'tensor') : [value.length];
    if (sizeOf(shape) !== value.length) {
      throw new ShapeError(
        `tensor: shape [${shape.join(', ')}] holds ${sizeOf(shape)} elements, but the data has ${value.length}`,
      );
    }
    const data = allocate(dtype, value.length);
    data.set(value);
    return make(data, shape, dtype, options.requiresGrad);
  }
  const shape = inferShape(value);
  const leaf = firstLeaf(value);
  const dtype = checkDType(options.dtype ?? (typeof leaf === 'boolean' ? 'bool' : 'float32'), 'tensor');
  const data = allocate(dtype, sizeOf(shape));
  flatten(value, shape, data, 'tensor');
  if (options.shape) {
    checkShape(options.shape, 'tensor');
    if (sizeOf(options.shape) !== data.length) {
      throw new ShapeError(
        `tensor: shape [${options.shape.join(', ')}] holds ${sizeOf(options.shape)} elements, but the data has ${data.length}`,
      );
    }
    return make(data, options.shape, dtype, options.requiresGrad);
  }
  return make(data, shape, dtype, options.requiresGrad);
}

/**
 * A tensor of `shape` filled with `value`.
 * @example
 * full([2, 3], 7);
 */
export function full(shape: readonly number[], value: number, options: TensorOptions = {}): Tensor {
  checkShape(shape, 'full');
  const dtype = checkDType(options.dtype ?? 'float32', 'full');
  const data = allocate(dtype, sizeOf(shape));
  if (value !== 0) data.fill(value);
  return make(data, [...shape], dtype, options.requiresGrad);
}

/** @example zeros([2, 3]); */
export function zeros(shape: readonly number[], options: TensorOptions = {}): Tensor {
  checkShape(shape, 'zeros');
  return full(shape, 0, options);
}

/** @example ones([2, 3]); */
export function ones(shape: readonly number[], options: TensorOptions = {}): Tensor {
  checkShape(shape, 'ones');
  return full(shape, 1, options);
}

/** Zeros of `like`'s shape and dtype. @example zerosLike(tensor([1, 2])); */
export function zerosLike(like: Tensor, options: TensorOptions = {}): Tensor {
  return full(like.shape, 0, { dtype: like.dtype, ...options });
}

/** Ones of `like`'s shape and dtype. @example onesLike(tensor([1, 2])); */
export function onesLike(like: Tensor, options: TensorOptions = {}): Tensor {
  return full(like.shape, 1, { dtype: like.dtype, ...options });
}

/** `value` everywhere, in `like`'s shape and dtype. @example fullLike(tensor([1, 2]), 5); */
export function fullLike(like: Tensor, value: number, options: TensorOptions = {}): Tensor {
  return full(like.shape, value, { dtype: like.dtype, ...options });
}

/**
 * Evenly spaced values in [start, end) with `step`; `arange(n)` counts 0 … n−1. Integer
 * arguments give int32 unless a dtype is given.
 * @example
 * arange(5); // => [0, 1, 2, 3, 4]
 * arange(5).dtype; // => 'int32'
 * arange(0, 1, 0.25); // => [0, 0.25, 0.5, 0.75]
 */
export function arange(start: number, end?: number, step = 1, options: TensorOptions = {}): Tensor {
  if (end === undefined) {
    end = start;
    start = 0;
  }
  for (const [name, v] of [
    ['start', start],
    ['end', end],
    ['step', step],
  ] as const) {
    if (!Number.isFinite(v)) throw new ValueError(`arange: ${name} must be finite, got ${v}`);
  }
  if (step === 0) throw new ValueError('arange: step must be non-zero, got 0');
  if ((end - start) * step < 0) {
    throw new ValueError(
      `arange: step ${step} points away from end (start ${start}, end ${end}); use a step of the other sign`,
    );
  }
  const n = Math.max(0, Math.ceil((end - start) / step));
  const dtype = checkDType(
    options.dtype ?? ([start, end, step].every(Number.isInteger) ? 'int32' : 'float32'),
    'arange',
  );
  const data = allocate(dtype, n);
  for (let i = 0; i < n; i++) data[i] = start + i * step;
  return make(data, [n], dtype, options.requiresGrad);
}

/**
 * `steps` evenly spaced values from start to end inclusive.
 * @example
 * linspace(0, 1, 5); // => [0, 0.25, 0.5, 0.75, 1]
 */
export function linspace(start: number, end: number, steps: number, options: TensorOptions = {}): Tensor {
  if (!Number.isFinite(start) || !Number.isFinite(end))
    throw new ValueError(`linspace: start and end must be finite, got ${start} and ${end}`);
  if (!Number.isSafeInteger(steps) || steps < 0)
    throw new ValueError(`linspace: steps must be a non-negative integer, got ${steps}`);
  const dtype = checkDType(options.dtype ?? 'float32', 'linspace');
  const data = allocate(dtype, steps);
  const delta = steps > 1 ? (end - start) / (steps - 1) : 0;
  for (let i = 0; i < steps; i++) data[i] = i === steps - 1 && steps > 1 ? end : start + i * delta;
  return make(data, [steps], dtype, options.requiresGrad);
}

/**
 * The identity matrix (n × m, m defaults to n).
 * @example
 * eye(3);
 */
export function eye(n: number, m = n, options: TensorOptions = {}): Tensor {
  checkShape([n, m], 'eye', '[n, m]');
  const t = zeros([n, m], options);
  for (let i = 0; i < Math.min(n, m); i++) t.storage[i * m + i] = 1;
  return t;
}

function floatDtype(options: TensorOptions, op: string): DType {
  const dtype = checkDType(options.dtype ?? 'float32', 'eye');
  if (!isFloat(dtype)) throw new DTypeError(`${op}: dtype must be float32 or float64, got ${dtype}`);
  return dtype;
}

/**
 * Uniform samples in [low, high) (default [0, 1)).
 * @example
 * manualSeed(0);
 * rand([2, 2]);
 */
export function rand(
  shape: readonly number[],
  options: RandomOptions & { low?: number; high?: number } = {},
): Tensor {
  checkShape(shape, 'rand');
  const dtype = floatDtype(options, 'rand');
  const { low = 0, high = 1 } = options;
  const g = options.generator ?? defaultGenerator;
  const data = allocate(dtype, sizeOf(shape));
  for (let i = 0; i < data.length; i++) data[i] = low + (high - low) * g.uniform();
  return make(data, [...shape], dtype, options.requiresGrad);
}

/**
 * Normal samples with mean 0 and standard deviation 1 (or `mean`/`std`).
 * @example
 * randn([3]);
 */
export function randn(
  shape: readonly number[],
  options: RandomOptions & { mean?: number; std?: number } = {},
): Tensor {
  checkShape(shape, 'randn');
  const dtype = floatDtype(options, 'randn');
  const { mean = 0, std = 1 } = options;
  if (!(std >= 0)) throw new ValueError(`randn: std must be non-negative, got ${std}`);
  const g = options.generator ?? defaultGenerator;
  const data = allocate(dtype, sizeOf(shape));
  for (let i = 0; i < data.length; i++) data[i] = mean + std * g.normal();
  return make(data, [...shape], dtype, options.requiresGrad);
}

/**
 * Uniform integers in [low, high), int32.
 * @example
 * randint(0, 10, [5]);
 */
export function randint(
  low: number,
  high: number,
  shape: readonly number[],
  options: RandomOptions = {},
): Tensor {
  checkShape(shape, 'randint');
  if (!Number.isSafeInteger(low) || !Number.isSafeInteger(high) || high <= low) {
    throw new ValueError(`randint: expected integers low < high, got low ${low} and high ${high}`);
  }
  const g = options.generator ?? defaultGenerator;
  const dtype = checkDType(options.dtype ?? 'int32', 'randint');
  const data = allocate(dtype, sizeOf(shape));
  for (let i = 0; i < data.length; i++) data[i] = low + g.below(high - low);
  return make(data, [...shape], dtype);
}

/**
 * 1 with probability p, else 0 (p a number or a tensor of probabilities).
 * @example
 * bernoulli(0.8, [4]);
 */
export function bernoulli(
  p: number | Tensor,
  shape?: readonly number[],
  options: RandomOptions = {},
): Tensor {
  const g = options.generator ?? defaultGenerator;
  const probs = typeof p === 'number' ? undefined : p.data();
  const outShape = typeof p === 'number' ? checkShape(shape ?? [], 'bernoulli') : p.shape;
  const dtype = checkDType(options.dtype ?? (typeof p === 'number' ? 'float32' : p.dtype), 'bernoulli');
  const data = allocate(dtype, sizeOf(outShape));
  for (let i = 0; i < data.length; i++) {
    const pi = probs ? probs[i]! : (p as number);
    if (!(pi >= 0 && pi <= 1)) throw new ValueError(`bernoulli: probabilities must be in [0, 1], got ${pi}`);
    data[i] = g.uniform() < pi ? 1 : 0;
  }
  return make(data, [...outShape], dtype);
}

/**
 * A random permutation of 0 … n−1 (int32), by Fisher–Yates.
 * @example
 * randperm(5);
 */
export function randperm(n: number, options: RandomOptions = {}): Tensor {
  if (!Number.isSafeInteger(n) || n < 0)
    throw new ValueError(`randperm: n must be a non-negative integer, got ${n}`);
  const g = options.generator ?? defaultGenerator;
  const data = new arrayTypes.int32(n);
  for (let i = 0; i < n; i++) data[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = g.below(i + 1);
    const t = data[i]!;
    data[i] = data[j]!;
    data[j] = t;
  }
  return make(data, [n], 'int32');
}
