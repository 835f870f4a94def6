import type { Kernels } from '../types.js';

/**
 * Softmax cross-entropy per row, in float64: see {@link Kernels.softmaxCrossEntropy}.
 * @example
 * const losses = new Float64Array(1);
 * softmaxCrossEntropy(Float64Array.of(0, 0), Int32Array.of(1), 1, 2, -100, losses, new Float64Array(1));
 * // losses[0] = log 2
 */
export const softmaxCrossEntropy: Kernels['softmaxCrossEntropy'] = (
  logits,
  targets,
  rows,
  classes,
  ignoreIndex,
  losses,
  lse,
) => {
  for (let i = 0; i < rows; i++) {
    const base = i * classes;
    let max = Number.NEGATIVE_INFINITY;
    for (let c = 0; c < classes; c++) max = Math.max(max, logits[base + c]!);
    // An infinite maximum would give ∞ − ∞: shifting by 0 then leaves the infinities to exp.
    const shift = Number.isFinite(max) ? max : 0;
    let sum = 0;
    for (let c = 0; c < classes; c++) sum += Math.exp(logits[base + c]! - shift);
    const l = shift + Math.log(sum);
    lse[i] = l;
    const t = targets[i]!;
    losses[i] = t === ignoreIndex ? 0 : l - logits[base + t]!;
  }
};

/**
 * The adjoint of {@link softmaxCrossEntropy}, in float64: see
 * {@link Kernels.softmaxCrossEntropyBackward}.
 * @example
 * const d = new Float64Array(2);
 * softmaxCrossEntropyBackward(Float64Array.of(0, 0), Int32Array.of(1), Float64Array.of(Math.LN2), Float64Array.of(1), 1, 2, -100, d);
 * // d = [0.5, −0.5]
 */
export const softmaxCrossEntropyBackward: Kernels['softmaxCrossEntropyBackward'] = (
  logits,
  targets,
  lse,
  dLosses,
  rows,
  classes,
  ignoreIndex,
  dLogits,
) => {
  for (let i = 0; i < rows; i++) {
    const base = i * classes;
    const t = targets[i]!;
    if (t === ignoreIndex) {
      dLogits.fill(0, base, base + classes);
      continue;
    }
    const dy = dLosses[i]!;
    const l = lse[i]!;
    for (let c = 0; c < classes; c++) {
      dLogits[base + c] = dy * (Math.exp(logits[base + c]! - l) - (c === t ? 1 : 0));
    }
  }
};
