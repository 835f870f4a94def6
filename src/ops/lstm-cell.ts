import { isGradEnabled } from '../autograd/grad-mode.js';
import { kernels } from '../backends/registry.js';
import { ShapeError } from '../errors.js';
import { allocate, promoteTypes, type TypedArray } from '../tensor/dtype.js';
import { formatShape } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { add } from './add.js';
import { cast } from './cast.js';
import { cat } from './cat.js';
import { expectFloat, expectTensor } from './core/convert.js';
import { defineOp } from './core/define-op.js';
import { denseData, fromData } from './core/run-kernel.js';
import { mul } from './mul.js';
import { narrow } from './narrow.js';
import { sigmoid } from './sigmoid.js';
import { split } from './split.js';
import { sub } from './sub.js';
import { tanh } from './tanh.js';

function checkArgs(gates: Tensor, c: Tensor): void {
  expectTensor(gates, 'lstmCellFused', 'gates');
  expectTensor(c, 'lstmCellFused', 'c');
  expectFloat(gates, 'lstmCellFused', 'gates');
  expectFloat(c, 'lstmCellFused', 'c');
  if (c.shape.length !== 2 || gates.shape.length !== 2) {
    throw new ShapeError(
      `lstmCellFused: gates and c must be 2-D, got gates ${formatShape(gates.shape)} and c ${formatShape(c.shape)}`,
    );
  }
  const [batch, hidden] = c.shape as [number, number];
  if (gates.shape[0] !== batch || gates.shape[1] !== 4 * hidden) {
    throw new ShapeError(
      `lstmCellFused: gates must be [batch, 4·hidden] = ${formatShape([batch, 4 * hidden])} for c ${formatShape(c.shape)}, got ${formatShape(gates.shape)}`,
    );
  }
}

/**
 * The backward written with ops (recomputing the activations from the inputs), so that it can
 * itself be differentiated: used when the engine records the backward (`createGraph`). From
 * `dy [batch, 2·hidden]` (dh' | dc'), returns [dGates, dc].
 * @example
 * const [dGates, dc] = lstmCellCompositeBackward(ones([1, 2]), zeros([1, 4]), ones([1, 1]));
 */
export function lstmCellCompositeBackward(dy: Tensor, gates: Tensor, c: Tensor): [Tensor, Tensor] {
  const hidden = c.shape[1]!;
  const [pi, pf, pg, po] = split(gates, hidden, 1);
  const [i, f, g, o] = [sigmoid(pi!), sigmoid(pf!), tanh(pg!), sigmoid(po!)];
  const tc = tanh(add(mul(f, c), mul(i, g)));
  const dh = narrow(dy, 1, 0, hidden);
  // c' reaches the loss directly and through h' = o ⊙ tanh(c').
  const dc = add(narrow(dy, 1, hidden, hidden), mul(mul(dh, o), sub(1, mul(tc, tc))));
  const dGates = cat(
    [
      mul(mul(dc, g), mul(i, sub(1, i))),
      mul(mul(dc, c), mul(f, sub(1, f))),
      mul(mul(dc, i), sub(1, mul(g, g))),
      mul(mul(dh, tc), mul(o, sub(1, o))),
    ],
    1,
  );
  return [dGates, mul(dc, f)];
}

/**
 * The pointwise half of an LSTM step fused into one kernel pass: from the gate pre-activations
 * `gates [batch, 4·hidden]` (PyTorch's blocks i, f, g, o, i.e. xProj + W_hh·h + b_hh) and the
 * memory `c [batch, hidden]`, returns `[batch, 2·hidden]` = h' | c' with
 * c' = σ(i)⊙tanh(g) + σ(f)⊙c and h' = σ(o)⊙tanh(c'); split it with `split(out, hidden, 1)`.
 * The backward is one kernel pass over the activations saved by the forward. When the backward
 * is itself recorded (`createGraph`, second derivatives) it runs as ops instead, so grad-of-grad
 * through the cell stays correct, only slower.
 * @see https://doi.org/10.1162/neco.1997.9.8.1735
 * @example
 * lstmCellFused(zeros([1, 4]), ones([1, 1])); // => [[0.5 * Math.tanh(0.5), 0.5]]
 */
export function lstmCellFused(gates: Tensor, c: Tensor): Tensor {
  checkArgs(gates, c);
  const dtype = promoteTypes(gates.dtype, c.dtype);
  const [batch, hidden] = c.shape as [number, number];
  // σ(i), σ(f), tanh(g), σ(o), tanh(c') of this call, written by the forward for the backward.
  let saved: TypedArray | undefined;
  const as = (t: Tensor): Tensor => (t.dtype === dtype ? t : cast(t, dtype));
  const op = defineOp({
    name: 'lstmCellFused',
    forward: (g: Tensor, m: Tensor): Tensor => {
      const out = allocate(dtype, batch * 2 * hidden);
      saved = allocate(dtype, batch * 5 * hidden);
      kernels().lstmCellForward(denseData(as(g)), denseData(as(m)), batch, hidden, out, saved);
      return fromData(out, [batch, 2 * hidden], dtype);
    },
    backward: (dy, { args: [g, m] }) => {
      if (isGradEnabled()) return lstmCellCompositeBackward(as(dy), as(g), as(m));
      const dGates = allocate(dtype, batch * 4 * hidden);
      const dC = allocate(dtype, batch * hidden);
      const k = kernels();
      k.lstmCellBackward(denseData(as(dy)), denseData(as(m)), saved!, batch, hidden, dGates, dC);
      return [fromData(dGates, [batch, 4 * hidden], dtype), fromData(dC, [batch, hidden], dtype)];
    },
  });
  return op(gates, c);
}
