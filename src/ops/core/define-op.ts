import { noGrad } from '../../autograd/grad-mode.js';
import { needsGrad, record } from '../../autograd/record.js';
import { getBackend, memory } from '../../backends/registry.js';
import { DeviceError } from '../../errors.js';
import { Tensor } from '../../tensor/tensor.js';
import { cast } from '../cast.js';

/** One gradient per argument of the op, aligned by position; null where an argument gets none. */
export type Gradients = readonly (Tensor | null | undefined)[];

export interface OpSpec<A extends unknown[]> {
  name: string;
  /** Computes the output from kernels or other ops; runs without recording a graph. */
  forward: (...args: A) => Tensor;
  /**
   * Maps the output's gradient `dy` to the gradients of the tensor arguments, written with ops.
   * It must not keep references to `dy` or to the gradients it returns: once the engine is done
   * with a gradient it made during the backward pass, it recycles its storage.
   */
  backward: (dy: Tensor, ctx: BackwardContext<A>) => Gradients;
}

/** What an op's backward receives besides the output's gradient. */
export interface BackwardContext<A extends unknown[]> {
  readonly args: A;
  readonly output: Tensor;
  /**
   * Per argument position, whether that argument is a tensor that required grad when the op
   * ran (PyTorch's `needs_input_grad`): a backward may skip the gradients nobody receives,
   * e.g. matmul's product for a network's input.
   */
  readonly needsInputGrad: readonly boolean[];
}

/**
 * Defines a differentiable primitive op: its forward runs without recording, and when an input
 * requires grad the output records `backward` for the engine. Composite ops (built from other
 * ops) need no defineOp: they are plain functions.
 * @example
 * import { runUnary } from './run-kernel.js';
 * const myExp = defineOp({
 *   name: 'myExp',
 *   forward: (x: Tensor) => runUnary('exp', x),
 *   backward: (dy, { output }) => [mul(dy, output)],
 * });
 * const x = tensor([0, 1], { requiresGrad: true });
 * myExp(x).sum().backward();
 * x.grad; // => [1, 2.7183]
 */
export function defineOp<A extends unknown[]>(spec: OpSpec<A>): (...args: A) => Tensor {
  const { name, forward, backward } = spec;
  return (...args: A): Tensor => {
    const tensorArgs: Tensor[] = [];
    const positions: number[] = [];
    const needsInputGrad: boolean[] = new Array(args.length).fill(false);
    args.forEach((a, i) => {
      if (a instanceof Tensor) {
        tensorArgs.push(a);
        positions.push(i);
        needsInputGrad[i] = a.requiresGrad;
      }
    });
    checkDevices(name, tensorArgs);
    if (!needsGrad(tensorArgs)) return forward(...args);
    const output = noGrad(() => forward(...args));
    // A view op may hand back one of its inputs unchanged; the record needs a tensor of its own.
    const out = tensorArgs.includes(output)
      ? new Tensor(output.storage, output.shape, output.dtype, output.strides, output.offset, output.device)
      : output;
    return record(name, out, tensorArgs, (dy) => {
      const grads = backward(dy, { args, output: out, needsInputGrad });
      return positions.map((p, i) => {
        const g = grads[p];
        // Promotion may have computed in a wider dtype; each input gets a gradient of its own.
        return g && g.dtype !== tensorArgs[i]!.dtype ? cast(g, tensorArgs[i]!.dtype) : g;
      });
    });
  };
}

/**
 * Ops run on the active backend: every tensor they take must live on its device (a
 * `DeviceError` otherwise). defineOp checks its arguments; an op that calls kernels itself
 * checks its tensors with this.
 * @example
 * checkDevices('matmul', [zeros([2])]); // passes on the CPU backends
 */
export function checkDevices(op: string, tensors: readonly Tensor[]): void {
  const device = memory().device;
  for (const t of tensors) {
    if (t.device !== device) {
      throw new DeviceError(
        `${op}: a tensor on device '${t.device}' cannot be used by the '${getBackend().name}' backend (device '${device}'); move it with .to('${device}')`,
      );
    }
  }
}
