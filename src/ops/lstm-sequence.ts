import { isGradEnabled, noGrad } from '../autograd/grad-mode.js';
import { needsGrad, recordMulti } from '../autograd/record.js';
import { memory } from '../backends/registry.js';
import { ShapeError } from '../errors.js';
import { zeros } from '../tensor/creation.js';
import { promoteTypes } from '../tensor/dtype.js';
import { formatShape } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { add } from './add.js';
import { cast } from './cast.js';
import { cat, stack } from './cat.js';
import { expectFloat, expectTensor } from './core/convert.js';
import {
  type LstmSequenceInputs,
  lstmSequenceBackward,
  lstmSequenceForward,
  type Saved,
} from './core/lstm-sequence-passes.js';
import { linear } from './linear.js';
import { lstmCellCompositeBackward, lstmCellFused } from './lstm-cell.js';
import { matmul } from './matmul.js';
import { select } from './narrow.js';
import { transpose } from './permute.js';
import { reshape } from './reshape.js';
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
 * output.shape; // => [5, 2, 4]
 * // Zero weights: every gate is σ(0) = 0.5 and g = tanh(0) = 0, so h and c stay 0.
 * h.sum().item() + c.sum().item(); // => 0
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
      lstmSequenceForward(
        as(x),
        as(h0),
        as(c0),
        as(weightIh),
        as(weightHh),
        biasIh && as(biasIh),
        biasHh && as(biasHh),
        {
          dtype,
          reverse,
          batchFirst,
          keep,
        },
      ),
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
    for (const buffer of [s.hist, s.cHist, s.acts]) memory().giveScratch(buffer);
    return result;
  };
  return recordMulti(OP, outputs, inputs, (dys) => {
    const typed = dys.map((d) => (d === null ? null : as(d)));
    const grads = isGradEnabled()
      ? compositeBackward(typed, inputs.map(as), reverse, batchFirst)
      : withSaved((s) =>
          lstmSequenceBackward(typed, inputs.map(as), s, { reverse, batchFirst, wantDx: x.requiresGrad }),
        );
    // Promotion may have computed in a wider dtype; each input gets a gradient of its own.
    return grads.map((g, i) => (g && g.dtype !== inputs[i]!.dtype ? cast(g, inputs[i]!.dtype) : g));
  }) as [Tensor, Tensor, Tensor];
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
  const [x, h0, c0, weightIh, weightHh, ...biases] = inputs as LstmSequenceInputs;
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
