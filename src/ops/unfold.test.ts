import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ShapeError, ValueError } from '../errors.js';
import { arange, ones } from '../tensor/creation.js';
import { checkOp, type Plain } from '../testing/check-op.js';
import { expectClose } from '../testing/expect-close.js';
import { positions, type Window2d, window2d } from './core/window-2d.js';
import { fold } from './fold.js';
import { unfold } from './unfold.js';

/** Visits every (channel, tap, window) with the padded-input coordinate it reads. */
function eachTap(
  c: number,
  h: number,
  w: number,
  win: Window2d,
  visit: (ch: number, row: number, l: number, y: number, x: number) => void,
): void {
  const oh = positions(h, win, 0, 'ref');
  const ow = positions(w, win, 1, 'ref');
  const [kh, kw] = win.kernel;
  for (let ch = 0; ch < c; ch++)
    for (let i = 0; i < kh; i++)
      for (let j = 0; j < kw; j++)
        for (let a = 0; a < oh; a++)
          for (let b = 0; b < ow; b++) {
            const y = a * win.stride[0] + i * win.dilation[0] - win.padding[0];
            const x = b * win.stride[1] + j * win.dilation[1] - win.padding[1];
            visit(ch, (ch * kh + i) * kw + j, a * ow + b, y, x);
          }
}

const geometry = { dilation: [1, 2], padding: 1, stride: [2, 1] } as const;
const win = window2d([2, 3], geometry, 'ref');

function unfoldReference(x: Plain): Plain {
  const [n, c, h, w] = x.shape as [number, number, number, number];
  const rows = c * 6;
  const l = positions(h, win, 0, 'ref') * positions(w, win, 1, 'ref');
  const data = new Array<number>(n * rows * l).fill(0);
  for (let b = 0; b < n; b++)
    eachTap(c, h, w, win, (ch, row, k, y, xx) => {
      if (y >= 0 && y < h && xx >= 0 && xx < w)
        data[(b * rows + row) * l + k] = x.data[((b * c + ch) * h + y) * w + xx]!;
    });
  return { shape: [n, rows, l], data };
}

function foldReference(h: number, w: number) {
  return (cols: Plain): Plain => {
    const [n, rows, l] = cols.shape as [number, number, number];
    const c = rows / 6;
    const data = new Array<number>(n * c * h * w).fill(0);
    for (let b = 0; b < n; b++)
      eachTap(c, h, w, win, (ch, row, k, y, xx) => {
        if (y >= 0 && y < h && xx >= 0 && xx < w)
          data[((b * c + ch) * h + y) * w + xx]! += cols.data[(b * rows + row) * l + k]!;
      });
    return { shape: [n, c, h, w], data };
  };
}

checkOp({
  name: 'unfold kernel 2×3, dilation [1, 2], padding 1, stride [2, 1]',
  fn: (x) => unfold(x!, [2, 3], geometry),
  reference: unfoldReference,
  cases: [[[2, 2, 4, 5]], [[1, 1, 3, 3]], [[0, 2, 4, 5]]],
  errors: [
    {
      what: 'a 3-D input',
      call: () => unfold(arange(9).reshape([1, 3, 3]), 2),
      message: /unfold: x must be \[N, C, H, W\], got \[1, 3, 3\]/,
      type: ShapeError,
    },
    {
      what: 'a kernel larger than the input',
      call: () => unfold(arange(4).reshape([1, 1, 2, 2]), 3),
      message: /unfold: the height \(2, padded by 0\) is smaller than the dilated kernel \(3\)/,
      type: ValueError,
    },
    {
      what: 'a zero stride',
      call: () => unfold(arange(4).reshape([1, 1, 2, 2]), 1, { stride: 0 }),
      message: /unfold: stride must be an integer ≥ 1 or a pair of them, got 0/,
      type: ValueError,
    },
  ],
});

checkOp({
  name: 'fold into 4×5, kernel 2×3, dilation [1, 2], padding 1, stride [2, 1]',
  fn: (cols) => fold(cols!, [4, 5], [2, 3], geometry),
  reference: foldReference(4, 5),
  // 3 window rows × 3 window columns
  cases: [[[2, 12, 9]], [[0, 6, 9]]],
  errors: [
    {
      what: 'columns that do not match the windows',
      call: () => fold(ones([1, 12, 8]), [4, 5], [2, 3], geometry),
      message: /fold: cols must be \[N, C·6, 9\] for output 4×5 and kernel 2×3, got \[1, 12, 8\]/,
      type: ShapeError,
    },
  ],
});

test('unfold and fold agree with PyTorch on written-out cases', () => {
  // F.unfold(arange(80.).reshape(2, 2, 4, 5), (2, 3), dilation=(1, 2), padding=1, stride=(2, 1))
  const u = unfold(arange(80, undefined, 1, { dtype: 'float64' }).reshape([2, 2, 4, 5]), [2, 3], geometry);
  assert.deepEqual(u.shape, [2, 12, 9]);
  expectClose(u.select(0, 0).narrow(1, 0, 3), [
    [0, 0, 0],
    [0, 0, 0],
    [0, 0, 0],
    [0, 0, 1],
    [1, 2, 3],
    [3, 4, 0],
    [0, 0, 0],
    [0, 0, 0],
    [0, 0, 0],
    [0, 20, 21],
    [21, 22, 23],
    [23, 24, 0],
  ]);
  expectClose(u.select(0, 1).sum(1), [202, 312, 214, 182, 282, 194, 282, 432, 294, 262, 402, 274]);
  // F.fold(arange(48.).reshape(1, 8, 6), (3, 4), 2, padding=(0, 1), stride=(1, 2))
  const f = fold(arange(48).reshape([1, 8, 6]), [3, 4], 2, { padding: [0, 1], stride: [1, 2] });
  expectClose(f, [
    [
      [
        [6, 1, 7, 2],
        [27, 17, 29, 19],
        [21, 16, 22, 17],
      ],
      [
        [30, 25, 31, 26],
        [75, 65, 77, 67],
        [45, 40, 46, 41],
      ],
    ],
  ]);
  // fold(unfold(x)) counts the windows over each pixel
  expectClose(fold(unfold(ones([1, 1, 3, 3]), 2), [3, 3], 2), [
    [
      [
        [1, 2, 1],
        [2, 4, 2],
        [1, 2, 1],
      ],
    ],
  ]);
});
