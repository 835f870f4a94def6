import { isFloat } from '../tensor/dtype.js';
import type { GradNode, Tensor } from '../tensor/tensor.js';
import { isGradEnabled } from './grad-mode.js';

/** Whether an op on these inputs must record a node (grad on, and some input requires grad). */
export function needsGrad(inputs: readonly Tensor[]): boolean {
  if (!isGradEnabled()) return false;
  for (const t of inputs) if (t.requiresGrad) return true;
  return false;
}

/**
 * Attaches the autograd record of an op to its output: `backward` maps the output's gradient to
 * one gradient per input (null where an input gets none). Returns the output.
 */
export function record(
  op: string,
  output: Tensor,
  inputs: readonly Tensor[],
  backward: GradNode['backward'],
): Tensor {
  if (!isFloat(output.dtype) || !needsGrad(inputs)) return output;
  output.gradFn = { op, inputs, backward };
  output.requiresGrad = true;
  return output;
}
