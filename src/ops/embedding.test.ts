import assert from 'node:assert/strict';
import { test } from 'node:test';
import { valueAndGrad } from '../autograd/functional.js';
import { DTypeError, ShapeError, ValueError } from '../errors.js';
import { ones, tensor, zeros } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkOp, type Plain } from '../testing/check-op.js';
import { expectClose } from '../testing/expect-close.js';
import { embedding } from './embedding.js';
import { mul } from './mul.js';
import { sum } from './sum.js';

const ids = (data: number[][] | number[], shape?: number[]) =>
  tensor(data, { dtype: 'int32', ...(shape ? { shape } : {}) });

/** out[..., j] = weight[indices[...], j]. */
function embeddingReference(indices: Plain, weight: Plain): Plain {
  const dim = weight.shape[1]!;
  return {
    shape: [...indices.shape, dim],
    data: indices.data.flatMap((i) => weight.data.slice(i * dim, (i + 1) * dim)),
  };
}

checkOp({
  name: 'embedding',
  fn: (indices: Tensor, weight: Tensor) => embedding(indices, weight),
  reference: embeddingReference,
  cases: [
    [
      ids([
        [3, 1],
        [1, 0],
      ]),
      [4, 3],
    ],
    [ids([2, 2, 0]), [3, 5]],
    [ids([], [0]), [4, 3]],
    [ids([1, 0]), [2, 0]],
    // The padding row is read but gets no gradient, which central differences would see: no gradcheck.
    { inputs: [ids([1, 1, 2]), [3, 2]], gradcheck: false },
  ],
  errors: [
    {
      what: 'float indices',
      call: () => embedding(tensor([1]), ones([3, 2])),
      message: /embedding: indices must be an int32 tensor, got float32/,
      type: DTypeError,
    },
    {
      what: 'an index out of range',
      call: () => embedding(ids([3]), ones([3, 2])),
      message: /embedding: index 3 is out of range for a weight of 3 rows/,
      type: ValueError,
    },
    {
      what: 'a rank-1 weight',
      call: () => embedding(ids([0]), ones([3])),
      message: /embedding: weight must have rank 2 \[numEmbeddings, embeddingDim\], got shape \[3\]/,
      type: ShapeError,
    },
    {
      what: 'a paddingIdx out of range',
      call: () => embedding(ids([0]), ones([3, 2]), { paddingIdx: 3 }),
      message: /embedding: paddingIdx must be in \[-3, 3\), got 3/,
      type: ValueError,
    },
    {
      what: 'an int32 weight',
      call: () => embedding(ids([0]), zeros([3, 2], { dtype: 'int32' })),
      message: /embedding: weight must be float32 or float64, got int32/,
      type: DTypeError,
    },
  ],
});

test('embedding with paddingIdx agrees with PyTorch: the padding row is read but gets no gradient', () => {
  // From PyTorch 1.13: F.embedding(idx, W, padding_idx=1) (and -1), then (e * up).sum().backward().
  const weight = tensor(
    [
      [0.5, 1, -1],
      [2, 0, 1],
      [1, 1, 1],
      [-2, 3, 0],
    ],
    { dtype: 'float64' },
  );
  const indices = ids([
    [1, 3],
    [0, 1],
  ]);
  const up = tensor(
    Array.from({ length: 12 }, (_, i) => i + 1),
    { shape: [2, 2, 3], dtype: 'float64' },
  );
  const run = (paddingIdx: number) =>
    valueAndGrad((w: Tensor) => sum(mul(embedding(indices, w, { paddingIdx }), up)))(weight)[1][0]!;
  const y = embedding(indices, weight, { paddingIdx: 1 });
  assert.deepEqual(y.shape, [2, 2, 3]);
  expectClose(y, [2, 0, 1, -2, 3, 0, 0.5, 1, -1, 2, 0, 1]);
  expectClose(run(1), [7, 8, 9, 0, 0, 0, 0, 0, 0, 4, 5, 6]);
  // padding_idx = −1 is row 3: rows 1 (read twice: 1+10, 2+11, 3+12) and 0 get gradients.
  expectClose(run(-1), [7, 8, 9, 11, 13, 15, 0, 0, 0, 0, 0, 0]);
});
