import { needsGrad, record } from '../autograd/record.js';
import { backendFor, getBackend, withBackend } from '../backends/registry.js';
import { ValueError } from '../errors.js';
import type { DType } from '../tensor/dtype.js';
import { Tensor } from '../tensor/tensor.js';
import { cast } from './cast.js';
import { expectTensor } from './core/convert.js';

const DTYPES: readonly string[] = ['float32', 'float64', 'int32', 'bool'];

/** Where and as what {@link to} puts a tensor; either may be left out. */
export interface ToOptions {
  /** A device ('cpu') or a backend's name ('reference', 'native'), standing for its device. */
  device?: string;
  dtype?: DType;
}

/**
 * The tensor on another device and/or as another dtype, as PyTorch's `Tensor.to`: `x` itself
 * when nothing changes, else a copy that gradients flow through. A backend name stands for its
 * device, so `to('native')` on a CPU tensor changes nothing (both CPU backends share memory).
 * @example
 * const x = tensor([1.5, 2.5]);
 * to(x, 'float64').dtype; // => 'float64'
 * to(x, { device: 'cpu', dtype: 'int32' }).toArray(); // => [1, 2]
 * to(x, 'cpu') === x; // => true
 */
export function to(x: Tensor, target: DType | string | ToOptions): Tensor {
  expectTensor(x, 'to', 'x');
  const { device, dtype } = typeof target === 'string' ? parseTarget(target) : target;
  if (dtype !== undefined && !DTYPES.includes(dtype)) {
    throw new ValueError(`to: dtype must be one of ${DTYPES.join(', ')}, got '${String(dtype)}'`);
  }
  let y = x;
  if (device !== undefined) {
    const destination = backendFor(device).memory;
    if (destination.device !== x.device) y = moveTo(x, destination.device);
  }
  return dtype === undefined || dtype === y.dtype ? y : withDevice(y.device, () => cast(y, dtype));
}

function parseTarget(target: string): ToOptions {
  return DTYPES.includes(target) ? { dtype: target as DType } : { device: target };
}

/** A contiguous copy of `x` in `device`'s memory; its gradient moves back to x's device. */
function moveTo(x: Tensor, device: string): Tensor {
  const from = backendFor(x.device).memory;
  const into = backendFor(device).memory;
  const host = from.download(withDevice(x.device, () => x.data()));
  const y = new Tensor(into.upload(host), x.shape, x.dtype, undefined, 0, device);
  if (!needsGrad([x])) return y;
  return record('to', y, [x], (dy) => [moveTo(dy, x.device)]);
}

/** Runs `fn` with a backend of `device` active (ops need their tensors on the active device). */
function withDevice<T>(device: string, fn: () => T): T {
  const active = getBackend();
  if (active.memory.device === device) return fn();
  return withBackend(backendFor(device), fn);
}
