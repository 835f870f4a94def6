import { ShapeError, ValueError } from '../../../errors.js';
import { expectFloat, expectTensor } from '../../../ops/core/convert.js';
import type { DType } from '../../../tensor/dtype.js';
import type { Generator } from '../../../tensor/random.js';
import { formatShape, shapesEqual } from '../../../tensor/shape.js';
import type { Tensor } from '../../../tensor/tensor.js';
import { Parameter } from '../../module.js';

/** Options shared by the recurrent cells and layers. */
export interface RecurrentCellOptions {
  /** Learn the two biases b_ih and b_hh (default true). */
  bias?: boolean;
  dtype?: DType;
  generator?: Generator;
}

/**
 * The four tensors of one cell (or one layer and direction), PyTorch's layout: the gates'
 * blocks are stacked along the first axis, `weightIh [gates·hidden, input]`,
 * `weightHh [gates·hidden, hidden]`, `biasIh` and `biasHh [gates·hidden]`.
 */
export interface CellWeights {
  weightIh: Tensor;
  weightHh: Tensor;
  biasIh?: Tensor;
  biasHh?: Tensor;
}

/**
 * The math of one time step: `xProj` is the input's share W_ih·x + b_ih `[batch, gates·hidden]`
 * (computed for all steps at once by the layers), `state` the previous `[h]` or `[h, c]`, and
 * the result the new state in the same order. One function per cell, so a fused kernel can
 * replace it without touching the layers.
 */
export type CellStep = (
  xProj: Tensor,
  state: readonly Tensor[],
  weightHh: Tensor,
  biasHh: Tensor | undefined,
) => Tensor[];

/** Checks that `inputSize` and `hiddenSize` are a non-negative and a positive integer. */
export function checkSizes(op: string, inputSize: number, hiddenSize: number): void {
  if (!Number.isSafeInteger(inputSize) || inputSize < 0)
    throw new ValueError(`${op}: inputSize must be a non-negative integer, got ${inputSize}`);
  if (!Number.isSafeInteger(hiddenSize) || hiddenSize < 1)
    throw new ValueError(`${op}: hiddenSize must be a positive integer, got ${hiddenSize}`);
}

/**
 * Fresh parameters for `gates` gate blocks, all U(±1/√hidden) as in PyTorch, created in
 * PyTorch's order (weightIh, weightHh, biasIh, biasHh) so a seed gives one layout.
 */
export function makeCellWeights(
  gates: number,
  inputSize: number,
  hiddenSize: number,
  { bias = true, dtype, generator }: RecurrentCellOptions,
): { weightIh: Parameter; weightHh: Parameter; biasIh?: Parameter; biasHh?: Parameter } {
  const k = 1 / Math.sqrt(hiddenSize);
  const init = (shape: number[]): Parameter => Parameter.uniform(shape, -k, k, { dtype, generator });
  const weightIh = init([gates * hiddenSize, inputSize]);
  const weightHh = init([gates * hiddenSize, hiddenSize]);
  if (!bias) return { weightIh, weightHh };
  return { weightIh, weightHh, biasIh: init([gates * hiddenSize]), biasHh: init([gates * hiddenSize]) };
}

/** Checks that `x` is a float tensor of exactly `shape` (the message names op and argument). */
export function expectShape(op: string, arg: string, x: unknown, shape: readonly number[]): Tensor {
  const t = expectTensor(x, op, arg);
  expectFloat(t, op, arg);
  if (!shapesEqual(t.shape, shape))
    throw new ShapeError(`${op}: ${arg} must have shape ${formatShape(shape)}, got ${formatShape(t.shape)}`);
  return t;
}
