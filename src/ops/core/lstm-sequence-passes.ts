import { kernels, memory } from '../../backends/registry.js';
import type { GemmShape } from '../../backends/types.js';
import { allocate, type DType, type TypedArray } from '../../tensor/dtype.js';
import type { Tensor } from '../../tensor/tensor.js';
import { denseData, fromData } from './run-kernel.js';

// The two passes of lstmSequence (src/ops/lstm-sequence.ts) on raw arrays: the loops over time
// steps call kernels directly, with no tensor or graph node per step.

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

/** The inputs of {@link lstmSequence}, in order: x, h0, c0, weightIh, weightHh, then the biases present (ih, hh). */
export type LstmSequenceInputs = [Tensor, Tensor, Tensor, Tensor, Tensor, ...Tensor[]];

/**
 * What the forward keeps for the backward. `hist` and `cHist` hold seq + 1 blocks of
 * `[batch, hidden]`: the initial state at one end and each step's new state, so that the state a
 * step read is one block and all of them together are one contiguous `[seq·batch, hidden]`
 * matrix (what the weight gradient's single product needs).
 */
export interface Saved {
  hist: TypedArray;
  cHist: TypedArray;
  /** σ(i), σ(f), tanh(g), σ(o), tanh(c') of every step, `[seq, batch, 5·hidden]`. */
  acts: TypedArray;
  /** x, time-major `[seq·batch, input]`. */
  x: TypedArray;
}

/**
 * The forward of {@link lstmSequence} on raw arrays: one product for every step's input
 * projection (onto the biases), then per step the recurrent product and the cell kernel. Returns
 * output, hN, cN and, with `keep`, what the backward needs (scratch buffers it must give back).
 * @example
 * const [x, h0, c0] = [randn([5, 2, 3]), zeros([2, 4]), zeros([2, 4])];
 * const [wIh, wHh, bIh, bHh] = [randn([16, 3]), randn([16, 4]), zeros([16]), zeros([16])];
 * const opts = { dtype: 'float32', reverse: false, batchFirst: false, keep: false } as const;
 * const { outputs } = lstmSequenceForward(x, h0, c0, wIh, wHh, bIh, bHh, opts);
 * outputs.map((t) => t.shape); // => [[5, 2, 4], [2, 4], [2, 4]]
 */
export function lstmSequenceForward(
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
  // Scratch: the product overwrites every element.
  const gates = memory().takeScratch(dtype, rows * width);
  let bias: TypedArray | undefined;
  if (biasIh !== undefined || biasHh !== undefined) {
    bias = allocate(dtype, width);
    const bi = biasIh && denseData(biasIh);
    const bh = biasHh && denseData(biasHh);
    for (let j = 0; j < width; j++) bias[j] = (bi ? bi[j]! : 0) + (bh ? bh[j]! : 0);
  }
  // The steps read x time-major: batch-first x is reordered once.
  const xd = batchFirst ? swapLeadingAxes(dtype, denseData(x), batch, seq, input) : denseData(x);
  const wih = denseData(weightIh);
  const whh = denseData(weightHh);
  k.matmul(xd, wih, gates, gemm(rows, width, input, { transB: true, bias }));
  // Block `start` holds the initial state; the step at t writes block `t + shift`.
  // Scratch (given back after the backward): every block is written before it is read.
  const hist = memory().takeScratch(dtype, (seq + 1) * block);
  const cHist = memory().takeScratch(dtype, (seq + 1) * block);
  const start = reverse ? seq : 0;
  const shift = reverse ? 0 : 1;
  hist.set(denseData(h0), start * block);
  cHist.set(denseData(c0), start * block);
  const actsBlock = batch * 5 * hidden;
  const acts = memory().takeScratch(dtype, keep ? seq * actsBlock : actsBlock);
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
  memory().giveScratch(gates);
  if (!keep) {
    for (const buffer of [hist, cHist, acts]) memory().giveScratch(buffer);
    return { outputs, saved: undefined };
  }
  return { outputs, saved: { hist, cHist, acts, x: xd } };
}

/**
 * The backward of {@link lstmSequence} on raw arrays (what runs when no graph is recorded through
 * it): the steps in reverse with one cell kernel and one product each, then the weight gradients
 * as single products over all steps. Returns one gradient per input (null where none is wanted).
 * @example
 * const inputs = [randn([5, 2, 3]), zeros([2, 4]), zeros([2, 4]), randn([16, 3]), randn([16, 4])];
 * const [x, h0, c0, wIh, wHh] = inputs;
 * const opts = { dtype: 'float32', reverse: false, batchFirst: false, keep: true } as const;
 * const { outputs, saved } = lstmSequenceForward(x, h0, c0, wIh, wHh, undefined, undefined, opts);
 * const dys = outputs.map((y) => ones(y.shape));
 * const [dx, , , dWih] = lstmSequenceBackward(dys, inputs, saved!, { reverse: false, batchFirst: false, wantDx: true });
 * dx!.shape; // => [5, 2, 3]
 * dWih!.shape; // => [16, 3]
 */
export function lstmSequenceBackward(
  dys: readonly (Tensor | null)[],
  inputs: readonly Tensor[],
  saved: Saved,
  o: { reverse: boolean; batchFirst: boolean; wantDx: boolean },
): (Tensor | null)[] {
  const { reverse, batchFirst, wantDx } = o;
  const [x, h0, , weightIh, weightHh, ...biases] = inputs as LstmSequenceInputs;
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
  const dGates = memory().takeScratch(dtype, rows * width);
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
  memory().giveScratch(dGates);
  return result;
}
