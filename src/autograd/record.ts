import { isFloat } from '../tensor/dtype.js';
import type { GradNode, MultiOutputNode, Tensor } from '../tensor/tensor.js';
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

/**
 * Records an op with several outputs (views of one input, as split and unbind make): one backward
 * maps all the outputs' gradients to the inputs' at once, so that k pieces cost one gradient
 * tensor rather than k full-size ones. Returns the outputs.
 */
export function recordMulti(
  op: string,
  outputs: Tensor[],
  inputs: readonly Tensor[],
  backward: MultiOutputNode['backward'],
): Tensor[] {
  if (outputs.length === 0 || !isFloat(outputs[0]!.dtype) || !needsGrad(inputs)) return outputs;
  const multi: MultiOutputNode = { outputs, backward };
  outputs.forEach((output, index) => {
    output.gradFn = { op, inputs, backward: null, multi, index };
    output.requiresGrad = true;
  });
  return outputs;
}
