// The fused ops (layerNorm, batchNorm in training, softmax, gelu: one kernel each way) against their compositions of
// smaller ops: the same first and second derivatives in float64, and the float32 kernels of
// every backend against the float64 gradients.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gradients } from '../autograd/functional.js';
import { availableBackends, getBackend, setBackend } from '../backends/registry.js';
import { tensor } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { expectClose } from '../testing/expect-close.js';
import { add } from './add.js';
import { batchNorm } from './batch-norm.js';
import { cast } from './cast.js';
import { standardize } from './core/standardize.js';
import { div } from './div.js';
import { erf } from './erf.js';
import { exp } from './exp.js';
import { gelu } from './gelu.js';
import { layerNorm } from './layer-norm.js';
import { mul } from './mul.js';
import { reshape } from './reshape.js';
import { softmax } from './softmax.js';
import { sum } from './sum.js';

function values(n: number, seed: number, shape: number[], requiresGrad = true): Tensor {
  const data = Array.from({ length: n }, (_, i) => Math.sin(i * 1.3 + seed) * 2);
  return tensor(data, { shape, dtype: 'float64', requiresGrad });
}

interface Case {
  name: string;
  inputs: () => Tensor[];
  fused: (...xs: Tensor[]) => Tensor;
  composite: (...xs: Tensor[]) => Tensor;
}

const cases: Case[] = [
  {
    name: 'layerNorm with weight and bias',
    inputs: () => [values(24, 1, [2, 3, 4]), values(4, 2, [4]), values(4, 3, [4])],
    fused: (x, w, b) => layerNorm(x, [4], { weight: w!, bias: b! }),
    composite: (x, w, b) => add(mul(standardize(x, [2], 1e-5).y, w!), b!),
  },
  {
    name: 'layerNorm over two axes, no weight',
    inputs: () => [values(24, 4, [2, 3, 4])],
    fused: (x) => layerNorm(x, [3, 4]),
    composite: (x) => standardize(x, [1, 2], 1e-5).y,
  },
  {
    name: 'batchNorm in training with weight and bias',
    inputs: () => [values(48, 8, [3, 2, 4, 2]), values(2, 9, [2]), values(2, 10, [2])],
    fused: (x, w, b) => batchNorm(x, { weight: w!, bias: b!, training: true }),
    composite: (x, w, b) =>
      add(mul(standardize(x, [0, 2, 3], 1e-5).y, reshape(w!, [2, 1, 1])), reshape(b!, [2, 1, 1])),
  },
  {
    name: 'batchNorm in training without weight, on [N, C]',
    inputs: () => [values(12, 11, [4, 3])],
    fused: (x) => batchNorm(x, { training: true }),
    composite: (x) => standardize(x, [0], 1e-5).y,
  },
  {
    name: 'softmax along the last axis',
    inputs: () => [values(12, 5, [3, 4])],
    fused: (x) => softmax(x, -1),
    composite: (x) => div(exp(x), sum(exp(x), [1], true)),
  },
  {
    name: 'softmax along the first axis',
    inputs: () => [values(12, 6, [3, 4])],
    fused: (x) => softmax(x, 0),
    composite: (x) => div(exp(x), sum(exp(x), [0], true)),
  },
  {
    name: 'gelu',
    inputs: () => [values(10, 7, [10])],
    fused: (x) => gelu(x),
    composite: (x) => mul(mul(x, 0.5), add(erf(mul(x, Math.SQRT1_2)), 1)),
  },
];

/** A fixed projection of the output, so that every element matters to the loss. */
function loss(y: Tensor): Tensor {
  const w = tensor(
    Array.from({ length: y.size }, (_, i) => Math.cos(i * 0.7)),
    { shape: [...y.shape], dtype: y.dtype },
  );
  return sum(mul(y, w));
}

for (const c of cases) {
  test(`${c.name}: first and second derivatives equal the composition's (float64)`, () => {
    const xs = c.inputs();
    const firstFused = gradients(loss(c.fused(...xs)), xs, { createGraph: true });
    const firstPlain = gradients(loss(c.composite(...xs)), xs, { createGraph: true });
    for (const [i, g] of firstFused.entries())
      expectClose(g!, [...firstPlain[i]!.data()], { rtol: 1e-10, atol: 1e-12 });
    // d/dx of Σ (dL/dx)²: differentiates each backward.
    const second = (first: (Tensor | null)[]) =>
      gradients(
        first.reduce<Tensor>((acc, g) => add(acc, sum(mul(g!, g!))), tensor(0, { dtype: 'float64' })),
        xs,
        { allowUnused: true }, // a bias's gradient does not depend on the inputs
      );
    const secondFused = second(firstFused);
    const secondPlain = second(firstPlain);
    assert.ok(
      secondFused[0]!.data().some((v) => v !== 0),
      'a nonzero second derivative',
    );
    for (const [i, g] of secondFused.entries())
      expectClose(g!, [...secondPlain[i]!.data()], { rtol: 1e-8, atol: 1e-10 });
  });

  test(`${c.name}: the float32 kernels of every backend give the float64 gradients`, () => {
    const xs = c.inputs();
    const want = gradients(loss(c.fused(...xs)), xs);
    const previous = getBackend().name;
    for (const backend of availableBackends()) {
      setBackend(backend);
      try {
        const xs32 = xs.map((x) => cast(x.detach(), 'float32').requiresGrad_());
        const got = gradients(loss(c.fused(...xs32)), xs32);
        for (const [i, g] of got.entries()) expectClose(g!, [...want[i]!.data()], { rtol: 1e-4, atol: 1e-5 });
      } finally {
        setBackend(previous);
      }
    }
  });
}
