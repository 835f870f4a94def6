import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gradcheck } from '../autograd/gradcheck.js';
import { DTypeError, ShapeError, ValueError } from '../errors.js';
import { Generator, ones, randn, tensor } from '../index.js';
import { checkOp, type Plain } from '../testing/check-op.js';
import { expectClose } from '../testing/expect-close.js';
import { causalMask, maskedSoftmax, scaledDotProductAttention } from './scaled-dot-product-attention.js';

/** Plain float64 attention over the last two axes, the leading axes looped; mask [L, S] shared. */
function reference(q: Plain, k: Plain, v: Plain, mask?: Plain): Plain {
  const [L, E] = q.shape.slice(-2) as [number, number];
  const [S, Ev] = [k.shape[k.shape.length - 2]!, v.shape[v.shape.length - 1]!];
  const batch = q.data.length / (L * E);
  const out: number[] = [];
  for (let b = 0; b < batch; b++) {
    for (let i = 0; i < L; i++) {
      const s = Array.from({ length: S }, (_, j) => {
        if (mask?.data[i * S + j]) return Number.NEGATIVE_INFINITY;
        let dot = 0;
        for (let e = 0; e < E; e++) dot += q.data[(b * L + i) * E + e]! * k.data[(b * S + j) * E + e]!;
        return dot / Math.sqrt(E);
      });
      const m = Math.max(...s);
      const w = s.map((x) => (m === Number.NEGATIVE_INFINITY ? 0 : Math.exp(x - m)));
      const z = w.reduce((a, x) => a + x, 0) || 1;
      for (let c = 0; c < Ev; c++)
        out.push(w.reduce((a, x, j) => a + (x / z) * v.data[(b * S + j) * Ev + c]!, 0));
    }
  }
  return { shape: [...q.shape.slice(0, -1), Ev], data: out };
}

const padMask = tensor(
  [
    [false, false, true],
    [false, true, true],
  ],
  { dtype: 'bool' },
);

checkOp({
  name: 'scaledDotProductAttention',
  fn: (q, k, v, mask) => scaledDotProductAttention(q!, k!, v!, { mask }).output,
  reference,
  cases: [
    [
      [2, 3],
      [4, 3],
      [4, 2],
    ],
    [
      [2, 2, 4],
      [2, 3, 4],
      [2, 3, 5],
    ],
    [[2, 2, 4], [2, 3, 4], [2, 3, 5], padMask],
    [
      [0, 3],
      [2, 3],
      [2, 2],
    ],
  ],
  errors: [
    {
      what: 'q and k of different sizes',
      call: () => scaledDotProductAttention(ones([2, 3]), ones([2, 4]), ones([2, 4])),
      message: /scaledDotProductAttention: q and k must end in the same size, got \[2, 3\] and \[2, 4\]/,
      type: ShapeError,
    },
    {
      what: 'k and v with different numbers of keys',
      call: () => scaledDotProductAttention(ones([2, 3]), ones([2, 3]), ones([5, 3])),
      message: /k and v must have the same number of keys/,
      type: ShapeError,
    },
    {
      what: 'a 1-D query',
      call: () => scaledDotProductAttention(ones([3]), ones([2, 3]), ones([2, 3])),
      message: /q must have at least 2 dimensions, got \[3\]/,
      type: ShapeError,
    },
    {
      what: 'a float mask',
      call: () => scaledDotProductAttention(ones([2, 3]), ones([2, 3]), ones([2, 3]), { mask: ones([2, 2]) }),
      message: /mask must be a bool tensor, got float32/,
      type: DTypeError,
    },
    {
      what: 'a dropout of 1.5',
      call: () => scaledDotProductAttention(ones([2, 3]), ones([2, 3]), ones([2, 3]), { dropout: 1.5 }),
      message: /dropout must be in \[0, 1\], got 1.5/,
      type: ValueError,
    },
  ],
});

const q2 = tensor([
  [1, 0],
  [0, 1],
]);
const v2 = tensor([
  [1, 2],
  [3, 4],
]);

test('the 2×2 example by hand', () => {
  // scores = q·qᵀ/√2 = I/√2, so each row's softmax is [s, 1 − s] (or swapped) with s = σ(1/√2)
  const s = 1 / (1 + Math.exp(-Math.SQRT1_2)); // 0.66976
  const { output, weights } = scaledDotProductAttention(q2, q2, v2);
  expectClose(weights, [
    [s, 1 - s],
    [1 - s, s],
  ]);
  // output row 0 = s·[1, 2] + (1 − s)·[3, 4] = [1.66048, 2.66048]
  expectClose(output, [
    [3 - 2 * s, 4 - 2 * s],
    [1 + 2 * s, 2 + 2 * s],
  ]);
  expectClose(output, [
    [1.66048, 2.66048],
    [2.33952, 3.33952],
  ]);
});

test('a masked key gets zero weight; causal masks the keys after the query', () => {
  const mask = tensor(
    [
      [false, true],
      [false, false],
    ],
    { dtype: 'bool' },
  );
  const masked = scaledDotProductAttention(q2, q2, v2, { mask });
  const causal = scaledDotProductAttention(q2, q2, v2, { causal: true });
  const s = 1 / (1 + Math.exp(-Math.SQRT1_2));
  for (const r of [masked, causal]) {
    expectClose(r.weights, [
      [1, 0],
      [1 - s, s],
    ]);
    expectClose(r.output, [
      [1, 2],
      [1 + 2 * s, 2 + 2 * s],
    ]);
  }
});

test('a query whose keys are all masked gives zeros, and a finite gradient, not NaN', () => {
  const mask = tensor(
    [
      [true, true],
      [false, true],
    ],
    { dtype: 'bool' },
  );
  const q = q2.cast('float64').requiresGrad_();
  const { output, weights } = scaledDotProductAttention(q, q2.cast('float64'), v2.cast('float64'), { mask });
  expectClose(weights, [
    [0, 0],
    [1, 0],
  ]);
  expectClose(output, [
    [0, 0],
    [1, 2],
  ]);
  output.sum().backward();
  assert.ok([...q.grad!.data()].every(Number.isFinite));
});

test('causalMask marks the keys after each query', () => {
  assert.deepEqual(causalMask(2, 3).toArray(), [
    [false, true, true],
    [false, false, true],
  ]);
  assert.throws(() => causalMask(-1), /causalMask: length must be a non-negative integer, got -1/);
});

test('gradcheck in float64 with a mask and causal together, batched', () => {
  const g = new Generator(3);
  const q = randn([2, 3, 4], { dtype: 'float64', generator: g });
  const k = randn([2, 3, 4], { dtype: 'float64', generator: g });
  const v = randn([2, 3, 2], { dtype: 'float64', generator: g });
  const mask = tensor([[[false, false, true]], [[true, false, false]]], { dtype: 'bool' });
  const w = randn([2, 3, 2], { dtype: 'float64', generator: g });
  const result = gradcheck(
    (a, b, c) => scaledDotProductAttention(a!, b!, c!, { mask, causal: true }).output.mul(w).sum(),
    [q, k, v],
  );
  assert.ok(result.passed, result.table());
});

test('gradcheck in float64 with causal alone (the fused causal softmax), more keys than queries', () => {
  const g = new Generator(4);
  const q = randn([2, 3, 4], { dtype: 'float64', generator: g });
  const k = randn([2, 5, 4], { dtype: 'float64', generator: g });
  const v = randn([2, 5, 2], { dtype: 'float64', generator: g });
  const w = randn([2, 3, 2], { dtype: 'float64', generator: g });
  const result = gradcheck(
    (a, b, c) => scaledDotProductAttention(a!, b!, c!, { causal: true }).output.mul(w).sum(),
    [q, k, v],
  );
  assert.ok(result.passed, result.table());
});

test('dropout drops weights in training only, scaling the kept ones by 1/(1 − p)', () => {
  const q = ones([4, 2]);
  const v = tensor([[1], [1], [1], [1]]);
  // uniform weights 1/4 over 4 keys; kept weights become 1/4 · 2 = 1/2, so outputs are k/2
  const { output } = scaledDotProductAttention(q, q, v, { dropout: 0.5, generator: new Generator(1) });
  for (const x of output.data()) assert.ok(Number.isInteger(x * 2), `expected a multiple of 1/2, got ${x}`);
  const off = scaledDotProductAttention(q, q, v, { dropout: 0.5, training: false });
  expectClose(off.output, [[1], [1], [1], [1]]);
  expectClose(scaledDotProductAttention(q, q, v, { dropout: 1 }).output, [[0], [0], [0], [0]]);
});

test('maskedSoftmax: −∞ entries get 0, an all −∞ row gives zeros', () => {
  const ninf = Number.NEGATIVE_INFINITY;
  // softmax([0, ln 3]) = [1/4, 3/4]
  expectClose(
    maskedSoftmax(
      tensor([
        [0, Math.log(3), ninf],
        [ninf, ninf, ninf],
      ]),
    ),
    [
      [0.25, 0.75, 0],
      [0, 0, 0],
    ],
  );
  assert.throws(
    () => maskedSoftmax(tensor([1], { dtype: 'int32' })),
    /maskedSoftmax: scores must be float32 or float64, got int32/,
  );
});

test('a scale that is not a finite number is refused, with or without causal', () => {
  for (const causal of [false, true]) {
    assert.throws(
      () => scaledDotProductAttention(q2, q2, v2, { scale: Number.NaN, causal }),
      /scaledDotProductAttention: scale must be a finite number, got NaN/,
    );
  }
});
