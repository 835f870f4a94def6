import { getBackend, kernels } from '../backends/registry.js';
import type { View } from '../backends/types.js';
import { DTypeError, ValueError } from '../errors.js';
import { allocateUninitialized, type DType, isFloat, type TypedArray } from './dtype.js';
import { formatTensor } from './format.js';
import { contiguousStrides, type Shape, sizeOf } from './shape.js';

/**
 * The record autograd keeps for a tensor made by an op: the op's inputs and the function that
 * maps the output's gradient to theirs. `backward` is null once the graph has been released.
 */
export interface GradNode {
  readonly op: string;
  inputs: readonly Tensor[];
  backward: ((dy: Tensor) => readonly (Tensor | null | undefined)[]) | null;
  /** Set when the tensor is output `index` of an op with several outputs (split, unbind). */
  readonly multi?: MultiOutputNode;
  readonly index?: number;
}

/**
 * The shared record of an op with several outputs: its backward runs once, with the gradients of
 * all outputs (null for an output that got none), after every output has been reached.
 */
export interface MultiOutputNode {
  readonly outputs: readonly Tensor[];
  backward: ((dys: readonly (Tensor | null)[]) => readonly (Tensor | null | undefined)[]) | null;
}

/** A nested array of numbers or booleans, as `tensor()` accepts and `toArray()` returns. */
export type NestedArray = number | boolean | NestedArray[];

/**
 * An n-dimensional array: a shape, strides and an offset into a typed-array storage. Views
 * (reshape, transpose, slice, ...) share storage; ops return new tensors.
 * @example
 * const x = tensor([[1, 2, 3], [4, 5, 6]]);
 * [x.shape, x.dtype]; // => [[2, 3], 'float32']
 * // 1ᵀ·xᵀx·1 = |x·1|² = 6² + 15²
 * x.transpose().matmul(x).sum().item(); // => 261
 */
export class Tensor {
  readonly shape: Shape;
  readonly strides: Shape;
  readonly offset: number;
  readonly storage: TypedArray;
  readonly dtype: DType;
  /**
   * Where the storage lives: the device of the backend whose allocator made it ('cpu' for the
   * reference and native backends). Ops run on the active backend and need their tensors on its
   * device; `to(device)` moves a tensor.
   */
  readonly device: string;
  /** The accumulated gradient of a leaf that requires grad, after `backward()`. */
  grad: Tensor | null = null;
  /** The autograd record of the op that made this tensor (null for leaves). */
  gradFn: GradNode | null = null;
  /** Keep `.grad` on this non-leaf tensor during backward, like PyTorch's `retain_grad()`. */
  retainsGrad = false;
  private requires = false;

  constructor(
    storage: TypedArray,
    shape: Shape,
    dtype: DType,
    strides?: Shape,
    offset = 0,
    device = getBackend().memory.device,
  ) {
    this.storage = storage;
    this.device = device;
    this.shape = shape;
    this.dtype = dtype;
    this.strides = strides ?? contiguousStrides(shape);
    this.offset = offset;
  }

  /** Whether gradients flow to this tensor. Only float tensors may require grad. */
  get requiresGrad(): boolean {
    return this.requires;
  }

  set requiresGrad(value: boolean) {
    if (value && !isFloat(this.dtype)) {
      throw new DTypeError(
        `requiresGrad: only float tensors can require gradients, got a ${this.dtype} tensor`,
      );
    }
    if (!value && this.gradFn) {
      throw new ValueError('requiresGrad: cannot turn off gradients of a non-leaf tensor; use detach()');
    }
    this.requires = value;
  }

  /** Sets `requiresGrad` in place and returns this tensor (PyTorch's `requires_grad_`). */
  requiresGrad_(value = true): this {
    this.requiresGrad = value;
    return this;
  }

  /** A leaf is a tensor no op made: a user's input or a parameter. */
  get isLeaf(): boolean {
    return this.gradFn === null;
  }

  get ndim(): number {
    return this.shape.length;
  }

  /** The number of elements. */
  get size(): number {
    return sizeOf(this.shape);
  }

  /** Whether the elements lie in row-major order with no gaps from `offset`. */
  isContiguous(): boolean {
    let expected = 1;
    for (let d = this.shape.length - 1; d >= 0; d--) {
      if (this.shape[d] !== 1 && this.strides[d] !== expected) return false;
      expected *= this.shape[d]!;
    }
    return true;
  }

  /**
   * The elements in row-major order as a typed array. For a contiguous tensor this is a view of
   * the storage (writes show through); otherwise a fresh copy.
   * @example
   * tensor([[1, 2], [3, 4]]).data(); // Float32Array [1, 2, 3, 4]
   */
  data(): TypedArray {
    const n = this.size;
    if (this.isContiguous()) {
      if (this.offset === 0 && this.storage.length === n) return this.storage;
      return this.storage.subarray(this.offset, this.offset + n) as TypedArray;
    }
    const out = allocateUninitialized(this.dtype, n); // the copy writes every element
    kernels().copy(viewOf(this), this.shape, out);
    return out;
  }

  /**
   * The elements as nested arrays (numbers; booleans for bool tensors).
   * @example
   * tensor([[1, 2], [3, 4]]).toArray(); // => [[1, 2], [3, 4]]
   */
  toArray(): NestedArray {
    const data = this.data();
    const bool = this.dtype === 'bool';
    const build = (d: number, start: number): NestedArray => {
      if (d === this.shape.length) return bool ? data[start] !== 0 : data[start]!;
      const step = sizeOf(this.shape.slice(d + 1));
      return Array.from({ length: this.shape[d]! }, (_, i) => build(d + 1, start + i * step));
    };
    return build(0, 0);
  }

  /**
   * The value of a one-element tensor as a number.
   * @example
   * tensor([[7]]).item(); // => 7
   */
  item(): number {
    if (this.size !== 1)
      throw new ValueError(`item: expected a tensor with one element, got shape [${this.shape.join(', ')}]`);
    return this.storage[this.offset]!;
  }

  /** A readable print like PyTorch's: `tensor([[1.0000, 2.0000], ...])`. */
  toString(): string {
    return formatTensor(this);
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}

/** Anything an op accepts where a tensor is expected: a tensor or a plain number. */
export type TensorLike = Tensor | number;

/** The strided window a kernel reads a tensor through. */
export function viewOf(t: Tensor): View {
  return { data: t.storage, offset: t.offset, strides: t.strides };
}
