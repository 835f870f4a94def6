import assert from 'node:assert/strict';
import { test } from 'node:test';
import { grad } from '../autograd/functional.js';
import { noGrad } from '../autograd/grad-mode.js';
import { kernels, memory } from '../backends/registry.js';
import type { TypedArray } from '../backends/types.js';
import { DTypeError, ShapeError, ValueError } from '../errors.js';
import { full, tensor, zeros } from '../tensor/creation.js';
import { broadcastShapes } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkOp, type Plain } from '../testing/check-op.js';
import { expectClose } from '../testing/expect-close.js';
import { linear } from './linear.js';
import { matmul } from './matmul.js';
import { mul } from './mul.js';
import { slice } from './narrow.js';
import { permute, transpose } from './permute.js';
import { reshape } from './reshape.js';
import { sum } from './sum.js';

/** NumPy's matmul on plain arrays: 1-D operands promoted, batch axes broadcast, loops written out. */
function matmulReference(a: Plain, b: Plain): Plain {
  const as = a.shape.length === 1 ? [1, a.shape[0]!] : a.shape;
  const bs = b.shape.length === 1 ? [b.shape[0]!, 1] : b.shape;
  const [m, k, n] = [as.at(-2)!, as.at(-1)!, bs.at(-1)!];
  const batch = broadcastShapes(as.slice(0, -2), bs.slice(0, -2), 'reference');
  const count = batch.reduce((s, d) => s * d, 1);
  const matrixOffset = (own: number[], i: number): number => {
    // The batch index i of `batch`, read in an operand whose own batch axes broadcast.
    let rest = i;
    let off = 0;
    let stride = 1;
    for (let d = batch.length - 1, e = own.length - 1; d >= 0; d--, e--) {
      const pos = rest % batch[d]!;
      rest = Math.floor(rest / batch[d]!);
      if (e >= 0) {
        off += (own[e] === 1 ? 0 : pos) * stride;
        stride *= own[e]!;
      }
    }
    return off;
  };
  const data: number[] = [];
  for (let i = 0; i < count; i++) {
    const oa = matrixOffset(as.slice(0, -2), i) * m * k;
    const ob = matrixOffset(bs.slice(0, -2), i) * k * n;
    for (let r = 0; r < m; r++)
      for (let c = 0; c < n; c++) {
        let s = 0;
        for (let j = 0; j < k; j++) s += a.data[oa + r * k + j]! * b.data[ob + j * n + c]!;
        data.push(s);
      }
  }
  const shape = [...batch, ...(a.shape.length === 1 ? [] : [m]), ...(b.shape.length === 1 ? [] : [n])];
  return { shape, data };
}

checkOp({
  name: 'matmul',
  fn: (a, b) => matmul(a, b),
  reference: matmulReference,
  cases: [
    [[3], [3]], // vector · vector → scalar
    [[2, 3], [3]], // matrix · vector
    [[3], [3, 2]], // vector · matrix
    [
      [2, 3],
      [3, 4],
    ],
    [
      [2, 1, 3, 4],
      [5, 4, 2],
    ], // batched, broadcast to [2, 5, 3, 2]
    [
      [0, 3],
      [3, 2],
    ],
    [
      [2, 0],
      [0, 3],
    ], // k = 0: zeros
  ],
  errors: [
    {
      what: 'inner sizes that differ',
      call: () => matmul(zeros([2, 3]), zeros([4, 5])),
      message: /^matmul: a\.shape\[1\] \(3\) must equal b\.shape\[0\] \(4\)$/,
      type: ShapeError,
    },
    {
      what: 'a scalar',
      call: () => matmul(zeros([]), zeros([2])),
      message: /matmul: both arguments need at least 1 dimension/,
    },
    {
      what: 'batch axes that do not broadcast',
      call: () => matmul(zeros([2, 2, 3]), zeros([3, 3, 1])),
      message: /matmul: shapes \[2\] and \[3\] cannot be broadcast/,
    },
  ],
});

// out=: the product written into a kept tensor; every case of matmul's spec, on every backend.
checkOp({
  name: 'matmul into out',
  fn: (a, b) => {
    const product = matmul(a, b);
    const out = full(product.shape, Number.NaN, { dtype: product.dtype });
    const returned = matmul(a, b, { out });
    assert.equal(returned, out, 'returns out itself');
    return out;
  },
  reference: matmulReference,
  gradcheck: false,
  cases: [
    [[3], [3]],
    [[2, 3], [3]],
    [[3], [3, 2]],
    [
      [2, 1, 3, 4],
      [5, 4, 2],
    ],
    [
      [2, 0],
      [0, 3],
    ],
  ],
  errors: [
    {
      what: 'an out of the wrong shape',
      call: () => matmul(zeros([2, 3]), zeros([3, 4]), { out: zeros([4, 2]) }),
      message: /^matmul: out must have the product's shape \[2, 4\], got \[4, 2\]$/,
      type: ShapeError,
    },
    {
      what: 'an out of the wrong dtype',
      call: () => matmul(zeros([2, 3]), zeros([3, 4]), { out: zeros([2, 4], { dtype: 'float64' }) }),
      message: /^matmul: out must be float32 \(the product's dtype\), got float64$/,
      type: DTypeError,
    },
    {
      what: 'an out that is not contiguous',
      call: () => matmul(zeros([2, 2]), zeros([2, 2]), { out: transpose(zeros([2, 2])) }),
      message: /^matmul: out must be contiguous$/,
      type: ShapeError,
    },
    {
      what: 'an out that requires grad',
      call: () => matmul(zeros([2, 2]), zeros([2, 2]), { out: zeros([2, 2]).requiresGrad_() }),
      message: /^matmul: out must not require grad/,
      type: ValueError,
    },
    {
      what: 'out= while an operand requires grad',
      call: () => matmul(zeros([2, 2]).requiresGrad_(), zeros([2, 2]), { out: zeros([2, 2]) }),
      message: /^matmul: out= does not support autograd, and an operand requires grad/,
      type: ValueError,
    },
    {
      what: 'an out that shares memory with an operand',
      call: () => {
        const a = zeros([2, 2]);
        return matmul(a, zeros([2, 2]), { out: reshape(a, [2, 2]) });
      },
      message: /^matmul: out shares memory with an operand/,
      type: ValueError,
    },
    {
      what: 'an out that is not a tensor',
      call: () => matmul(zeros([2, 2]), zeros([2, 2]), { out: [[0, 0]] as unknown as Tensor }),
      message: /matmul: out must be a Tensor/,
    },
  ],
});

test('matmul into out: overwrites the old values, and works under noGrad for operands that require grad', () => {
  const a = tensor([
    [1, 2],
    [3, 4],
  ]).requiresGrad_();
  const out = full([2, 1], 99);
  noGrad(() => matmul(a, tensor([[5], [6]]), { out }));
  assert.deepEqual(out.toArray(), [[17], [39]]);
  assert.equal(out.requiresGrad, false);
  // A view of a bigger tensor: only its own elements are written.
  const big = full([3, 1], -1);
  matmul(tensor([[1, 2]]), tensor([[5], [6]]), { out: slice(big, 0, 1, 2) });
  assert.deepEqual(big.toArray(), [[-1], [17], [-1]]);
});

// Transposed views go to the kernel as they are (transA/transB), without a copy.
checkOp({
  name: 'matmul of transposed views',
  fn: (a, b) => matmul(transpose(a), transpose(b)),
  reference: (a, b) =>
    matmulReference(
      { shape: [a.shape[1]!, a.shape[0]!], data: transposed(a) },
      { shape: [b.shape[1]!, b.shape[0]!], data: transposed(b) },
    ),
  cases: [
    [
      [3, 2],
      [4, 3],
    ],
  ],
});

function transposed(x: Plain): number[] {
  const [r, c] = x.shape as [number, number];
  return Array.from({ length: r * c }, (_, i) => x.data[(i % r) * c + Math.floor(i / r)]!);
}

test('matmul of small literal matrices', () => {
  // [[1, 2], [3, 4]] · [[5], [6]] = [[1·5 + 2·6], [3·5 + 4·6]] = [[17], [39]]
  assert.deepEqual(
    matmul(
      tensor([
        [1, 2],
        [3, 4],
      ]),
      tensor([[5], [6]]),
    ).toArray(),
    [[17], [39]],
  );
  assert.deepEqual(matmul(tensor([1, 2]), tensor([3, 4])).toArray(), 11);
  const a = tensor([
    [1, 2],
    [3, 4],
  ]);
  // aᵀ·a = [[1·1 + 3·3, 1·2 + 3·4], [2·1 + 4·3, 2·2 + 4·4]]
  assert.deepEqual(matmul(transpose(a), a).toArray(), [
    [10, 14],
    [14, 20],
  ]);
});

test('linear is x·Wᵀ + b', () => {
  const x = tensor([[1, 2]]);
  const w = tensor([
    [1, 0],
    [0, 1],
    [1, 1],
  ]);
  assert.deepEqual(linear(x, w, tensor([10, 20, 30])).toArray(), [[11, 22, 33]]);
  assert.deepEqual(linear(x, w).toArray(), [[1, 2, 3]]);
});

test('linear on a 3-D input: each row as in 2-D, and the weight gradient sums over every row', () => {
  // x [2, 2, 2] (rows [1, 2], [3, 4], [5, 6], [7, 8]), W = [[1, 0], [0, 1], [1, 1]], b = [10, 20, 30].
  const x = tensor([
    [
      [1, 2],
      [3, 4],
    ],
    [
      [5, 6],
      [7, 8],
    ],
  ]).requiresGrad_();
  const w = tensor([
    [1, 0],
    [0, 1],
    [1, 1],
  ]).requiresGrad_();
  const y = linear(x, w, tensor([10, 20, 30]));
  assert.deepEqual(y.toArray(), [
    [
      [11, 22, 33],
      [13, 24, 37],
    ],
    [
      [15, 26, 41],
      [17, 28, 45],
    ],
  ]);
  sum(y).backward();
  // dW[o] = Σ over rows of x: [16, 20] for every output; dx[row] = Σ_o W[o] = [2, 2].
  assert.deepEqual(w.grad!.toArray(), [
    [16, 20],
    [16, 20],
    [16, 20],
  ]);
  assert.deepEqual(x.grad!.toArray(), [
    [
      [2, 2],
      [2, 2],
    ],
    [
      [2, 2],
      [2, 2],
    ],
  ]);
  assert.deepEqual(linear(zeros([0, 3, 2]), w).shape, [0, 3, 3]);
});

test('second derivative through matmul: f(x) = Σ (x·W)³', () => {
  // x = [[1, 2]], W = [[3], [4]]: y = x·W = 11. ∇f = 3y²·Wᵀ = 363·[3, 4] = [1089, 1452].
  // Σ∇f = 3y²·(3 + 4), whose gradient is 6y·7·Wᵀ = 462·[3, 4] = [1386, 1848].
  const w = tensor([[3], [4]], { dtype: 'float64' });
  const f = (x: Tensor) => sum(mul(mul(matmul(x, w), matmul(x, w)), matmul(x, w)));
  const x = tensor([[1, 2]], { dtype: 'float64' });
  expectClose(grad(f)(x), [1089, 1452]);
  expectClose(grad((x: Tensor) => sum(grad(f)(x)))(x), [1386, 1848]);
});

test('second derivatives of elementwise ops', () => {
  const x = tensor([0.5, 2], { dtype: 'float64' });
  // d²/dx² eˣ = eˣ; d²/dx² x³ = 6x; d²/dx² sin x = −sin x.
  const second = (f: (x: Tensor) => Tensor) => grad((x: Tensor) => sum(grad((x: Tensor) => sum(f(x)))(x)))(x);
  expectClose(
    second((x) => x.exp()),
    [Math.exp(0.5), Math.exp(2)],
    { rtol: 1e-12 },
  );
  expectClose(
    second((x) => x.mul(x).mul(x)),
    [3, 12],
    { rtol: 1e-12 },
  );
  expectClose(
    second((x) => x.sin()),
    [-Math.sin(0.5), -Math.sin(2)],
    { rtol: 1e-12 },
  );
  expectClose(
    second((x) => x.tanh()),
    [0.5, 2].map((v) => -2 * Math.tanh(v) * (1 - Math.tanh(v) ** 2)),
    {
      rtol: 1e-12,
    },
  );
});

test('matmul backward skips the product for an operand that needs no gradient', () => {
  const k = kernels();
  const original = k.matmul;
  let calls = 0;
  k.matmul = (...a) => {
    calls++;
    original.apply(k, a);
  };
  try {
    const x = tensor([
      [1, 2],
      [3, 4],
    ]); // an input: no gradient wanted
    const w = tensor([[0.5], [-1]], { requiresGrad: true });
    sum(matmul(x, w)).backward();
    // forward x·w, then only dW = xᵀ·dy (column sums of x): dX's product is never run
    assert.equal(calls, 2);
    expectClose(w.grad!, [[4], [6]]);
    assert.equal(x.grad, null);
  } finally {
    k.matmul = original;
  }
});

test('matmul gives the row-major copy of a permuted operand back to the allocator, once', () => {
  const mem = memory();
  const given: TypedArray[] = [];
  const giveScratch = mem.giveScratch;
  mem.giveScratch = (buffer: TypedArray): void => {
    given.push(buffer);
    giveScratch.call(mem, buffer);
  };
  try {
    // [3, 2, 4] whose matrices have rows 12 apart: copied row-major for the kernel.
    const a = permute(reshape(tensor(Array.from({ length: 24 }, (_, i) => i)), [2, 3, 4]), [1, 0, 2]);
    const b = reshape(tensor(Array.from({ length: 60 }, (_, i) => i % 7)), [3, 4, 5]);
    const y = matmul(a, b);
    assert.equal(given.length, 1);
    assert.equal(given[0]!.length, 24);
    assert.notEqual(given[0], a.storage);
    // The copy is not the product's storage, and the product is right.
    assert.notEqual(given[0], y.storage);
    const expected = matmulReference(
      { shape: [3, 2, 4], data: Array.from(a.data()) },
      { shape: [3, 4, 5], data: Array.from(b.data()) },
    );
    assert.deepEqual(Array.from(y.data()), expected.data);
    // Operands read in place give nothing back.
    matmul(b, reshape(b, [3, 5, 4]));
    assert.equal(given.length, 1);
  } finally {
    mem.giveScratch = giveScratch;
  }
});
