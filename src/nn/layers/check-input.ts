import { DTypeError, ShapeError, ValueError } from '../../errors.js';
import { isFloat } from '../../tensor/dtype.js';
import { Tensor } from '../../tensor/tensor.js';
import type { Module } from '../module.js';

/**
 * One axis of an expected layout: a number is a size the axis must have, a word (`'batch'`) is an
 * axis of any size, and `'...'` (at most once) stands for any number of axes; `'...spatial'`, a
 * named rest, for one or more.
 */
export type Axis = number | string;

/** What {@link checkInput} expects of a layer's input. */
export interface InputSpec {
  /** The layouts accepted, any one of them (default: any shape). */
  shapes?: readonly (readonly Axis[])[];
  /** 'float' (default) for float32/float64, 'int' for int32 indices, 'any' for no check. */
  dtype?: 'float' | 'int' | 'any';
  /** The argument's name, for layers with several inputs (default 'input'). */
  arg?: string;
}

/** A layer as its errors name it: its class and settings, `Linear(inFeatures=784, outFeatures=10)`. */
export function layerName(layer: Module): string {
  return `${layer.constructor.name}(${layer.extraRepr()})`;
}

/**
 * Checks a layer's input at the top of `forward`, so a wrong input is reported in the layer's
 * terms (as TensorFlow.js does) rather than by the op deep inside, which knows only its own
 * arguments. Returns the input as a Tensor.
 * @example
 * const fc = new nn.Linear(784, 10);
 * checkInput(fc, ones([4, 784]), { shapes: [['...', 784]] }); // fine
 * // ShapeError: Linear(inFeatures=784, outFeatures=10): expected input [..., 784], got [4, 1, 28, 28]
 * checkInput(fc, ones([4, 1, 28, 28]), { shapes: [['...', 784]] }); // => throws ShapeError
 */
export function checkInput(layer: Module, x: unknown, spec: InputSpec = {}): Tensor {
  const { shapes, dtype = 'float', arg = 'input' } = spec;
  if (!(x instanceof Tensor))
    throw new ValueError(`${layerName(layer)}: expected ${arg} to be a Tensor, got ${describe(x)}`);
  if (dtype === 'float' && !isFloat(x.dtype))
    throw new DTypeError(`${layerName(layer)}: expected ${arg} of dtype float32 or float64, got ${x.dtype}`);
  if (dtype === 'int' && x.dtype !== 'int32')
    throw new DTypeError(`${layerName(layer)}: expected ${arg} of dtype int32 (indices), got ${x.dtype}`);
  if (shapes && !shapes.some((layout) => fits(x.shape, layout))) {
    const expected = shapes.map((layout) => `[${layout.join(', ')}]`).join(' or ');
    throw new ShapeError(`${layerName(layer)}: expected ${arg} ${expected}, got [${x.shape.join(', ')}]`);
  }
  return x;
}

function describe(x: unknown): string {
  if (x === null) return 'null';
  if (Array.isArray(x)) return 'an array (wrap it with tensor(...))';
  return typeof x === 'object' ? `an object (${x.constructor?.name ?? 'Object'})` : typeof x;
}

function fits(shape: readonly number[], layout: readonly Axis[]): boolean {
  const rest = layout.findIndex((a) => typeof a === 'string' && a.startsWith('...'));
  if (rest < 0) return shape.length === layout.length && layout.every((a, i) => axisFits(shape[i]!, a));
  const head = layout.slice(0, rest);
  const tail = layout.slice(rest + 1);
  const least = layout[rest] === '...' ? 0 : 1;
  if (shape.length < head.length + tail.length + least) return false;
  const offset = shape.length - tail.length;
  return (
    head.every((a, i) => axisFits(shape[i]!, a)) && tail.every((a, i) => axisFits(shape[offset + i]!, a))
  );
}

function axisFits(size: number, axis: Axis): boolean {
  return typeof axis === 'string' || size === axis;
}

/**
 * The layouts a sequence layer takes: `[batch, seq, features]` (or `[seq, batch, features]` when
 * not batch-first), or one unbatched sequence `[seq, features]`.
 * @example
 * sequenceShapes(true, 16); // => [['batch', 'seq', 16], ['seq', 16]]
 */
export function sequenceShapes(batchFirst: boolean, features: Axis): Axis[][] {
  return [batchFirst ? ['batch', 'seq', features] : ['seq', 'batch', features], ['seq', features]];
}
