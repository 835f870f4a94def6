import { test } from 'node:test';
import { valueAndGrad } from '../autograd/functional.js';
import { DTypeError, ShapeError } from '../errors.js';
import { ones, tensor, zeros } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkOp, type Plain } from '../testing/check-op.js';
import { expectClose } from '../testing/expect-close.js';
import { layerNorm } from './layer-norm.js';
import { mul } from './mul.js';
import { sum } from './sum.js';

/** Each block of the last `size` elements: (x − mean) / √(biased var + eps) · w + b, elementwise. */
function layerNormReference(size: number, eps: number) {
  return (x: Plain, w?: Plain, b?: Plain): Plain => {
    const data = new Array<number>(x.data.length);
    for (let start = 0; start < x.data.length; start += size) {
      let m = 0;
      for (let j = 0; j < size; j++) m += x.data[start + j]!;
      m /= size;
      let v = 0;
      for (let j = 0; j < size; j++) v += (x.data[start + j]! - m) ** 2;
      v /= size;
      for (let j = 0; j < size; j++)
        data[start + j] =
          ((x.data[start + j]! - m) / Math.sqrt(v + eps)) * (w?.data[j] ?? 1) + (b?.data[j] ?? 0);
    }
    return { shape: x.shape, data };
  };
}

checkOp({
  name: 'layerNorm over [3, 4] with weight and bias',
  fn: (x: Tensor, w: Tensor, b: Tensor) => layerNorm(x, [3, 4], { weight: w, bias: b }),
  reference: layerNormReference(12, 1e-5),
  cases: [
    [
      [2, 3, 4],
      [3, 4],
      [3, 4],
    ],
    [
      [3, 4],
      [3, 4],
      [3, 4],
    ],
    [
      [0, 3, 4],
      [3, 4],
      [3, 4],
    ],
  ],
  float32Tolerance: 1e-4,
  errors: [
    {
      what: 'an input not ending in normalizedShape',
      call: () => layerNorm(ones([4, 3, 2]), [2, 3]),
      message: /layerNorm: x must end in normalizedShape \[2, 3\], got shape \[4, 3, 2\]/,
      type: ShapeError,
    },
    {
      what: 'an empty normalizedShape',
      call: () => layerNorm(ones([4, 3]), []),
      message: /layerNorm: normalizedShape must be one or more non-negative integers, got \[\]/,
      type: ShapeError,
    },
    {
      what: 'a weight of another shape',
      call: () => layerNorm(ones([4, 3]), 3, { weight: ones([4]) }),
      message: /layerNorm: weight must have shape \[3\], got \[4\]/,
      type: ShapeError,
    },
    {
      what: 'an int32 input',
      call: () => layerNorm(zeros([4, 3], { dtype: 'int32' }), 3),
      message: /layerNorm: x must be float32 or float64, got int32/,
      type: DTypeError,
    },
  ],
});

checkOp({
  name: 'layerNorm over the last axis, no weight or bias, eps 1e-3',
  fn: (x: Tensor) => layerNorm(x, 5, { eps: 1e-3 }),
  reference: layerNormReference(5, 1e-3),
  cases: [[[2, 3, 5]], [[5]], [[0, 5]]],
});

test('layerNorm agrees with PyTorch: output and gradients of x, weight and bias', () => {
  // From PyTorch 1.13: F.layer_norm(x, [2, 3], w, b, eps=1e-5), then (y * up).sum().backward().
  const x = tensor(
    [
      [
        [1, 2, 4],
        [0, -1, 3],
      ],
      [
        [2, 2, 5],
        [1, -3, 0.5],
      ],
    ],
    { dtype: 'float64' },
  );
  const w = tensor(
    [
      [1, 2, 0.5],
      [-1, 1, 3],
    ],
    { dtype: 'float64' },
  );
  const b = tensor(
    [
      [0, 1, 0],
      [0.5, 0, -1],
    ],
    { dtype: 'float64' },
  );
  const up = tensor(
    [
      [
        [1, 0, 2],
        [-1, 1, 0.5],
      ],
      [
        [0, 1, 1],
        [2, -1, 1],
      ],
    ],
    { dtype: 'float64' },
  );
  const f = (x: Tensor, w: Tensor, b: Tensor) => layerNorm(x, [2, 3], { weight: w, bias: b });
  const tol = { rtol: 1e-8, atol: 1e-8 };
  expectClose(
    f(x, w, b),
    [
      -0.29276952, 1.58553904, 0.7319238, 1.37830856, -1.4638476, 1.6349256799, 0.3156435012, 1.6312870024,
      0.789108753, 0.6052145004, -1.7886465067, -1.9469305036,
    ],
    tol,
  );
  const [, [dx, dw, db]] = valueAndGrad((x: Tensor, w: Tensor, b: Tensor) => sum(mul(f(x, w, b), up)))(
    x,
    w,
    b,
  );
  expectClose(
    dx!,
    [
      0.0529773274, -0.5409265274, 0.0278828831, 0.0613421421, 0.0697069569, 0.3290172179, -0.2301000035,
      0.6116159996, -0.2386410142, -0.9988260029, -0.2860079859, 1.141959007,
    ],
    tol,
  );
  expectClose(dw!, [-0.29276952, 0.3156435012, 4.5059127059, 0.6678795592, 0.3247989068, 0.1235107788], tol);
  expectClose(db!, [1, 1, 3, 1, 0, 1.5], tol);
  // F.layer_norm(x, [3]): the last axis alone.
  expectClose(
    layerNorm(x, 3),
    [
      -1.0690415315, -0.2672603829, 1.3363019143, -0.3922315914, -0.9805789785, 1.37281057, -0.7071050134,
      -0.7071050134, 1.4142100269, 0.8429258995, -1.4048764991, 0.5619505997,
    ],
    tol,
  );
});
