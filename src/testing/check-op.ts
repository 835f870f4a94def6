/**
 * The conformance harness: an op's spec (sample inputs including zero-size and broadcast cases, a
 * float64 reference, gradcheck, the inputs that must fail) runs on every available backend.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gradcheck } from '../autograd/gradcheck.js';
import '../autograd/backward.js';
import { availableBackends, getBackend, setBackend } from '../backends/registry.js';
import '../ops/methods.js';
import { tensor } from '../tensor/creation.js';
import { Generator } from '../tensor/random.js';
import { broadcastShapes, sizeOf } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { expectClose } from './expect-close.js';

/** A plain float64 array with its shape, what references take and return. */
export interface Plain {
  shape: number[];
  data: number[];
}

export interface OpSpecCase {
  /** Input shapes (random values in the domain) or fixed tensors. */
  inputs: readonly (readonly number[] | Tensor)[];
  /** Skip the gradient check for this case (e.g. inputs on a kink). */
  gradcheck?: boolean;
}

export interface OpErrorCase {
  /** What is being fed in, for the test's name. */
  what: string;
  call: () => unknown;
  /** A pattern the message must match; the error class when given. */
  message: RegExp;
  type?: new (...args: never[]) => Error;
}

export interface OpSpecTest {
  name: string;
  fn: (...xs: Tensor[]) => Tensor;
  cases: readonly (OpSpecCase | readonly (readonly number[] | Tensor)[])[];
  /** The float64 reference for an elementwise op (inputs broadcast against each other). */
  elementwise?: (...xs: number[]) => number;
  /** The float64 reference for any op. */
  reference?: (...xs: Plain[]) => Plain;
  /** Random inputs are drawn uniformly from this range (default [-2, 2]). */
  domain?: readonly [number, number];
  /** Relative tolerance of the float32 run against the reference (default 1e-5). */
  float32Tolerance?: number;
  gradcheck?: boolean;
  errors?: readonly OpErrorCase[];
}

function toPlain(t: Tensor): Plain {
  return { shape: [...t.shape], data: [...t.data()].map(Number) };
}

/** Broadcasts an elementwise scalar function over plain inputs: the reference for elementwise ops. */
export function broadcastReference(f: (...xs: number[]) => number, ...xs: Plain[]): Plain {
  const shape = xs.reduce<number[]>((s, x) => broadcastShapes(s, x.shape, 'reference'), []);
  const n = sizeOf(shape);
  const data = new Array<number>(n);
  const index = new Array<number>(shape.length).fill(0);
  for (let i = 0; i < n; i++) {
    const args = xs.map((x) => {
      let offset = 0;
      const off = shape.length - x.shape.length;
      for (let d = 0; d < x.shape.length; d++)
        offset = offset * x.shape[d]! + (x.shape[d] === 1 ? 0 : index[d + off]!);
      return x.data[offset]!;
    });
    data[i] = f(...args);
    for (let d = shape.length - 1; d >= 0; d--) {
      index[d]! += 1;
      if (index[d]! < shape[d]!) break;
      index[d] = 0;
    }
  }
  return { shape, data };
}

/**
 * A spec's inputs in float64: a shape becomes seeded uniform values in `domain`, a tensor is
 * used as given (shared by {@link checkOp} and checkLayer).
 * @example
 * makeInputs([[2, 3], tensor([1])], [-1, 1], 0).map((t) => t.shape); // => [[2, 3], [1]]
 */
export function makeInputs(
  inputs: OpSpecCase['inputs'],
  domain: readonly [number, number],
  seed: number,
): Tensor[] {
  const g = new Generator(seed);
  return inputs.map((input) => {
    if (!Array.isArray(input)) return input as Tensor;
    const shape = input as readonly number[];
    const data = Float64Array.from(
      { length: sizeOf(shape) },
      () => domain[0] + (domain[1] - domain[0]) * g.uniform(),
    );
    return tensor(data, { shape: [...shape], dtype: 'float64' });
  });
}

function describeCase(c: OpSpecCase): string {
  return c.inputs
    .map((i) => (Array.isArray(i) ? `[${i.join(',')}]` : `tensor[${(i as Tensor).shape.join(',')}]`))
    .join(' ');
}

/** Registers the spec's tests for every available backend. */
export function checkOp(spec: OpSpecTest): void {
  const domain = spec.domain ?? [-2, 2];
  const cases: OpSpecCase[] = spec.cases.map((c) =>
    Array.isArray(c) ? { inputs: c as OpSpecCase['inputs'] } : (c as OpSpecCase),
  );
  for (const backend of availableBackends()) {
    const onBackend = (fn: () => void) => () => {
      const previous = getBackend().name;
      setBackend(backend);
      try {
        fn();
      } finally {
        setBackend(previous);
      }
    };
    cases.forEach((c, i) => {
      const label = `${spec.name} [${backend}] ${describeCase(c)}`;
      test(
        `${label}: matches the float64 reference, in float64 and float32`,
        onBackend(() => {
          const xs = makeInputs(c.inputs, domain, 1000 + i);
          const expected = spec.reference
            ? spec.reference(...xs.map(toPlain))
            : broadcastReference(spec.elementwise!, ...xs.map(toPlain));
          const out64 = spec.fn(...xs);
          assert.deepEqual([...out64.shape], expected.shape, 'output shape');
          expectClose(out64, expected.data, { rtol: 1e-10, atol: 1e-12 });
          const xs32 = xs.map((x) => (x.dtype === 'float64' ? x.cast('float32') : x));
          const out32 = spec.fn(...xs32);
          const tol = spec.float32Tolerance ?? 1e-5;
          expectClose(out32, expected.data, { rtol: tol, atol: tol });
        }),
      );
      const wantsGradcheck = (spec.gradcheck ?? true) && (c.gradcheck ?? true);
      const floatInputs = c.inputs
        .map((input, j) => [input, j] as const)
        .filter(([input]) => Array.isArray(input) || (input as Tensor).dtype === 'float64');
      if (wantsGradcheck && floatInputs.length > 0) {
        test(
          `${label}: gradcheck in float64`,
          onBackend(() => {
            const xs = makeInputs(c.inputs, domain, 1000 + i);
            const positions = floatInputs.map(([, j]) => j);
            // A random weighting turns any output into a scalar whose gradient reaches every element.
            const weights = new Generator(7 + i);
            let w: Tensor | undefined;
            const f = (...vs: Tensor[]): Tensor => {
              const args = [...xs];
              positions.forEach((p, k) => {
                args[p] = vs[k]!;
              });
              const out = spec.fn(...args);
              w ??= tensor(
                Float64Array.from({ length: out.size }, () => weights.uniform() - 0.5),
                { shape: [...out.shape], dtype: 'float64' },
              );
              return out.mul(w).sum();
            };
            const result = gradcheck(
              f,
              positions.map((p) => xs[p]!),
              { tolerance: 1e-6 },
            );
            assert.ok(result.passed, `gradcheck failed:\n${result.table()}`);
          }),
        );
      }
    });
    for (const e of spec.errors ?? []) {
      test(
        `${spec.name} [${backend}] rejects ${e.what}`,
        onBackend(() => {
          assert.throws(e.call, (err: unknown) => {
            assert.ok(err instanceof Error, 'throws an Error');
            if (e.type)
              assert.ok(
                err instanceof e.type,
                `throws ${e.type.name}, got ${err.constructor.name}: ${err.message}`,
              );
            assert.match(err.message, e.message);
            return true;
          });
        }),
      );
    }
  }
}

/** The shapes every binary elementwise op is checked on: same shape, broadcasts both ways, scalars and zero-size. */
export const binaryBroadcastCases: readonly (readonly number[])[][] = [
  [
    [3, 4],
    [3, 4],
  ],
  [[2, 3], [3]],
  [
    [2, 1],
    [1, 3],
  ],
  [[], [4]],
  [[], []],
  [[0, 3], [3]],
  [
    [0, 3],
    [1, 1],
  ],
];
