import { DTypeError, ShapeError, ValueError } from '../../../errors.js';
import { expectFloat, expectTensor } from '../../../ops/core/convert.js';
import { linear } from '../../../ops/linear.js';
import { mean } from '../../../ops/mean.js';
import { narrow } from '../../../ops/narrow.js';
import { permute, transpose } from '../../../ops/permute.js';
import { reshape } from '../../../ops/reshape.js';
import { scaledDotProductAttention } from '../../../ops/scaled-dot-product-attention.js';
import { split } from '../../../ops/split.js';
import { squeeze, unsqueeze } from '../../../ops/squeeze.js';
import { where } from '../../../ops/where.js';
import type { DType } from '../../../tensor/dtype.js';
import { defaultGenerator, type Generator } from '../../../tensor/random.js';
import { formatShape } from '../../../tensor/shape.js';
import type { Tensor } from '../../../tensor/tensor.js';
import { xavierUniform } from '../../init.js';
import { Module, Parameter } from '../../module.js';
import { Linear } from '../linear/linear.js';

/** Options of {@link MultiheadAttention}. */
export interface MultiheadAttentionOptions {
  /** Dropout on the attention weights in training (default 0). */
  dropout?: number;
  /** Biases on the input and output projections (default true). */
  bias?: boolean;
  /** Inputs are `[batch, seq, feature]` (default true) rather than `[seq, batch, feature]`. */
  batchFirst?: boolean;
  /** The size of the keys (default embedDim); with vdim ≠ embedDim, q/k/v get separate weights. */
  kdim?: number;
  /** The size of the values (default embedDim). */
  vdim?: number;
  dtype?: DType;
  generator?: Generator;
}

/** Options of {@link MultiheadAttention.forwardWithWeights}. */
export interface MultiheadAttentionForwardOptions {
  /** Bool `[N, S]` (`[S]` unbatched): true marks a padding key that no query attends to. */
  keyPaddingMask?: Tensor;
  /** Bool `[L, S]` or `[N·numHeads, L, S]`: true marks a query–key pair that is not allowed. */
  attnMask?: Tensor;
  /** Mask every key after the query's position (a decoder's self-attention). */
  causal?: boolean;
  /** Return the attention weights (default true). */
  needWeights?: boolean;
  /** Average the weights over the heads, `[N, L, S]` (default true), or keep `[N, H, L, S]`. */
  averageWeights?: boolean;
}

/** What {@link MultiheadAttention.forwardWithWeights} returns. */
export interface MultiheadAttentionResult {
  /** `[N, L, embedDim]` (batch first), the attended values after the output projection. */
  output: Tensor;
  /** The attention weights (before dropout), or null with `needWeights: false`. */
  weights: Tensor | null;
}

/**
 * Multi-head attention: the queries, keys and values are projected into `numHeads` subspaces of
 * size embedDim/numHeads, each head runs scaled dot-product attention, and the heads are
 * concatenated and projected back. The parameters follow PyTorch's layout (`inProjWeight`
 * `[3E, E]`, `inProjBias` `[3E]`, `outProj`), so weights carry over name for name.
 * @see https://arxiv.org/abs/1706.03762
 * @example
 * const mha = new MultiheadAttention(8, 2);
 * const x = randn([3, 5, 8]); // [batch, seq, embed]
 * const { output, weights } = mha.forwardWithWeights(x, x, x, { causal: true });
 * [output.shape, weights!.shape]; // => [[3, 5, 8], [3, 5, 5]]
 */
export class MultiheadAttention extends Module {
  readonly headDim: number;
  readonly kdim: number;
  readonly vdim: number;
  readonly dropout: number;
  readonly batchFirst: boolean;
  readonly generator: Generator;
  inProjWeight?: Parameter;
  qProjWeight?: Parameter;
  kProjWeight?: Parameter;
  vProjWeight?: Parameter;
  inProjBias?: Parameter;
  outProj: Linear;

  constructor(
    readonly embedDim: number,
    readonly numHeads: number,
    options: MultiheadAttentionOptions = {},
  ) {
    super();
    const { dropout = 0, bias = true, batchFirst = true, dtype, generator = defaultGenerator } = options;
    const { kdim = embedDim, vdim = embedDim } = options;
    for (const [name, v] of Object.entries({ embedDim, numHeads, kdim, vdim })) {
      if (!Number.isSafeInteger(v) || v < 1)
        throw new ValueError(`MultiheadAttention: ${name} must be a positive integer, got ${v}`);
    }
    if (embedDim % numHeads !== 0)
      throw new ValueError(
        `MultiheadAttention: embedDim (${embedDim}) must be divisible by numHeads (${numHeads})`,
      );
    if (!(dropout >= 0 && dropout <= 1))
      throw new ValueError(`MultiheadAttention: dropout must be in [0, 1], got ${dropout}`);
    this.kdim = kdim;
    this.vdim = vdim;
    this.dropout = dropout;
    this.batchFirst = batchFirst;
    this.generator = generator;
    this.headDim = embedDim / numHeads;
    const init = (shape: number[]): Parameter => {
      const p = Parameter.zeros(shape, { dtype });
      xavierUniform(p, { generator });
      return p;
    };
    if (kdim === embedDim && vdim === embedDim) {
      this.inProjWeight = init([3 * embedDim, embedDim]);
    } else {
      this.qProjWeight = init([embedDim, embedDim]);
      this.kProjWeight = init([embedDim, kdim]);
      this.vProjWeight = init([embedDim, vdim]);
    }
    if (bias) this.inProjBias = Parameter.zeros([3 * embedDim], { dtype });
    this.outProj = new Linear(embedDim, embedDim, { bias, dtype, generator });
    if (this.outProj.bias) this.outProj.bias.data().fill(0);
  }

  /**
   * Attention of `query` over `key`/`value` (self-attention when only `query` is given), without
   * masks; the output alone, so the layer fits in a Sequential.
   */
  forward(query: Tensor, key: Tensor = query, value: Tensor = key): Tensor {
    return this.forwardWithWeights(query, key, value, { needWeights: false }).output;
  }

  /**
   * Attention with masks, returning the output and the attention weights. query `[N, L, E]`,
   * key `[N, S, kdim]`, value `[N, S, vdim]` (batch first; unbatched `[L, E]` also works).
   */
  forwardWithWeights(
    query: Tensor,
    key: Tensor,
    value: Tensor,
    options: MultiheadAttentionForwardOptions = {},
  ): MultiheadAttentionResult {
    const { needWeights = true, averageWeights = true, causal = false } = options;
    const batched = this.checkInputs(query, key, value);
    const toBatchFirst = (t: Tensor): Tensor =>
      !batched ? unsqueeze(t, 0) : this.batchFirst ? t : transpose(t, 0, 1);
    const [q, k, v] = this.project(toBatchFirst(query), toBatchFirst(key), toBatchFirst(value));
    const [n, l] = q.shape as [number, number];
    const s = k.shape[1]!;
    const mask = this.combinedMask(n, l, s, batched, options);
    const attention = scaledDotProductAttention(this.splitHeads(q), this.splitHeads(k), this.splitHeads(v), {
      mask,
      causal,
      dropout: this.dropout,
      generator: this.generator,
      training: this.training,
    });
    // [N, H, L, Dh] → [N, L, H·Dh]
    const merged = reshape(permute(attention.output, [0, 2, 1, 3]), [n, l, this.embedDim]);
    let output = this.outProj.forward(merged);
    output = !batched ? squeeze(output, 0) : this.batchFirst ? output : transpose(output, 0, 1);
    if (!needWeights) return { output, weights: null };
    let weights = averageWeights ? mean(attention.weights, 1) : attention.weights;
    if (!batched) weights = squeeze(weights, 0);
    return { output, weights };
  }

  /** The q, k, v projections `[N, *, E]`; self-attention runs one matmul on the packed weight. */
  private project(query: Tensor, key: Tensor, value: Tensor): [Tensor, Tensor, Tensor] {
    const e = this.embedDim;
    const part = (t: Tensor | undefined, i: number): Tensor | undefined => t && narrow(t, 0, i * e, e);
    if (this.inProjWeight && query === key && key === value) {
      const [q, k, v] = split(linear(query, this.inProjWeight, this.inProjBias), e, -1);
      return [q!, k!, v!];
    }
    const w = this.inProjWeight;
    const weights = w
      ? [part(w, 0)!, part(w, 1)!, part(w, 2)!]
      : [this.qProjWeight!, this.kProjWeight!, this.vProjWeight!];
    return [
      linear(query, weights[0]!, part(this.inProjBias, 0)),
      linear(key, weights[1]!, part(this.inProjBias, 1)),
      linear(value, weights[2]!, part(this.inProjBias, 2)),
    ];
  }

  /** `[N, T, E]` → `[N, H, T, Dh]`. */
  private splitHeads(x: Tensor): Tensor {
    const [n, t] = x.shape as [number, number];
    return permute(reshape(x, [n, t, this.numHeads, this.headDim]), [0, 2, 1, 3]);
  }

  /** The attention mask and the key padding mask as one bool mask broadcastable to `[N, H, L, S]`. */
  private combinedMask(
    n: number,
    l: number,
    s: number,
    batched: boolean,
    { keyPaddingMask, attnMask }: MultiheadAttentionForwardOptions,
  ): Tensor | undefined {
    const op = 'MultiheadAttention';
    let pad: Tensor | undefined;
    if (keyPaddingMask !== undefined) {
      const expected = batched ? [n, s] : [s];
      checkMask(keyPaddingMask, 'keyPaddingMask', expected);
      pad = reshape(keyPaddingMask, [n, 1, 1, s]);
    }
    let attn: Tensor | undefined;
    if (attnMask !== undefined) {
      expectTensor(attnMask, op, 'attnMask');
      if (attnMask.ndim === 3) {
        checkMask(attnMask, 'attnMask', [n * this.numHeads, l, s]);
        attn = reshape(attnMask, [n, this.numHeads, l, s]);
      } else {
        checkMask(attnMask, 'attnMask', [l, s]);
        attn = attnMask;
      }
    }
    // where(a, a, b) is a logical or of two bool masks, with broadcasting.
    return pad && attn ? where(pad, pad, attn) : (pad ?? attn);
  }

  /** Checks ranks and sizes; returns whether the inputs carry a batch axis. */
  private checkInputs(query: Tensor, key: Tensor, value: Tensor): boolean {
    const op = 'MultiheadAttention';
    const sizes = { query: this.embedDim, key: this.kdim, value: this.vdim };
    for (const [name, t] of [
      ['query', query],
      ['key', key],
      ['value', value],
    ] as const) {
      expectTensor(t, op, name);
      expectFloat(t, op, name);
      if ((t.ndim !== 2 && t.ndim !== 3) || t.ndim !== query.ndim || t.shape[t.ndim - 1] !== sizes[name])
        throw new ShapeError(
          `${op}: ${name} must be [${query.ndim === 2 ? '' : 'batch, '}seq, ${sizes[name]}] like the query, got ${formatShape(t.shape)}`,
        );
    }
    const batchAxis = this.batchFirst ? 0 : 1;
    const seqAxis = query.ndim === 2 ? 0 : 1 - batchAxis;
    if (
      key.shape[seqAxis] !== value.shape[seqAxis] ||
      (query.ndim === 3 && key.shape[batchAxis] !== query.shape[batchAxis]) ||
      (query.ndim === 3 && value.shape[batchAxis] !== query.shape[batchAxis])
    )
      throw new ShapeError(
        `${op}: key and value must have the same length and the query's batch size, got query ${formatShape(query.shape)}, key ${formatShape(key.shape)}, value ${formatShape(value.shape)}`,
      );
    return query.ndim === 3;
  }
}

function checkMask(mask: Tensor, name: string, expected: readonly number[]): void {
  expectTensor(mask, 'MultiheadAttention', name);
  if (mask.dtype !== 'bool')
    throw new DTypeError(`MultiheadAttention: ${name} must be a bool tensor, got ${mask.dtype}`);
  if (mask.ndim !== expected.length || mask.shape.some((d, i) => d !== expected[i]))
    throw new ShapeError(
      `MultiheadAttention: ${name} must have shape ${formatShape(expected)}, got ${formatShape(mask.shape)}`,
    );
}
