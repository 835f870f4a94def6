/**
 * The layer harness beside {@link checkOp}: a layer's spec (a factory and input shapes) runs on
 * every available backend and checks what every layer owes: forward in float32 and float64 against
 * the float64 run on the reference backend, gradcheck of the input and every parameter in float64,
 * train vs eval behaviour, the stateDict round trip, a zero-size batch, and the inputs that must
 * fail with a named error.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import '../autograd/backward.js';
import { availableBackends, getBackend, setBackend } from '../backends/registry.js';
import { gradcheckModule } from '../nn/gradcheck-module.js';
import { Module } from '../nn/module.js';
import { cast as castOp } from '../ops/cast.js';
import { mul } from '../ops/mul.js';
import { narrow } from '../ops/narrow.js';
import { sum } from '../ops/sum.js';
import { tensor } from '../tensor/creation.js';
import type { DType } from '../tensor/dtype.js';
import { Generator } from '../tensor/random.js';
import type { Tensor } from '../tensor/tensor.js';
import { makeInputs } from './check-op.js';
import { expectClose } from './expect-close.js';

/** An input: a shape (random float values) or a fixed tensor (int32 indices, say). */
export type LayerInput = readonly number[] | Tensor;

export interface LayerErrorCase {
  /** What is being fed in, for the test's name. */
  what: string;
  inputs: readonly LayerInput[];
  /** A pattern the message must match. */
  message: RegExp;
  type: new (...args: never[]) => Error;
}

export interface LayerSpec<M extends Module> {
  name: string;
  /** Builds the layer in `dtype`; draw any random initial values from `generator`. */
  make: (options: { dtype: DType; generator: Generator }) => M;
  /** One forward's inputs, batch first (the zero-size case empties axis 0). */
  inputs: readonly LayerInput[];
  /** Random inputs are drawn uniformly from this range (default [-2, 2]). */
  domain?: readonly [number, number];
  /** Whether eval mode computes something else than training (Dropout, BatchNorm; default false). */
  evalDiffers?: boolean;
  /** Called before every forward, e.g. to reseed a Dropout's generator so gradcheck sees one function. */
  beforeForward?: (layer: M) => void;
  /** Tolerance of float32 against the float64 reference (default 1e-4). */
  float32Tolerance?: number;
  errors?: readonly LayerErrorCase[];
}

const float64 = { rtol: 1e-10, atol: 1e-12 };

/** Runs the layer's forward (after the spec's hook) in the given mode. */
function run<M extends Module>(
  spec: LayerSpec<M>,
  layer: M,
  training: boolean,
  xs: readonly Tensor[],
): Tensor {
  layer.train(training);
  spec.beforeForward?.(layer);
  return layer.forward(...xs);
}

/** A fresh float64 layer and, with `dtype` float32, its float32 copy with the same values. */
function build<M extends Module>(spec: LayerSpec<M>, dtype: DType): M {
  const layer64 = spec.make({ dtype: 'float64', generator: new Generator(42) });
  if (dtype === 'float64') return layer64;
  const layer = spec.make({ dtype, generator: new Generator(42) });
  layer.loadStateDict(layer64.stateDict());
  return layer;
}

const cast = (xs: readonly Tensor[], dtype: DType): Tensor[] =>
  xs.map((x) => (x.dtype === 'float64' ? castOp(x, dtype) : x));

/** Holds the layer as a field, so gradcheckModule finds its parameters, and runs the spec's hook first. */
class Hooked<M extends Module> extends Module {
  constructor(
    readonly layer: M,
    private readonly hook: ((layer: M) => void) | undefined,
  ) {
    super();
  }

  forward(...xs: Tensor[]): Tensor {
    this.hook?.(this.layer);
    return this.layer.forward(...xs);
  }
}

function checkForward<M extends Module>(spec: LayerSpec<M>, backend: string, xs: readonly Tensor[]): void {
  const modes = spec.evalDiffers ? [true, false] : [true];
  const tol = spec.float32Tolerance ?? 1e-4;
  for (const training of modes) {
    const expected = onBackend('reference', () => run(spec, build(spec, 'float64'), training, xs));
    const y64 = onBackend(backend, () => run(spec, build(spec, 'float64'), training, xs));
    assert.deepEqual([...y64.shape], [...expected.shape], 'output shape');
    expectClose(y64, expected, float64);
    const y32 = onBackend(backend, () => run(spec, build(spec, 'float32'), training, cast(xs, 'float32')));
    assert.equal(y32.dtype, 'float32', 'a float32 layer on float32 inputs computes in float32');
    expectClose(y32, expected, { rtol: tol, atol: tol });
  }
}

function checkTrainEval<M extends Module>(spec: LayerSpec<M>, xs: readonly Tensor[]): void {
  const layer = build(spec, 'float64');
  const before = snapshot(layer);
  const first = run(spec, layer, false, xs);
  assert.deepEqual(snapshot(layer), before, 'eval mode changes no parameter or buffer');
  expectClose(run(spec, layer, false, xs), first, { rtol: 0, atol: 0 });
  const trained = run(spec, build(spec, 'float64'), true, xs);
  const same = trained.size === first.size && [...trained.data()].every((v, i) => v === first.data()[i]);
  if (spec.evalDiffers)
    assert.ok(!same || trained.size === 0, 'eval mode computes something else than training');
  else expectClose(trained, first, float64);
}

function checkStateDict<M extends Module>(spec: LayerSpec<M>, xs: readonly Tensor[]): void {
  const source = build(spec, 'float64');
  run(spec, source, true, xs); // a training step may move buffers (BatchNorm's running statistics)
  const target = spec.make({ dtype: 'float64', generator: new Generator(7) });
  // Move every float value away first, so that the load is what makes them equal.
  for (const t of Object.values(target.stateDict())) {
    const data = t.data();
    if (t.dtype === 'float64') for (let i = 0; i < data.length; i++) data[i]! += 0.5;
  }
  target.loadStateDict(source.stateDict());
  assert.deepEqual(snapshot(target), snapshot(source), 'the loaded state equals the saved one');
  expectClose(run(spec, target, false, xs), run(spec, source, false, xs), { rtol: 0, atol: 0 });
}

function checkZeroSize<M extends Module>(spec: LayerSpec<M>, xs: readonly Tensor[]): void {
  const empty = xs.map((x) => narrow(x, 0, 0, 0));
  for (const training of [true, false]) {
    const layer = build(spec, 'float64');
    const y = run(spec, layer, training, empty);
    assert.equal(y.shape[0], 0, 'an empty batch gives an empty batch');
    if (!y.requiresGrad) continue;
    sum(y).backward();
    for (const [name, p] of layer.namedParameters()) {
      if (!p.grad) continue;
      assert.deepEqual([...p.grad.shape], [...p.shape], `${name}.grad has the parameter's shape`);
      expectClose(p.grad, new Array<number>(p.size).fill(0), { rtol: 0, atol: 0 });
    }
  }
}

function checkGradients<M extends Module>(spec: LayerSpec<M>, xs: readonly Tensor[]): void {
  for (const training of spec.evalDiffers ? [true, false] : [true]) {
    const layer = build(spec, 'float64');
    layer.train(training);
    const weights = new Generator(9);
    let w: Tensor | undefined;
    // A random weighting turns the output into a scalar whose gradient reaches every element.
    const loss = (y: Tensor): Tensor => {
      w ??= tensor(
        Float64Array.from({ length: y.size }, () => weights.uniform() - 0.5),
        { shape: [...y.shape], dtype: 'float64' },
      );
      return sum(mul(y, w));
    };
    const result = gradcheckModule(new Hooked(layer, spec.beforeForward), loss, xs, { tolerance: 1e-6 });
    assert.ok(result.passed, `gradcheck in ${training ? 'training' : 'eval'} failed:\n${result.table()}`);
  }
}

/**
 * The checks of one spec on one backend, by name (what {@link checkLayer} registers as tests; a
 * check throws an AssertionError when the layer falls short).
 * @example
 * layerChecks({ name: 'LayerNorm', make: ({ dtype }) => new nn.LayerNorm(3, { dtype }), inputs: [[2, 3]] }, 'reference').gradients();
 */
export function layerChecks<M extends Module>(
  spec: LayerSpec<M>,
  backend: string,
): Record<LayerCheck, () => void> {
  const xs = () => makeInputs(spec.inputs, spec.domain ?? [-2, 2], 1000);
  const on = (check: (spec: LayerSpec<M>, xs: readonly Tensor[]) => void) => () =>
    onBackend(backend, () => check(spec, xs()));
  return {
    forward: () => checkForward(spec, backend, xs()),
    gradients: on(checkGradients),
    trainEval: on(checkTrainEval),
    stateDict: on(checkStateDict),
    zeroSize: on(checkZeroSize),
  };
}

/** The names of the checks every layer spec gets. */
export type LayerCheck = 'forward' | 'gradients' | 'trainEval' | 'stateDict' | 'zeroSize';

const titles: Record<LayerCheck, (evalDiffers: boolean) => string> = {
  forward: () => 'forward matches the float64 reference, in float64 and float32',
  gradients: () => 'gradcheck of the inputs and every parameter in float64',
  trainEval: (evalDiffers) =>
    `eval is deterministic, changes no state and ${evalDiffers ? 'differs from' : 'equals'} training`,
  stateDict: () => 'stateDict round trip',
  zeroSize: () => 'a zero-size batch',
};

/**
 * Registers the layer spec's tests for every available backend.
 * @example
 * checkLayer({ name: 'LayerNorm(3)', make: ({ dtype }) => new nn.LayerNorm(3, { dtype }), inputs: [[4, 3]] });
 */
export function checkLayer<M extends Module>(spec: LayerSpec<M>): void {
  const domain = spec.domain ?? [-2, 2];
  for (const backend of availableBackends()) {
    const label = `${spec.name} [${backend}]`;
    const checks = layerChecks(spec, backend);
    for (const name of Object.keys(titles) as LayerCheck[])
      test(`${label}: ${titles[name](spec.evalDiffers ?? false)}`, checks[name]);
    for (const e of spec.errors ?? []) {
      test(`${label} rejects ${e.what}`, () =>
        onBackend(backend, () => {
          const layer = spec.make({ dtype: 'float32', generator: new Generator(42) });
          const inputs = cast(makeInputs(e.inputs, domain, 5), 'float32');
          assert.throws(
            () => run(spec, layer, true, inputs),
            (err: unknown) => {
              assert.ok(err instanceof e.type, `throws ${e.type.name}, got ${String(err)}`);
              assert.match(err.message, e.message);
              return true;
            },
          );
        }));
    }
  }
}

function onBackend<T>(backend: string, fn: () => T): T {
  const previous = getBackend().name;
  setBackend(backend);
  try {
    return fn();
  } finally {
    setBackend(previous);
  }
}

/** Every parameter's and buffer's values by name, to compare states. */
function snapshot(layer: Module): Record<string, number[]> {
  return Object.fromEntries(
    Object.entries(layer.stateDict()).map(([k, t]) => [k, [...t.data()].map(Number)]),
  );
}
