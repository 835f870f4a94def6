import { noGrad } from '../autograd/grad-mode.js';
import { DTypeError, ShapeError, ValueError } from '../errors.js';
import { bernoulli } from '../tensor/creation.js';
import { allocate } from '../tensor/dtype.js';
import { defaultGenerator, type Generator } from '../tensor/random.js';
import { formatShape } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { causalSoftmax } from './causal-softmax.js';
import { eq } from './compare.js';
import { expectFloat, expectTensor } from './core/convert.js';
import { fromData } from './core/run-kernel.js';
import { maskedFill } from './masked-fill.js';
import { matmul } from './matmul.js';
import { max } from './max.js';
import { mul } from './mul.js';
import { transpose } from './permute.js';
import { softmax } from './softmax.js';
import { where } from './where.js';

/** Options of {@link scaledDotProductAttention}. */
export interface AttentionOptions {
  /** A bool mask broadcastable to `[..., L, S]`; true marks a key a query must not attend to. */
  mask?: Tensor;
  /** Also mask every key after the query's own position (key j > query i). */
  causal?: boolean;
  /** The probability of dropping an attention weight (default 0); only while `training`. */
  dropout?: number;
  generator?: Generator;
  /** Whether dropout is active (default true, as PyTorch's functional form). */
  training?: boolean;
  /** The factor on q·kᵀ (default 1/√E, E the query size). */
  scale?: number;
}

/** What {@link scaledDotProductAttention} returns. */
export interface AttentionResult {
  /** `[..., L, Ev]`: each query's weighted average of the values. */
  output: Tensor;
  /** `[..., L, S]`: the attention distribution of each query over the keys (before dropout). */
  weights: Tensor;
}

/**
 * The bool `[L, S]` mask of a causal (autoregressive) attention: true above the diagonal, where
 * key j comes after query i, as PyTorch's `generate_square_subsequent_mask` but in bool form.
 * @example
 * causalMask(3); // => [[false, true, true], [false, false, true], [false, false, false]]
 */
export function causalMask(length: number, keyLength = length): Tensor {
  for (const [name, n] of [
    ['length', length],
    ['keyLength', keyLength],
  ] as const) {
    if (!Number.isSafeInteger(n) || n < 0)
      throw new ValueError(`causalMask: ${name} must be a non-negative integer, got ${n}`);
  }
  const data = allocate('bool', length * keyLength);
  for (let i = 0; i < length; i++) for (let j = i + 1; j < keyLength; j++) data[i * keyLength + j] = 1;
  return fromData(data, [length, keyLength], 'bool');
}

/**
 * Softmax over the last axis of scores in which masked entries are −∞: those get weight 0, and
 * a row that is −∞ throughout gets all zeros (and a zero gradient) instead of softmax's NaN.
 * @example
 * maskedSoftmax(tensor([[0, -Infinity], [-Infinity, -Infinity]])); // => [[1, 0], [0, 0]]
 */
export function maskedSoftmax(scores: Tensor): Tensor {
  expectTensor(scores, 'maskedSoftmax', 'scores');
  expectFloat(scores, 'maskedSoftmax', 'scores');
  if (scores.ndim === 0 || scores.size === 0) return softmax(scores, -1);
  // Give the empty rows finite scores so that softmax stays defined, then zero them.
  const empty = noGrad(() => eq(max(scores, -1, true), Number.NEGATIVE_INFINITY));
  return where(empty, 0, softmax(where(empty, 0, scores), -1));
}

function checkInputs(q: Tensor, k: Tensor, v: Tensor, mask: Tensor | undefined): void {
  const op = 'scaledDotProductAttention';
  for (const [name, t] of [
    ['q', q],
    ['k', k],
    ['v', v],
  ] as const) {
    expectTensor(t, op, name);
    expectFloat(t, op, name);
    if (t.ndim < 2)
      throw new ShapeError(`${op}: ${name} must have at least 2 dimensions, got ${formatShape(t.shape)}`);
  }
  if (q.shape[q.ndim - 1] !== k.shape[k.ndim - 1])
    throw new ShapeError(
      `${op}: q and k must end in the same size, got ${formatShape(q.shape)} and ${formatShape(k.shape)}`,
    );
  if (k.shape[k.ndim - 2] !== v.shape[v.ndim - 2])
    throw new ShapeError(
      `${op}: k and v must have the same number of keys (axis -2), got ${formatShape(k.shape)} and ${formatShape(v.shape)}`,
    );
  if (mask !== undefined) {
    expectTensor(mask, op, 'mask');
    if (mask.dtype !== 'bool') throw new DTypeError(`${op}: mask must be a bool tensor, got ${mask.dtype}`);
  }
}

/** Inverted dropout of the weights: kept entries are scaled by 1/(1 − p). */
function dropWeights(weights: Tensor, p: number, generator: Generator): Tensor {
  if (p === 1) return mul(weights, 0);
  const keep = bernoulli(1 - p, weights.shape, { dtype: weights.dtype, generator });
  const data = keep.data();
  for (let i = 0; i < data.length; i++) data[i]! /= 1 - p;
  return mul(weights, keep);
}

/**
 * Attention(q, k, v) = softmax(q·kᵀ/√E + mask)·v, the core of the Transformer: q `[..., L, E]`,
 * k `[..., S, E]`, v `[..., S, Ev]` (leading axes broadcast). Masked scores (bool `mask` true, or
 * later keys with `causal`) become −∞ before the softmax, so they get exactly zero weight; a
 * query whose keys are all masked gets zero weights and a zero output rather than NaN.
 * @see https://arxiv.org/abs/1706.03762
 * @example
 * const q = tensor([[1, 0], [0, 1]]);
 * scaledDotProductAttention(q, q, tensor([[1, 2], [3, 4]])).weights; // => [[0.6698, 0.3302], [0.3302, 0.6698]]
 */
export function scaledDotProductAttention(
  q: Tensor,
  k: Tensor,
  v: Tensor,
  options: AttentionOptions = {},
): AttentionResult {
  const { mask, causal = false, dropout = 0, generator = defaultGenerator, training = true } = options;
  checkInputs(q, k, v, mask);
  if (!(dropout >= 0 && dropout <= 1))
    throw new ValueError(`scaledDotProductAttention: dropout must be in [0, 1], got ${dropout}`);
  const e = q.shape[q.ndim - 1]!;
  const scale = options.scale ?? (e > 0 ? 1 / Math.sqrt(e) : 1);
  if (!Number.isFinite(scale))
    throw new ValueError(`scaledDotProductAttention: scale must be a finite number, got ${scale}`);
  const products = matmul(q, transpose(k));
  let weights: Tensor;
  if (causal && !mask) {
    // The scale, the causal mask and the softmax in one pass each way.
    weights = causalSoftmax(products, scale);
  } else {
    let scores = mul(products, scale);
    if (mask) scores = maskedFill(scores, mask, Number.NEGATIVE_INFINITY);
    if (causal)
      scores = maskedFill(
        scores,
        causalMask(scores.shape[scores.ndim - 2]!, scores.shape[scores.ndim - 1]!),
        Number.NEGATIVE_INFINITY,
      );
    weights = mask ? maskedSoftmax(scores) : softmax(scores, -1);
  }
  const used = training && dropout > 0 ? dropWeights(weights, dropout, generator) : weights;
  return { output: matmul(used, v), weights };
}
