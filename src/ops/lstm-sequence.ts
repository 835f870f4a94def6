import { isGradEnabled, noGrad } from '../autograd/grad-mode.js';
import { needsGrad, recordMulti } from '../autograd/record.js';
import { kernels } from '../backends/registry.js';
import type { GemmShape } from '../backends/types.js';
import { ShapeError } from '../errors.js';
import { zeros } from '../tensor/creation.js';
import { allocate, type DType, promoteTypes, type TypedArray } from '../tensor/dtype.js';
import { formatShape } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { add } from './add.js';
import { cast } from './cast.js';
import { cat, stack } from './cat.js';
import { expectFloat, expectTensor } from './convert.js';
import { linear } from './linear.js';
import { lstmCellCompositeBackward, lstmCellFused } from './lstm-cell.js';
import { matmul } from './matmul.js';
import { select } from './narrow.js';
import { transpose } from './permute.js';
import { reshape } from './reshape.js';
import { denseData, fromData } from './run-kernel.js';
import { giveScratch, takeScratch } from './scratch.js';
import { split } from './split.js';
import { sum } from './sum.js';
import { unbind } from './unbind.js';

/** The parameters of one LSTM layer and direction, shaped as PyTorch's (gate blocks i, f, g, o). */
export interface LstmSequenceWeights {
  /** `[4·hidden, input]` */
  weightIh: Tensor;
  /** `[4·hidden, hidden]` */
  weightHh: Tensor;
  /** `[4·hidden]` */
  biasIh?: Tensor;
  /** `[4·hidden]` */
  biasHh?: Tensor;
}

/** Options of {@link lstmSequence}. */
export interface LstmSequenceOptions {
  /** Run the steps from the last to the first (the backward direction of a bidirectional layer). */
  reverse?: boolean;
  /** x and the output are `[batch, seq, feature]` instead of `[seq, batch, feature]`. */
  batchFirst?: boolean;
}

const OP = 'lstmSequence';

/** The sizes both passes use: x is `[seq, batch, input]` (or batch first), h0 `[batch, hidden]`. */
function dimsOf(x: Tensor, h0: Tensor, batchFirst: boolean) {
  const [seq, batch, input] = (batchFirst ? [x.shape[1], x.shape[0], x.shape[2]] : x.shape) as [
    number,
    number,
    number,
  ];
  const hidden = h0.shape[1]!;
  return { seq, batch, input, hidden, rows: seq * batch, width: 4 * hidden, block: batch * hidden };
}

function checkArgs(x: Tensor, h0: Tensor, c0: Tensor, w: LstmSequenceWeights, batchFirst: boolean): void {
  const named: [unknown, string][] = [
    [x, 'x'],
    [h0, 'h0'],
    [c0, 'c0'],
    [w.weightIh, 'weightIh'],
    [w.weightHh, 'weightHh'],
  ];
  if (w.biasIh !== undefined) named.push([w.biasIh, 'biasIh']);
  if (w.biasHh !== undefined) named.push([w.biasHh, 'biasHh']);
  for (const [t, name] of named) expectTensor(t, OP, name);
  for (const [t, name] of named) expectFloat(t as Tensor, OP, name);
  const layout = batchFirst ? '[batch, seq, input]' : '[seq, batch, input]';
  if (x.ndim !== 3) throw new ShapeError(`${OP}: x must be 3-D ${layout}, got ${formatShape(x.shape)}`);
  const batch = x.shape[batchFirst ? 0 : 1]!;
  const input = x.shape[2]!;
  const hidden = w.weightHh.shape[1] ?? -1;
  const expect = (t: Tensor, name: string, shape: number[]): void => {
    if (t.ndim !== shape.length || t.shape.some((d, i) => d !== shape[i]))
      throw new ShapeError(
        `${OP}: ${name} must have shape ${formatShape(shape)}, got ${formatShape(t.shape)}`,
      );
  };
  if (w.weightHh.ndim !== 2)
    throw new ShapeError(
      `${OP}: weightHh must be 2-D [4·hidden, hidden], got ${formatShape(w.weightHh.shape)}`,
    );
  expect(w.weightHh, 'weightHh', [4 * hidden, hidden]);
  expect(w.weightIh, 'weightIh', [4 * hidden, input]);
  if (w.biasIh) expect(w.biasIh, 'biasIh', [4 * hidden]);
  if (w.biasHh) expect(w.biasHh, 'biasHh', [4 * hidden]);
  expect(h0, 'h0', [batch, hidden]);
  expect(c0, 'c0', [batch, hidden]);
}

/**
 * `[a, b, row]` → `[b, a, row]` for contiguous data, row by row with set() (a memcpy each): the
 * batch-first ↔ time-major transposes of x and its gradient, several times faster than an
 * element-wise strided copy.
 */
function swapLeadingAxes(dtype: DType, data: TypedArray, a: number, b: number, row: number): TypedArray {
  const out = allocate(dtype, a * b * row);
  for (let i = 0; i < a; i++) {
    for (let j = 0; j < b; j++) {
      const from = (i * b + j) * row;
      out.set(data.subarray(from, from + row), (j * a + i) * row);
    }
  }
  return out;
}

/** A single (unbatched) product for the kernel: `[m, k]·[k, n]` with the given transposes. */
function gemm(m: number, n: number, k: number, rest: Partial<GemmShape> = {}): GemmShape {
  return { batch: 1, m, n, k, transA: false, transB: false, strideA: 0, strideB: 0, ...rest };
}

/**
 * What the forward keeps for the backward. `hist` and `cHist` hold seq + 1 blocks of
 * `[batch, hidden]`: the initial state at one end and each step's new state, so that the state a
 * step read is one block and all of them together are one contiguous `[seq·batch, hidden]`
 * matrix (what the weight gradient's single product needs).
 */
interface Saved {
  hist: TypedArray;
  cHist: TypedArray;
  /** σ(i), σ(f), tanh(g), σ(o), tanh(c') of every step, `[seq, batch, 5·hidden]`. */
  acts: TypedArray;
  /** x, time-major `[seq·batch, input]`. */
  x: TypedArray;
}

/**
 * A whole LSTM layer direction over a sequence as one op, as cuDNN runs it: `x [seq, batch,
 * input]` from the state `h0`, `c0` (each `[batch, hidden]`) → `[output [seq, batch, hidden],
 * hN, cN]`, with the step of {@link lstmCellFused} (PyTorch's gates i, f, g, o). With `reverse`
 * the steps run from the last to the first (output[t] is still step t's h); with `batchFirst`
 * x and the output are `[batch, seq, ·]` (read and written in place of a transpose). The forward is one
 * product for the input projection of every step, then per step one product `h·W_hhᵀ` added onto
 * that step's gates and one pointwise kernel; the backward runs the steps in reverse with one
 * kernel and one `[batch, 4·hidden]·W_hh` product each, then takes the weight gradients as single
 * products over all steps. No graph is recorded per step. When the backward is itself recorded
 * (`createGraph`, second derivatives) it runs as ops instead, so it stays differentiable.
 * @see https://doi.org/10.1162/neco.1997.9.8.1735
 * @example
 * const [output, h, c] = lstmSequence(ones([5, 2, 3]), zeros([2, 4]), zeros([2, 4]), {
 *   weightIh: zeros([16, 3]),
 *   weightHh: zeros([16, 4]),
 * });
 * output.shape; // [5, 2, 4]; zero weights: every gate is σ(0) = 0.5 and g = tanh(0) = 0, so h, c stay 0
 */
export function lstmSequence(
  x: Tensor,
  h0: Tensor,
  c0: Tensor,
  weights: LstmSequenceWeights,
  options: LstmSequenceOptions = {},
): [Tensor, Tensor, Tensor] {
  const { reverse = false, batchFirst = false } = options;
  checkArgs(x, h0, c0, weights, batchFirst);
  const { weightIh, weightHh, biasIh, biasHh } = weights;
  const inputs = [x, h0, c0, weightIh, weightHh];
  if (biasIh) inputs.push(biasIh);
  if (biasHh) inputs.push(biasHh);
  const dtype = inputs.map((t) => t.dtype).reduce(promoteTypes);
  const as = (t: Tensor): Tensor => (t.dtype === dtype ? t : cast(t, dtype));
  const keep = needsGrad(inputs);
  const run = (): { outputs: Tensor[]; saved: Saved | undefined } =>
    noGrad(() =>
      forward(as(x), as(h0), as(c0), as(weightIh), as(weightHh), biasIh && as(biasIh), biasHh && as(biasHh), {
        dtype,
        reverse,
        batchFirst,
        keep,
      }),
    );
  const first = run();
  const { outputs } = first;
  let saved = first.saved;
  // The saved activations (~14 MB per step in the char-LSTM) go back to the scratch pool once the
  // backward has used them; a second backward through a retained graph recomputes them.
  const withSaved = <T>(use: (s: Saved) => T): T => {
    const s = saved ?? run().saved!;
    saved = undefined;
    const result = use(s);
    for (const buffer of [s.hist, s.cHist, s.acts]) giveScratch(buffer);
    return result;
  };
  return recordMulti(OP, outputs, inputs, (dys) => {
    const typed = dys.map((d) => (d === null ? null : as(d)));
    const grads = isGradEnabled()
      ? compositeBackward(typed, inputs.map(as), reverse, batchFirst)
      : withSaved((s) =>
          kernelBackward(typed, inputs.map(as), s, { reverse, batchFirst, wantDx: x.requiresGrad }),
        );
    // Promotion may have computed in a wider dtype; each input gets a gradient of its own.
    return grads.map((g, i) => (g && g.dtype !== inputs[i]!.dtype ? cast(g, inputs[i]!.dtype) : g));
  }) as [Tensor, Tensor, Tensor];
}

function forward(
  x: Tensor,
  h0: Tensor,
  c0: Tensor,
  weightIh: Tensor,
  weightHh: Tensor,
  biasIh: Tensor | undefined,
  biasHh: Tensor | undefined,
  o: { dtype: DType; reverse: boolean; batchFirst: boolean; keep: boolean },
): { outputs: Tensor[]; saved: Saved | undefined } {
  const { dtype, reverse, batchFirst, keep } = o;
  const { seq, batch, input, hidden, rows, width, block } = dimsOf(x, h0, batchFirst);
  const k = kernels();
  // Every step's gates start as its input projection plus both biases: one product for all.
  // Scratch: every element is written (bias rows, or the product overwrites) before it is read.
  const gates = takeScratch(dtype, rows * width);
  const hasBias = biasIh !== undefined || biasHh !== undefined;
  if (hasBias) {
    const bias = allocate(dtype, width);
    const bi = biasIh && denseData(biasIh);
    const bh = biasHh && denseData(biasHh);
    for (let j = 0; j < width; j++) bias[j] = (bi ? bi[j]! : 0) + (bh ? bh[j]! : 0);
    for (let r = 0; r < rows; r++) gates.set(bias, r * width);
  }
  // The steps read x time-major: batch-first x is reordered once.
  const xd = batchFirst ? swapLeadingAxes(dtype, denseData(x), batch, seq, input) : denseData(x);
  const wih = denseData(weightIh);
  const whh = denseData(weightHh);
  k.matmul(xd, wih, gates, gemm(rows, width, input, { transB: true, accumulate: hasBias }));
  // Block `start` holds the initial state; the step at t writes block `t + shift`.
  // Scratch (given back after the backward): every block is written before it is read.
  const hist = takeScratch(dtype, (seq + 1) * block);
  const cHist = takeScratch(dtype, (seq + 1) * block);
  const start = reverse ? seq : 0;
  const shift = reverse ? 0 : 1;
  hist.set(denseData(h0), start * block);
  cHist.set(denseData(c0), start * block);
  const actsBlock = batch * 5 * hidden;
  const acts = takeScratch(dtype, keep ? seq * actsBlock : actsBlock);
  const hc = allocate(dtype, batch * 2 * hidden);
  const output = allocate(dtype, seq * block);
  // Where row b of step t's output goes: [seq, batch, hidden] or [batch, seq, hidden].
  const rowStride = batchFirst ? seq * hidden : hidden;
  const stepStride = batchFirst ? hidden : block;
  // W_hhᵀ enters every step's product: prepared (packed) once for all of them.
  const recurrent = k.packMatmulB(whh, hidden, width, true);
  for (let s = 0; s < seq; s++) {
    const t = reverse ? seq - 1 - s : s;
    const prev = reverse ? t + 1 : t;
    const out = t + shift;
    const stepGates = gates.subarray(t * batch * width, (t + 1) * batch * width) as TypedArray;
    k.matmulPacked(
      hist.subarray(prev * block, (prev + 1) * block) as TypedArray,
      recurrent,
      stepGates,
      batch,
      true,
    );
    const stepActs = keep ? (acts.subarray(t * actsBlock, (t + 1) * actsBlock) as TypedArray) : acts;
    k.lstmCellForward(
      stepGates,
      cHist.subarray(prev * block, (prev + 1) * block) as TypedArray,
      batch,
      hidden,
      hc,
      stepActs,
    );
    // The kernel writes rows h' | c'; the next product wants h' as its own [batch, hidden] block.
    // Row copies with set() (a memcpy) run ~8× faster than an element loop on a TypedArray union.
    for (let b = 0; b < batch; b++) {
      const from = b * 2 * hidden;
      const to = out * block + b * hidden;
      const h = hc.subarray(from, from + hidden);
      hist.set(h, to);
      output.set(h, t * stepStride + b * rowStride);
      cHist.set(hc.subarray(from + hidden, from + 2 * hidden), to);
    }
  }
  const last = reverse ? 0 : seq;
  const outputs = [
    fromData(output, batchFirst ? [batch, seq, hidden] : [seq, batch, hidden], dtype),
    fromData(hist.slice(last * block, (last + 1) * block), [batch, hidden], dtype),
    fromData(cHist.slice(last * block, (last + 1) * block), [batch, hidden], dtype),
  ];
  giveScratch(gates);
  if (!keep) {
    for (const buffer of [hist, cHist, acts]) giveScratch(buffer);
    return { outputs, saved: undefined };
  }
  return { outputs, saved: { hist, cHist, acts, x: xd } };
}

/** The backward on raw arrays (what runs when no graph is recorded through it). */
function kernelBackward(
  dys: readonly (Tensor | null)[],
  inputs: readonly Tensor[],
  saved: Saved,
  o: { reverse: boolean; batchFirst: boolean; wantDx: boolean },
): (Tensor | null)[] {
  const { reverse, batchFirst, wantDx } = o;
  const [x, h0, , weightIh, weightHh, ...biases] = inputs as [
    Tensor,
    Tensor,
    Tensor,
    Tensor,
    Tensor,
    ...Tensor[],
  ];
  const { dtype } = x;
  const { seq, batch, input, hidden, rows, width, block } = dimsOf(x, h0, batchFirst);
  const rowStride = batchFirst ? seq * hidden : hidden;
  const stepStride = batchFirst ? hidden : block;
  const actsBlock = batch * 5 * hidden;
  const k = kernels();
  const [dOut, dhN, dcN] = dys;
  const dOutData = dOut ? denseData(dOut) : undefined;
  // dh: the gradient reaching the h that the step being undone wrote (from the output at that
  // step and from the later steps); dc likewise for c.
  const dh = allocate(dtype, block);
  const dc = dcN ? denseData(dcN).slice() : allocate(dtype, block);
  // dh ← dOut[t]: the step's output gradient rows, to which the recurrent product then adds.
  const outputRows = (t: number): void => {
    if (!dOutData) dh.fill(0);
    else if (!batchFirst) dh.set(dOutData.subarray(t * block, (t + 1) * block));
    else
      for (let b = 0; b < batch; b++)
        dh.set(
          dOutData.subarray(t * stepStride + b * rowStride, t * stepStride + b * rowStride + hidden),
          b * hidden,
        );
  };
  if (seq > 0) outputRows(reverse ? 0 : seq - 1);
  if (dhN) {
    const dhNData = denseData(dhN);
    for (let i = 0; i < block; i++) dh[i]! += dhNData[i]!;
  }
  const dStep = allocate(dtype, batch * 2 * hidden);
  // Scratch: the cell's backward writes every step's block before anything reads it.
  const dGates = takeScratch(dtype, rows * width);
  // W_hh enters every step's product: prepared (packed) once for all of them.
  const back = k.packMatmulB(denseData(weightHh), width, hidden, false);
  for (let s = 0; s < seq; s++) {
    // Undo the steps in the opposite order to the forward's.
    const t = reverse ? s : seq - 1 - s;
    const prev = reverse ? t + 1 : t;
    for (let b = 0; b < batch; b++) {
      dStep.set(dh.subarray(b * hidden, (b + 1) * hidden), b * 2 * hidden);
      dStep.set(dc.subarray(b * hidden, (b + 1) * hidden), b * 2 * hidden + hidden);
    }
    const stepDGates = dGates.subarray(t * batch * width, (t + 1) * batch * width) as TypedArray;
    const cPrev = saved.cHist.subarray(prev * block, (prev + 1) * block) as TypedArray;
    const acts = saved.acts.subarray(t * actsBlock, (t + 1) * actsBlock) as TypedArray;
    k.lstmCellBackward(dStep, cPrev, acts, batch, hidden, stepDGates, dc);
    if (s + 1 < seq) {
      // The step undone next wrote h_prev: its gradient is its output's plus this recurrent one.
      outputRows(reverse ? t + 1 : t - 1);
      k.matmulPacked(stepDGates, back, dh, batch, true);
    } else {
      k.matmulPacked(stepDGates, back, dh, batch, false);
    }
  }
  if (seq === 0 && dhN) dh.set(denseData(dhN));
  const result: (Tensor | null)[] = [
    null,
    fromData(dh, [batch, hidden], dtype),
    fromData(dc, [batch, hidden], dtype),
  ];
  // The states every step read, in step order: one [seq·batch, hidden] matrix.
  const shift = reverse ? 1 : 0;
  const hPrev = saved.hist.subarray(shift * block, (shift + seq) * block) as TypedArray;
  if (wantDx) {
    const dx = allocate(dtype, rows * input);
    k.matmul(dGates, denseData(weightIh), dx, gemm(rows, input, width));
    result[0] = batchFirst
      ? fromData(swapLeadingAxes(dtype, dx, seq, batch, input), [batch, seq, input], dtype)
      : fromData(dx, [seq, batch, input], dtype);
  }
  const dWih = allocate(dtype, width * input);
  k.matmul(dGates, saved.x, dWih, gemm(width, input, rows, { transA: true }));
  const dWhh = allocate(dtype, width * hidden);
  k.matmul(dGates, hPrev, dWhh, gemm(width, hidden, rows, { transA: true }));
  result.push(fromData(dWih, [width, input], dtype), fromData(dWhh, [width, hidden], dtype));
  if (biases.length > 0) {
    const dBias = allocate(dtype, width);
    k.reduce('sum', dGates, 1, rows, width, dBias);
    // Both biases enter every step's gates unscaled: each gets the same sum, in its own tensor.
    biases.forEach((_, i) => {
      result.push(fromData(i === 0 ? dBias : dBias.slice(), [width], dtype));
    });
  }
  giveScratch(dGates);
  return result;
}

/**
 * The same backward written with ops, recomputing the forward from the inputs, so that it can
 * itself be differentiated (used under `createGraph`). Slower: every step records its ops.
 */
function compositeBackward(
  dys: readonly (Tensor | null)[],
  inputs: readonly Tensor[],
  reverse: boolean,
  batchFirst: boolean,
): Tensor[] {
  if (batchFirst) {
    // Time-major views in, the gradient of x back to batch first: transposes are ops too.
    const [dOut, ...rest] = dys;
    const [x, ...others] = inputs as [Tensor, ...Tensor[]];
    const dysT = [dOut ? transpose(dOut, 0, 1) : null, ...rest];
    const [dx, ...grads] = compositeBackward(dysT, [transpose(x, 0, 1), ...others], reverse, false);
    return [transpose(dx!, 0, 1), ...grads];
  }
  const [x, h0, c0, weightIh, weightHh, ...biases] = inputs as [
    Tensor,
    Tensor,
    Tensor,
    Tensor,
    Tensor,
    ...Tensor[],
  ];
  const [seq, batch, input] = x.shape as [number, number, number];
  const hidden = h0.shape[1]!;
  const { dtype } = x;
  if (seq === 0) {
    // No step: the final state is the initial one, and nothing reaches x or the weights.
    const [, dhN, dcN] = dys;
    const none = [x, weightIh, weightHh, ...biases].map((t) => zeros(t.shape, { dtype }));
    const [dx, ...dw] = none as [Tensor, ...Tensor[]];
    return [dx, dhN ?? zeros([batch, hidden], { dtype }), dcN ?? zeros([batch, hidden], { dtype }), ...dw];
  }
  // The layer passes biases in the order ih, hh; whichever are present enter every step alike.
  const biasSum =
    biases.length === 0 ? undefined : biases.length === 1 ? biases[0] : add(biases[0]!, biases[1]!);
  const flatX = reshape(x, [seq * batch, input]);
  const steps = unbind(reshape(linear(flatX, weightIh, biasSum), [seq, batch, 4 * hidden]), 0);
  const gates: Tensor[] = new Array(seq);
  const hPrev: Tensor[] = new Array(seq);
  const cPrev: Tensor[] = new Array(seq);
  let h = h0;
  let c = c0;
  for (let s = 0; s < seq; s++) {
    const t = reverse ? seq - 1 - s : s;
    hPrev[t] = h;
    cPrev[t] = c;
    gates[t] = add(steps[t]!, linear(h, weightHh));
    [h, c] = split(lstmCellFused(gates[t]!, c), hidden, 1) as [Tensor, Tensor];
  }
  const [dOut, dhN, dcN] = dys;
  let dh = dhN ?? zeros([batch, hidden], { dtype });
  let dc = dcN ?? zeros([batch, hidden], { dtype });
  const dGates: Tensor[] = new Array(seq);
  for (let s = 0; s < seq; s++) {
    const t = reverse ? s : seq - 1 - s;
    const dhT = dOut ? add(dh, select(dOut, 0, t)) : dh;
    const [dg, dcPrev] = lstmCellCompositeBackward(cat([dhT, dc], 1), gates[t]!, cPrev[t]!);
    dGates[t] = dg;
    dh = matmul(dg, weightHh);
    dc = dcPrev;
  }
  const all = reshape(stack(dGates, 0), [seq * batch, 4 * hidden]);
  const allT = transpose(all, 0, 1);
  const dx = reshape(matmul(all, weightIh), [seq, batch, input]);
  const dWih = matmul(allT, flatX);
  const dWhh = matmul(allT, reshape(stack(hPrev, 0), [seq * batch, hidden]));
  const dBias = biases.map(() => sum(all, 0));
  return [dx, dh, dc, dWih, dWhh, ...dBias];
}
