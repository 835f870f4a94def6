import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gradients } from '../autograd/functional.js';
import { enableGrad } from '../autograd/grad-mode.js';
import { gradcheck } from '../autograd/gradcheck.js';
import { availableBackends, getBackend, setBackend } from '../backends/registry.js';
import { DTypeError, ShapeError, ValueError } from '../errors.js';
import { ones, tensor, zeros } from '../tensor/creation.js';
import { Generator } from '../tensor/random.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkOp, type Plain } from '../testing/check-op.js';
import { expectClose } from '../testing/expect-close.js';
import { add } from './add.js';
import { cat, stack } from './cat.js';
import { linear } from './linear.js';
import { lstmCellFused } from './lstm-cell.js';
import { lstmSequence } from './lstm-sequence.js';
import { mul } from './mul.js';
import { transpose } from './permute.js';
import { reshape } from './reshape.js';
import { split } from './split.js';
import { sum } from './sum.js';
import { unbind } from './unbind.js';

const sig = (v: number): number => 1 / (1 + Math.exp(-v));

/** Plain float64 loops over steps, rows and units; returns output | hN | cN flattened, as `flat`. */
function reference(
  reverse: boolean,
  x: Plain,
  h0: Plain,
  c0: Plain,
  wih: Plain,
  whh: Plain,
  bih?: Plain,
  bhh?: Plain,
): Plain {
  const [seq, batch, input] = x.shape as [number, number, number];
  const hidden = h0.shape[1]!;
  let h = [...h0.data];
  let c = [...c0.data];
  const out = new Array<number>(seq * batch * hidden).fill(0);
  for (let s = 0; s < seq; s++) {
    const t = reverse ? seq - 1 - s : s;
    const hNext = new Array<number>(batch * hidden);
    const cNext = new Array<number>(batch * hidden);
    for (let b = 0; b < batch; b++) {
      // p[r] = W_ih[r]·x + W_hh[r]·h + b_ih[r] + b_hh[r] for the 4·hidden gate rows r.
      const p = (r: number): number => {
        let v = (bih?.data[r] ?? 0) + (bhh?.data[r] ?? 0);
        for (let q = 0; q < input; q++) v += wih.data[r * input + q]! * x.data[(t * batch + b) * input + q]!;
        for (let q = 0; q < hidden; q++) v += whh.data[r * hidden + q]! * h[b * hidden + q]!;
        return v;
      };
      for (let j = 0; j < hidden; j++) {
        const i = sig(p(j));
        const f = sig(p(hidden + j));
        const g = Math.tanh(p(2 * hidden + j));
        const o = sig(p(3 * hidden + j));
        const cj = f * c[b * hidden + j]! + i * g;
        cNext[b * hidden + j] = cj;
        hNext[b * hidden + j] = o * Math.tanh(cj);
        out[(t * batch + b) * hidden + j] = o * Math.tanh(cj);
      }
    }
    h = hNext;
    c = cNext;
  }
  return { shape: [out.length + 2 * batch * hidden], data: [...out, ...h, ...c] };
}

/** The op's three outputs as one flat tensor, so checkOp's machinery sees them all. */
function flat([output, h, c]: Tensor[]): Tensor {
  return cat([reshape(output!, [-1]), reshape(h!, [-1]), reshape(c!, [-1])], 0);
}

const withBias =
  (reverse: boolean) =>
  (
    x: Tensor,
    h0: Tensor,
    c0: Tensor,
    weightIh: Tensor,
    weightHh: Tensor,
    biasIh: Tensor,
    biasHh: Tensor,
  ): Tensor =>
    flat(lstmSequence(x, h0, c0, { weightIh, weightHh, biasIh, biasHh }, { reverse }));

/** Shapes for seq, batch, input, hidden (with both biases). */
function shapes(seq: number, batch: number, input: number, hidden: number): number[][] {
  const g = 4 * hidden;
  return [[seq, batch, input], [batch, hidden], [batch, hidden], [g, input], [g, hidden], [g], [g]];
}

for (const reverse of [false, true]) {
  checkOp({
    name: reverse ? 'lstmSequence (reverse)' : 'lstmSequence',
    fn: withBias(reverse) as (...xs: Tensor[]) => Tensor,
    reference: (x, h0, c0, wih, whh, bih, bhh) => reference(reverse, x, h0, c0, wih, whh, bih, bhh),
    domain: [-1, 1],
    float32Tolerance: 1e-5,
    cases: [
      shapes(3, 2, 3, 2),
      shapes(1, 1, 1, 1),
      shapes(4, 3, 2, 3),
      // 19 units: the native cell kernel's vector loops and scalar tails; no gradcheck (size).
      { inputs: shapes(3, 5, 7, 19), gradcheck: false },
      // Zero-size batch, and a sequence without steps (the final state is the initial one).
      shapes(3, 0, 3, 2),
      shapes(0, 2, 3, 2),
    ],
    errors: reverse
      ? []
      : [
          {
            what: 'a non-tensor h0',
            call: () => lstmSequence(zeros([2, 1, 3]), 1 as never, zeros([1, 2]), weights(3, 2)),
            message: /lstmSequence: h0 must be a Tensor, got number/,
            type: ValueError,
          },
          {
            what: 'an int32 x',
            call: () =>
              lstmSequence(zeros([2, 1, 3], { dtype: 'int32' }), zeros([1, 2]), zeros([1, 2]), weights(3, 2)),
            message: /lstmSequence: x must be float32 or float64, got int32/,
            type: DTypeError,
          },
          {
            what: 'a 2-D x',
            call: () => lstmSequence(zeros([2, 3]), zeros([1, 2]), zeros([1, 2]), weights(3, 2)),
            message: /lstmSequence: x must be 3-D \[seq, batch, input\], got \[2, 3\]/,
            type: ShapeError,
          },
          {
            what: 'a weightHh that is not [4·hidden, hidden]',
            call: () =>
              lstmSequence(zeros([2, 1, 3]), zeros([1, 2]), zeros([1, 2]), {
                weightIh: zeros([8, 3]),
                weightHh: zeros([6, 2]),
              }),
            message: /lstmSequence: weightHh must have shape \[8, 2\], got \[6, 2\]/,
            type: ShapeError,
          },
          {
            what: 'a weightIh for another input size',
            call: () => lstmSequence(zeros([2, 1, 4]), zeros([1, 2]), zeros([1, 2]), weights(3, 2)),
            message: /lstmSequence: weightIh must have shape \[8, 4\], got \[8, 3\]/,
            type: ShapeError,
          },
          {
            what: 'an h0 for another batch',
            call: () => lstmSequence(zeros([2, 3, 3]), zeros([1, 2]), zeros([3, 2]), weights(3, 2)),
            message: /lstmSequence: h0 must have shape \[3, 2\], got \[1, 2\]/,
            type: ShapeError,
          },
          {
            what: 'a bias of the wrong length',
            call: () =>
              lstmSequence(zeros([2, 1, 3]), zeros([1, 2]), zeros([1, 2]), {
                ...weights(3, 2),
                biasHh: zeros([4]),
              }),
            message: /lstmSequence: biasHh must have shape \[8\], got \[4\]/,
            type: ShapeError,
          },
        ],
  });
}

function weights(input: number, hidden: number) {
  return { weightIh: zeros([4 * hidden, input]), weightHh: zeros([4 * hidden, hidden]) };
}

test('lstmSequence of zero weights: every gate is σ(0) = 0.5, so c runs 0.5, 0.75, 0.875', () => {
  const [output, h, c] = lstmSequence(zeros([3, 1, 2]), zeros([1, 1]), ones([1, 1]), weights(2, 1));
  // c' = 0.5·c + 0.5·tanh(0) = c / 2 from c0 = 1: 0.5, 0.25, 0.125; h' = 0.5·tanh(c').
  expectClose(output, [0.5 * Math.tanh(0.5), 0.5 * Math.tanh(0.25), 0.5 * Math.tanh(0.125)]);
  expectClose(h, [0.5 * Math.tanh(0.125)]);
  expectClose(c, [0.125]);
});

/** Random float64 inputs (x, h0, c0, W_ih, W_hh, b_ih, b_hh), all requiring grad. */
function randomInputs(seed: number, seq = 4, batch = 3, input = 3, hidden = 2): Tensor[] {
  const g = new Generator(seed);
  return shapes(seq, batch, input, hidden).map((shape) =>
    tensor(
      Float64Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => 2 * g.uniform() - 1),
      { shape, dtype: 'float64' },
    ).requiresGrad_(),
  );
}

/** The per-step path the layer takes with masks (and took before the fused op), as ops. */
function perStep(
  reverse: boolean,
  x: Tensor,
  h0: Tensor,
  c0: Tensor,
  wih: Tensor,
  whh: Tensor,
  bih: Tensor,
  bhh: Tensor,
): Tensor[] {
  const [seq, batch, input] = x.shape as [number, number, number];
  const hidden = h0.shape[1]!;
  const steps = unbind(reshape(linear(reshape(x, [seq * batch, input]), wih, bih), [seq, batch, -1]), 0);
  const outputs: Tensor[] = new Array(seq);
  let [h, c] = [h0, c0];
  for (let s = 0; s < seq; s++) {
    const t = reverse ? seq - 1 - s : s;
    [h, c] = split(lstmCellFused(add(steps[t]!, linear(h, whh, bhh)), c), hidden, 1) as [Tensor, Tensor];
    outputs[t] = h;
  }
  return [stack(outputs, 0), h, c];
}

const fused =
  (reverse: boolean) =>
  (
    x: Tensor,
    h0: Tensor,
    c0: Tensor,
    weightIh: Tensor,
    weightHh: Tensor,
    biasIh: Tensor,
    biasHh: Tensor,
  ): Tensor[] =>
    lstmSequence(x, h0, c0, { weightIh, weightHh, biasIh, biasHh }, { reverse });

/** A loss that weights every output (or only some, so others get no gradient at all). */
function lossOf(outs: Tensor[], seed: number, only?: number): Tensor {
  const g = new Generator(seed);
  const terms = outs.map((o, i) => {
    const w = tensor(
      Float64Array.from({ length: o.size }, () => g.uniform() - 0.5),
      { shape: [...o.shape], dtype: 'float64' },
    );
    return only === undefined || only === i ? sum(mul(o, w)) : undefined;
  });
  return terms.filter((t) => t !== undefined).reduce((a, b) => add(a, b));
}

for (const reverse of [false, true]) {
  const label = reverse ? ' (reverse)' : '';
  test(`lstmSequence${label} matches the per-step path in values and gradients, with any outputs used`, () => {
    const xs = randomInputs(21);
    for (const only of [undefined, 0, 1, 2]) {
      const a = fused(reverse)(...(xs as [Tensor, Tensor, Tensor, Tensor, Tensor, Tensor, Tensor]));
      const b = perStep(reverse, ...(xs as [Tensor, Tensor, Tensor, Tensor, Tensor, Tensor, Tensor]));
      a.forEach((t, i) => {
        expectClose(t, [...b[i]!.data()], { rtol: 1e-12, atol: 1e-12 });
      });
      const ga = gradients(lossOf(a, 5, only), xs);
      const gb = gradients(lossOf(b, 5, only), xs, { allowUnused: true });
      ga.forEach((g, i) => {
        expectClose(g, [...gb[i]!.data()], { rtol: 1e-10, atol: 1e-12 });
      });
    }
  });

  test(`lstmSequence${label} supports second derivatives (its backward runs as ops under createGraph)`, () => {
    const xs = randomInputs(22, 3, 2, 2, 2);
    const secondOrder = (f: (...v: Tensor[]) => Tensor[]): Tensor[] => {
      const first = gradients(lossOf(f(...xs), 6), xs, { createGraph: true });
      // d/d(inputs) of Σ over every first-order gradient squared: differentiates the backward.
      return gradients(
        first.map((g) => sum(mul(g, g))).reduce((p, q) => add(p, q)),
        xs,
      );
    };
    const a = secondOrder(fused(reverse) as (...v: Tensor[]) => Tensor[]);
    const b = secondOrder((...v) =>
      perStep(reverse, ...(v as [Tensor, Tensor, Tensor, Tensor, Tensor, Tensor, Tensor])),
    );
    assert.ok(
      a[4]!.data().some((v) => v !== 0),
      'a nonzero second derivative for W_hh',
    );
    a.forEach((g, i) => {
      expectClose(g, [...b[i]!.data()], { rtol: 1e-9, atol: 1e-12 });
    });
  });
}

test('lstmSequence gradgrad: gradcheck of the gradient of W_hh with respect to every input', () => {
  const xs = randomInputs(23, 2, 2, 2, 2).map((t) => t.detach());
  // f(inputs) = Σ (∂L/∂W_hh)²: its gradient differentiates the recorded (composite) backward.
  const f = (...v: Tensor[]): Tensor =>
    enableGrad(() => {
      const leaves = v.map((t) => (t.requiresGrad ? t : t.detach().requiresGrad_()));
      const outs = fused(false)(...(leaves as [Tensor, Tensor, Tensor, Tensor, Tensor, Tensor, Tensor]));
      const [dWhh] = gradients(lossOf(outs, 7), [leaves[4]!], { createGraph: true });
      return sum(mul(dWhh!, dWhh!));
    });
  const result = gradcheck(f, xs, { tolerance: 1e-6 });
  assert.ok(result.passed, `gradgrad failed:\n${result.table()}`);
});

test('lstmSequence in float32 has the float64 values and gradients on every backend', () => {
  const xs = randomInputs(24, 6, 5, 7, 19);
  const outs64 = fused(false)(...(xs as [Tensor, Tensor, Tensor, Tensor, Tensor, Tensor, Tensor]));
  const grads64 = gradients(lossOf(outs64, 8), xs);
  const previous = getBackend().name;
  for (const backend of availableBackends()) {
    setBackend(backend);
    try {
      const xs32 = xs.map((t) => t.detach().cast('float32').requiresGrad_());
      const outs = fused(false)(...(xs32 as [Tensor, Tensor, Tensor, Tensor, Tensor, Tensor, Tensor]));
      outs.forEach((t, i) => {
        expectClose(t, [...outs64[i]!.data()], { rtol: 1e-5, atol: 1e-6 });
      });
      const grads = gradients(
        lossOf(
          outs.map((t) => t.cast('float64')),
          8,
        ),
        xs32,
      );
      grads.forEach((g, i) => {
        assert.equal(g.dtype, 'float32', `${backend}: gradient ${i} keeps its input's dtype`);
        expectClose(g, [...grads64[i]!.data()], { rtol: 1e-4, atol: 1e-5 });
      });
    } finally {
      setBackend(previous);
    }
  }
});

test('lstmSequence without biases and with a float32 x under float64 weights (promotes, casts back)', () => {
  const [x, h0, c0, wih, whh] = randomInputs(25) as [Tensor, Tensor, Tensor, Tensor, Tensor];
  const x32 = x.detach().cast('float32').requiresGrad_();
  const outs = lstmSequence(x32, h0, c0, { weightIh: wih, weightHh: whh });
  assert.equal(outs[0].dtype, 'float64');
  const zero = zeros([8], { dtype: 'float64' });
  const plain = perStep(false, x32.cast('float64'), h0, c0, wih, whh, zero, zero);
  outs.forEach((t, i) => {
    expectClose(t, [...plain[i]!.data()], { rtol: 1e-6, atol: 1e-7 });
  });
  const [dx, dwhh] = gradients(lossOf(outs, 9), [x32, whh]);
  const [dxPlain, dwhhPlain] = gradients(lossOf(plain, 9), [x32, whh]);
  assert.equal(dx!.dtype, 'float32');
  expectClose(dx!, [...dxPlain!.data()], { rtol: 1e-6, atol: 1e-7 });
  expectClose(dwhh!, [...dwhhPlain!.data()], { rtol: 1e-10, atol: 1e-12 });
});

for (const reverse of [false, true]) {
  test(`lstmSequence batchFirst${reverse ? ' (reverse)' : ''} equals the time-major op on transposed data, to first and second order`, () => {
    const xs = randomInputs(26, 4, 3, 2, 2);
    const [x, ...rest] = xs as [Tensor, ...Tensor[]];
    const w = (v: Tensor[]) => ({ weightIh: v[2]!, weightHh: v[3]!, biasIh: v[4]!, biasHh: v[5]! });
    const xb = transpose(x, 0, 1).contiguous().detach().requiresGrad_();
    const timeMajor = lstmSequence(x, rest[0]!, rest[1]!, w(rest), { reverse });
    const batchFirst = lstmSequence(xb, rest[0]!, rest[1]!, w(rest), { reverse, batchFirst: true });
    assert.deepEqual(batchFirst[0].shape, [3, 4, 2]);
    expectClose(batchFirst[0], [...transpose(timeMajor[0], 0, 1).contiguous().data()], {
      rtol: 1e-12,
      atol: 1e-12,
    });
    const lossT = lossOf([transpose(timeMajor[0], 0, 1), timeMajor[1], timeMajor[2]], 10);
    const lossB = lossOf(batchFirst, 10);
    const [dxT, ...gT] = gradients(lossT, xs, { createGraph: true });
    const [dxB, ...gB] = gradients(lossB, [xb, ...rest], { createGraph: true });
    expectClose(dxB!, [...transpose(dxT!, 0, 1).contiguous().data()], { rtol: 1e-10, atol: 1e-12 });
    gB.forEach((g, i) => {
      expectClose(g, [...gT[i]!.data()], { rtol: 1e-10, atol: 1e-12 });
    });
    // Second order through the composite backward's transposes.
    const [hxT] = gradients(sum(mul(dxT!, dxT!)), [x]);
    const [hxB] = gradients(sum(mul(dxB!, dxB!)), [xb]);
    expectClose(hxB!, [...transpose(hxT!, 0, 1).contiguous().data()], { rtol: 1e-9, atol: 1e-12 });
  });
}

test('lstmSequence names the batch-first layout when x is not 3-D', () => {
  assert.throws(
    () => lstmSequence(zeros([2, 3]), zeros([1, 2]), zeros([1, 2]), weights(3, 2), { batchFirst: true }),
    /lstmSequence: x must be 3-D \[batch, seq, input\], got \[2, 3\]/,
  );
});

test('lstmSequence through a retained graph: a second backward recomputes what the first released', () => {
  // Large enough (8·16·5·128 saved activations) for the buffers to go through the scratch pool.
  const args = (seed: number) =>
    randomInputs(seed, 8, 16, 4, 128) as [Tensor, Tensor, Tensor, Tensor, Tensor, Tensor, Tensor];
  const xs = args(27);
  const once = gradients(lossOf(fused(false)(...xs), 11), xs);
  const leaves = xs.map((t) => t.detach().requiresGrad_()) as typeof xs;
  const loss = lossOf(fused(false)(...leaves), 11);
  loss.backward(undefined, { retainGraph: true });
  // Another sequence of the same sizes in between takes the buffers the first backward gave back.
  const other = args(28);
  lossOf(fused(false)(...other), 12).backward();
  loss.backward();
  leaves.forEach((leaf, i) => {
    expectClose(
      leaf.grad!,
      [...once[i]!.data()].map((v) => 2 * v),
      { rtol: 1e-10, atol: 1e-12 },
    );
  });
});
