import assert from 'node:assert/strict';
import { test } from 'node:test';
import { noGrad } from '../autograd/grad-mode.js';
import { availableBackends, getBackend, setBackend } from '../backends/registry.js';
import { ShapeError, ValueError } from '../errors.js';
import { ones, randn, zeros } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkOp, type Plain } from '../testing/check-op.js';
import { expectClose } from '../testing/expect-close.js';
import { convReference } from '../testing/reference/conv-reference.js';
import { add } from './add.js';
import { clamp } from './clamp.js';
import { conv2d } from './conv2d.js';
import { type Conv2dAffineOptions, conv2dAffine } from './conv2d-affine.js';
import { mul } from './mul.js';
import { reshape } from './reshape.js';

/** clamp(conv·scale[c] + shift[c], lo, hi) with direct loops, symmetric padding p, stride s. */
function reference(s: number, p: number, groups: number, lo: number, hi: number) {
  return (x: Plain, w: Plain, scale: Plain, shift: Plain): Plain => {
    const outSize = [2, 3].map((i) => Math.floor((x.shape[i]! + 2 * p - w.shape[i]!) / s) + 1);
    const y = convReference(x, w, { stride: [s, s], padding: [p, p], dilation: [1, 1], groups, outSize });
    const plane = outSize[0]! * outSize[1]!;
    const channels = w.shape[0]!;
    const data = y.data.map((v, i) => {
      const c = Math.floor(i / plane) % channels;
      return Math.min(Math.max(v * scale.data[c]! + shift.data[c]!, lo), hi);
    });
    return { shape: y.shape, data };
  };
}

const withOptions =
  (o: Conv2dAffineOptions) =>
  (x: Tensor, w: Tensor, scale: Tensor, shift: Tensor): Tensor =>
    conv2dAffine(x, w, scale, shift, o);

checkOp({
  name: 'conv2dAffine (ReLU6, padding 1)',
  fn: withOptions({ padding: 1, clamp: [0, 6] }),
  reference: reference(1, 1, 1, 0, 6),
  domain: [-3, 3],
  cases: [
    [[2, 3, 5, 5], [4, 3, 3, 3], [4], [4]],
    [[0, 3, 5, 5], [4, 3, 3, 3], [4], [4]],
    [[1, 5, 4, 6], [11, 5, 1, 1], [11], [11]],
  ],
  errors: [
    {
      what: 'a scale of the wrong shape',
      call: () => conv2dAffine(zeros([1, 3, 5, 5]), zeros([4, 3, 3, 3]), ones([3]), zeros([4])),
      message: /conv2dAffine: scale must have shape \[4\], got \[3\]/,
      type: ShapeError,
    },
    {
      what: 'a shift that is not a tensor',
      call: () => conv2dAffine(zeros([1, 3, 5, 5]), zeros([4, 3, 3, 3]), ones([4]), 0 as never),
      message: /conv2dAffine: shift must be a Tensor/,
    },
    {
      what: 'bounds in the wrong order',
      call: () =>
        conv2dAffine(zeros([1, 3, 5, 5]), zeros([4, 3, 3, 3]), ones([4]), zeros([4]), { clamp: [6, 0] }),
      message:
        /conv2dAffine: clamp must be \[lo, hi\], two numbers with lo ≤ hi \(±Infinity for none\), got \[6, 0\]/,
      type: ValueError,
    },
    {
      what: 'a NaN bound',
      call: () =>
        conv2dAffine(zeros([1, 3, 5, 5]), zeros([4, 3, 3, 3]), ones([4]), zeros([4]), {
          clamp: [Number.NaN, 1],
        }),
      message: /conv2dAffine: clamp must be \[lo, hi\]/,
      type: ValueError,
    },
    {
      what: 'mismatched channels',
      call: () => conv2dAffine(zeros([1, 2, 5, 5]), zeros([4, 3, 3, 3]), ones([4]), zeros([4])),
      message: /conv2dAffine: x.shape\[1\] \(2\) must equal weight.shape\[1\]·groups \(3\)/,
      type: ShapeError,
    },
  ],
});

checkOp({
  name: 'conv2dAffine (a residual, then ReLU)',
  fn: (x: Tensor, w: Tensor, scale: Tensor, shift: Tensor, r: Tensor) =>
    conv2dAffine(x, w, scale, shift, { padding: 1, clamp: [0, Infinity], residual: r }),
  reference: (x: Plain, w: Plain, scale: Plain, shift: Plain, r: Plain): Plain => {
    const y = reference(1, 1, 1, -Infinity, Infinity)(x, w, scale, shift);
    return { shape: y.shape, data: y.data.map((v, i) => Math.max(v + r.data[i]!, 0)) };
  },
  cases: [[[2, 3, 5, 5], [4, 3, 3, 3], [4], [4], [2, 4, 5, 5]]],
  errors: [
    {
      what: 'a residual of the wrong shape',
      call: () =>
        conv2dAffine(zeros([1, 3, 5, 5]), zeros([4, 3, 3, 3]), ones([4]), zeros([4]), {
          residual: zeros([1, 4, 5, 5]),
        }),
      message: /conv2dAffine: residual must have shape \[1, 4, 3, 3\], got \[1, 4, 5, 5\]/,
      type: ShapeError,
    },
  ],
});

checkOp({
  name: 'conv2dAffine (no clamp, stride 2)',
  fn: withOptions({ stride: 2, padding: 1 }),
  reference: reference(2, 1, 1, -Infinity, Infinity),
  cases: [[[2, 3, 9, 8], [5, 3, 3, 3], [5], [5]]],
});

checkOp({
  name: 'conv2dAffine (depthwise, ReLU)',
  fn: withOptions({ padding: 1, groups: 4, clamp: [0, Infinity] }),
  reference: reference(1, 1, 4, 0, Infinity),
  cases: [[[2, 4, 6, 7], [4, 1, 3, 3], [4], [4]]],
});

test('conv2dAffine without a gradient equals conv2d, the affine map and clamp (their bits on native)', () => {
  const previous = getBackend().name;
  try {
    for (const backend of availableBackends()) {
      setBackend(backend);
      // 16→24 3×3 on 8×8 (a direct path), depthwise 24 channels, and a 1×1 with 700 channels (GEMM,
      // one sample split over the threads).
      const cases: [number[], number[], Conv2dAffineOptions][] = [
        [[2, 16, 8, 8], [24, 16, 3, 3], { padding: 1, clamp: [0, 6] }],
        [[1, 24, 9, 7], [24, 1, 3, 3], { padding: 1, groups: 24, clamp: [0, Infinity] }],
        [[1, 700, 12, 12], [24, 700, 1, 1], { clamp: [-1, 1] }],
      ];
      for (const [xs, ws, o] of cases) {
        const x = randn(xs);
        const w = randn(ws);
        const c = ws[0]!;
        const scale = randn([c]);
        const shift = randn([c]);
        const residual = randn([xs[0]!, c, xs[2]!, xs[3]!]);
        const fused = noGrad(() => conv2dAffine(x, w, scale, shift, { ...o, residual }));
        const perChannel = [c, 1, 1];
        const { clamp: bounds = [-Infinity, Infinity], ...conv } = o;
        const affine = add(
          mul(conv2d(x, w, null, conv), reshape(scale, perChannel)),
          reshape(shift, perChannel),
        );
        const y = add(affine, residual);
        const separate = clamp(y, bounds[0], bounds[1] === Infinity ? undefined : bounds[1]);
        // The native kernels round the product and the sum each to float, as the mul and add
        // kernels do; the host fallback (channelAffine in doubles) rounds once.
        if (backend === 'native')
          assert.deepEqual([...fused.data()], [...separate.data()], JSON.stringify(xs));
        else expectClose(fused, separate.data(), { rtol: 1e-6, atol: 1e-6 });
      }
    }
  } finally {
    setBackend(previous);
  }
});
