import assert from 'node:assert/strict';
import { test } from 'node:test';
import { valueAndGrad } from '../autograd/functional.js';
import { DTypeError, ShapeError, ValueError } from '../errors.js';
import { arange, tensor, zeros } from '../tensor/creation.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkOp, type Plain } from '../testing/check-op.js';
import { expectClose } from '../testing/expect-close.js';
import { affineGrid } from './affine-grid.js';
import { type GridSampleOptions, gridSample } from './grid-sample.js';

/** PyTorch's sampler written point by point (align_corners=False). */
function reference({ mode = 'bilinear', paddingMode = 'zeros' }: GridSampleOptions) {
  const place = (g: number, size: number): number => {
    let p = ((g + 1) * size - 1) / 2;
    if (paddingMode === 'reflection') {
      const d = Math.abs(p + 0.5);
      const flips = Math.floor(d / size);
      const extra = d - flips * size;
      p = flips % 2 === 0 ? extra - 0.5 : size - 0.5 - extra;
    }
    return paddingMode === 'zeros' ? p : Math.min(size - 1, Math.max(0, p));
  };
  return (x: Plain, grid: Plain): Plain => {
    const [n, c, h, w] = x.shape as [number, number, number, number];
    const [, ho, wo] = grid.shape as [number, number, number];
    const at = (b: number, ch: number, y: number, xx: number): number =>
      y >= 0 && y < h && xx >= 0 && xx < w ? x.data[((b * c + ch) * h + y) * w + xx]! : 0;
    const data: number[] = [];
    for (let b = 0; b < n; b++)
      for (let ch = 0; ch < c; ch++)
        for (let k = 0; k < ho * wo; k++) {
          const px = place(grid.data[(b * ho * wo + k) * 2]!, w);
          const py = place(grid.data[(b * ho * wo + k) * 2 + 1]!, h);
          if (mode === 'nearest') {
            // round half to even, as PyTorch's nearbyint
            const r = (v: number) => (Math.abs(v % 1) === 0.5 ? 2 * Math.round(v / 2) : Math.round(v));
            data.push(at(b, ch, r(py), r(px)));
            continue;
          }
          const [x0, y0] = [Math.floor(px), Math.floor(py)];
          const [fx, fy] = [px - x0, py - y0];
          data.push(
            at(b, ch, y0, x0) * (1 - fx) * (1 - fy) +
              at(b, ch, y0, x0 + 1) * fx * (1 - fy) +
              at(b, ch, y0 + 1, x0) * (1 - fx) * fy +
              at(b, ch, y0 + 1, x0 + 1) * fx * fy,
          );
        }
    return { shape: [n, c, ho, wo], data };
  };
}

const cases = [
  [
    [2, 3, 4, 5],
    [2, 3, 2, 2],
  ],
  [
    [1, 1, 1, 1],
    [1, 2, 2, 2],
  ],
  [
    [0, 2, 3, 3],
    [0, 2, 2, 2],
  ],
];
for (const mode of ['bilinear', 'nearest'] as const)
  for (const paddingMode of ['zeros', 'border', 'reflection'] as const) {
    checkOp({
      name: `gridSample ${mode} ${paddingMode}`,
      fn: (x, grid) => gridSample(x!, grid!, { mode, paddingMode }),
      reference: reference({ mode, paddingMode }),
      cases,
      domain: [-1.3, 1.3],
      errors:
        mode === 'bilinear' && paddingMode === 'zeros'
          ? [
              {
                what: 'a grid without the (x, y) axis',
                call: () => gridSample(zeros([1, 1, 2, 2]), zeros([1, 2, 2, 3])),
                message:
                  /gridSample: x must be \[N, C, H, W\] and grid \[N, Ho, Wo, 2\], got \[1, 1, 2, 2\] and \[1, 2, 2, 3\]/,
                type: ShapeError,
              },
              {
                what: 'grid and x of different dtypes',
                call: () => gridSample(zeros([1, 1, 2, 2]), zeros([1, 2, 2, 2], { dtype: 'float64' })),
                message: /gridSample: x and grid must share a float dtype, got float32 and float64/,
                type: DTypeError,
              },
              {
                what: 'an unknown padding mode',
                call: () =>
                  gridSample(zeros([1, 1, 2, 2]), zeros([1, 2, 2, 2]), { paddingMode: 'wrap' as never }),
                message: /gridSample: paddingMode must be 'zeros', 'border' or 'reflection', got 'wrap'/,
                type: ValueError,
              },
            ]
          : [],
    });
  }

checkOp({
  name: 'affineGrid [N, 1, 3, 4]',
  fn: (theta) => affineGrid(theta!, [theta!.shape[0]!, 1, 3, 4]),
  reference: (theta) => {
    const n = theta.shape[0]!;
    const data: number[] = [];
    for (let b = 0; b < n; b++)
      for (let i = 0; i < 3; i++)
        for (let j = 0; j < 4; j++) {
          const [x, y] = [(2 * j + 1) / 4 - 1, (2 * i + 1) / 3 - 1];
          for (let r = 0; r < 2; r++) {
            const t = (k: number) => theta.data[b * 6 + r * 3 + k]!;
            data.push(t(0) * x + t(1) * y + t(2));
          }
        }
    return { shape: [n, 3, 4, 2], data };
  },
  cases: [[[2, 2, 3]], [[0, 2, 3]]],
  errors: [
    {
      what: 'a 3×3 theta',
      call: () => affineGrid(zeros([1, 3, 3]), [1, 1, 2, 2]),
      message: /affineGrid: theta must be \[N, 2, 3\], got \[1, 3, 3\]/,
      type: ShapeError,
    },
    {
      what: 'a size of another batch',
      call: () => affineGrid(zeros([1, 2, 3]), [2, 1, 2, 2]),
      message: /affineGrid: size\[0\] \(2\) must equal theta's batch \(1\)/,
      type: ShapeError,
    },
  ],
});

// The written-out values below are PyTorch 1.13's (F.affine_grid, F.grid_sample, align_corners=False).
const f64 = { dtype: 'float64' } as const;
const x = arange(48, undefined, 1, f64).reshape([2, 2, 3, 4]).div(10);
const grid = tensor(
  [
    [
      [
        [-0.9, -0.8],
        [0.1, 0.3],
        [0.95, 0.9],
      ],
      [
        [-1.2, 0.0],
        [0.5, -0.5],
        [1.3, 1.1],
      ],
    ],
    [
      [
        [0.0, 0.0],
        [-0.3, 0.7],
        [0.6, -0.95],
      ],
      [
        [0.25, 0.25],
        [-1.0, 1.0],
        [0.8, 0.2],
      ],
    ],
  ],
  f64,
);
const exact = { rtol: 1e-10, atol: 1e-12 };

test('affineGrid agrees with PyTorch', () => {
  const theta = tensor(
    [
      [
        [0.9, -0.2, 0.1],
        [0.3, 1.1, -0.05],
      ],
      [
        [1, 0, 0],
        [0, 1, 0],
      ],
    ],
    f64,
  );
  expectClose(
    affineGrid(theta, [2, 1, 2, 3]).reshape([-1]),
    [
      -0.4,
      -0.8,
      0.2,
      -0.6,
      0.8,
      -0.4,
      -0.6,
      0.3,
      0,
      0.5,
      0.6,
      0.7,
      -2 / 3,
      -0.5,
      0,
      -0.5,
      2 / 3,
      -0.5,
      -2 / 3,
      0.5,
      0,
      0.5,
      2 / 3,
      0.5,
    ],
    exact,
  );
});

test('gridSample agrees with PyTorch in every mode, values and gradients', () => {
  const expected: Record<string, number[]> = {
    'bilinear zeros': [
      0, 0.75, 0.429, 0.04, 0.35, 0, 0.672, 1.95, 0.897, 0.16, 1.55, 0, 2.95, 3.1255, 1.53525, 3.15, 0.8,
      2.898, 4.15, 4.2655, 2.22525, 4.35, 1.1, 3.978,
    ],
    'bilinear border': [
      0, 0.75, 1.1, 0.4, 0.35, 1.1, 1.2, 1.95, 2.3, 1.6, 1.55, 2.3, 2.95, 3.29, 2.67, 3.15, 3.2, 3.22, 4.15,
      4.49, 3.87, 4.35, 4.4, 4.42,
    ],
    'bilinear reflection': [
      0, 0.75, 1.1, 0.4, 0.35, 1.09, 1.2, 1.95, 2.3, 1.6, 1.55, 2.29, 2.95, 3.29, 2.67, 3.15, 3.2, 3.22, 4.15,
      4.49, 3.87, 4.35, 4.4, 4.42,
    ],
    'nearest zeros': [
      0, 0.6, 1.1, 0, 0.2, 0, 1.2, 1.8, 2.3, 0, 1.4, 0, 3, 3.3, 2.7, 3, 3.2, 3.1, 4.2, 4.5, 3.9, 4.2, 4.4,
      4.3,
    ],
    'nearest border': [
      0, 0.6, 1.1, 0.4, 0.2, 1.1, 1.2, 1.8, 2.3, 1.6, 1.4, 2.3, 3, 3.3, 2.7, 3, 3.2, 3.1, 4.2, 4.5, 3.9, 4.2,
      4.4, 4.3,
    ],
  };
  expected['nearest reflection'] = expected['nearest border']!;
  for (const [name, values] of Object.entries(expected)) {
    const [mode, paddingMode] = name.split(' ') as [
      GridSampleOptions['mode'],
      GridSampleOptions['paddingMode'],
    ];
    expectClose(gridSample(x, grid, { mode, paddingMode }).reshape([-1]), values, exact);
  }
  // d/dx and d/dgrid of Σ w·gridSample(x, grid), w = arange(24)/7 − 1
  const w = arange(24, undefined, 1, f64).div(7).sub(1).reshape([2, 2, 2, 3]);
  const [, [gx, gg]] = valueAndGrad((a: Tensor, b: Tensor) => gridSample(a, b).mul(w).sum())(x, grid) as [
    Tensor,
    [Tensor, Tensor],
  ];
  expectClose(
    gx.reshape([-1]),
    [
      -0.56, 0, -0.160714285714, -0.160714285714, -0.057142857143, -0.141428571429, -0.383571428571,
      -0.053571428571, 0, -0.115714285714, -0.27, -0.278571428571, -0.08, 0, 0.160714285714, 0.160714285714,
      0.028571428571, 0, 0.053571428571, 0.053571428571, 0, 0, 0, 0.055714285714, 0, 0, 0.1725, 0.4025, 0,
      0.357142857143, 1.071428571429, 0.9, 0.402857142857, 0.732857142857, 0.428571428571, 0.385714285714, 0,
      0, 0.320357142857, 0.7475, 0, 0.785714285714, 2.035714285714, 1.44, 0.698571428571, 1.465714285714,
      0.75, 0.617142857143,
    ],
    { rtol: 1e-9, atol: 1e-11 },
  );
  expectClose(
    gg.reshape([-1]),
    [
      -0.274285714286, -0.18, -0.171428571429, -0.514285714286, 0.594285714286, 0.411428571429,
      0.457142857143, -0.017142857143, 0, 0, 0, 0, 0.457142857143, 1.371428571429, 0.488571428571,
      -15.775714285714, 0.328571428571, 14.785714285714, 0.628571428571, 1.885714285714, 13.542857142857,
      -10.157142857143, -29.405714285714, 2.005714285714,
    ],
    { rtol: 1e-9, atol: 1e-11 },
  );
});

test('an identity affineGrid makes gridSample return the image', () => {
  const image = arange(24, undefined, 1, { dtype: 'float32' }).reshape([2, 1, 3, 4]);
  const identity = tensor([
    [
      [1, 0, 0],
      [0, 1, 0],
    ],
    [
      [1, 0, 0],
      [0, 1, 0],
    ],
  ]);
  expectClose(gridSample(image, affineGrid(identity, [2, 1, 3, 4])), image, { rtol: 1e-5, atol: 1e-5 });
  assert.deepEqual(gridSample(image, affineGrid(identity, [2, 1, 5, 2])).shape, [2, 1, 5, 2]);
});
