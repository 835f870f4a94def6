/**
 * The LSTM cell's pointwise half (gate activations, memory update, output) fused into one pass
 * forward and one backward, so a time step costs two kernel calls instead of ~40 small ops.
 * Gate blocks are PyTorch's i, f, g, o; `src/ops/lstm-cell.ts` documents the math.
 */
import type { TypedArray } from '../types.js';

function sigmoid(x: number): number {
  // Stable for large |x|: never exponentiates a large positive number.
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/**
 * out[b] = h' | c' and saved[b] = σ(i) | σ(f) | tanh(g) | σ(o) | tanh(c') for each row b.
 * @example
 * const [out, saved] = [new Float64Array(2), new Float64Array(5)];
 * lstmCellForward(new Float64Array(4), new Float64Array([1]), 1, 1, out, saved);
 * out; // => [0.5 * Math.tanh(0.5), 0.5]
 */
export function lstmCellForward(
  gates: TypedArray,
  c: TypedArray,
  batch: number,
  hidden: number,
  out: TypedArray,
  saved: TypedArray,
): void {
  const H = hidden;
  for (let b = 0; b < batch; b++) {
    const gRow = b * 4 * H;
    const sRow = b * 5 * H;
    for (let j = 0; j < H; j++) {
      const i = sigmoid(gates[gRow + j]!);
      const f = sigmoid(gates[gRow + H + j]!);
      const g = Math.tanh(gates[gRow + 2 * H + j]!);
      const o = sigmoid(gates[gRow + 3 * H + j]!);
      const cNext = f * c[b * H + j]! + i * g;
      const tc = Math.tanh(cNext);
      out[b * 2 * H + j] = o * tc;
      out[b * 2 * H + H + j] = cNext;
      saved[sRow + j] = i;
      saved[sRow + H + j] = f;
      saved[sRow + 2 * H + j] = g;
      saved[sRow + 3 * H + j] = o;
      saved[sRow + 4 * H + j] = tc;
    }
  }
}

/**
 * The adjoint of {@link lstmCellForward}: with dc = dc' + dh'·o·(1 − tanh²c'), writes
 * dGates = [dc·g·i(1−i), dc·c·f(1−f), dc·i·(1−g²), dh'·tanh(c')·o(1−o)] and dC = dc·f.
 * @example
 * const [c, out, saved] = [new Float64Array([1]), new Float64Array(2), new Float64Array(5)];
 * lstmCellForward(new Float64Array(4), c, 1, 1, out, saved);
 * const [dGates, dC] = [new Float64Array(4), new Float64Array(1)];
 * lstmCellBackward(new Float64Array([0, 1]), c, saved, 1, 1, dGates, dC); // dc' = 1
 * dC; // => [0.5]
 */
export function lstmCellBackward(
  dOut: TypedArray,
  c: TypedArray,
  saved: TypedArray,
  batch: number,
  hidden: number,
  dGates: TypedArray,
  dC: TypedArray,
): void {
  const H = hidden;
  for (let b = 0; b < batch; b++) {
    const gRow = b * 4 * H;
    const sRow = b * 5 * H;
    for (let j = 0; j < H; j++) {
      const i = saved[sRow + j]!;
      const f = saved[sRow + H + j]!;
      const g = saved[sRow + 2 * H + j]!;
      const o = saved[sRow + 3 * H + j]!;
      const tc = saved[sRow + 4 * H + j]!;
      const dh = dOut[b * 2 * H + j]!;
      const dc = dOut[b * 2 * H + H + j]! + dh * o * (1 - tc * tc);
      dGates[gRow + j] = dc * g * i * (1 - i);
      dGates[gRow + H + j] = dc * c[b * H + j]! * f * (1 - f);
      dGates[gRow + 2 * H + j] = dc * i * (1 - g * g);
      dGates[gRow + 3 * H + j] = dh * tc * o * (1 - o);
      dC[b * H + j] = dc * f;
    }
  }
}
