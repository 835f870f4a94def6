import assert from 'node:assert/strict';
import { test } from 'node:test';
import { grad } from '../autograd/functional.js';
import { ValueError } from '../errors.js';
import { arange, tensor } from '../tensor/creation.js';
import { checkOp, type Plain } from '../testing/check-op.js';
import { expectClose } from '../testing/expect-close.js';
import { type PadMode, pad } from './pad.js';
import { sum } from './sum.js';

/** Reads every output entry from the input coordinate the mode maps it to. */
function padReference(pads: number[], mode: PadMode, value = 0) {
  return (x: Plain): Plain => {
    const nd = x.shape.length;
    const before = (d: number): number => pads[2 * (nd - 1 - d)] ?? 0;
    const shape = x.shape.map((s, d) => s + before(d) + (pads[2 * (nd - 1 - d) + 1] ?? 0));
    const size = shape.reduce((a, b) => a * b, 1);
    const data = Array.from({ length: size }, (_, i) => {
      let rest = i;
      let src = 0;
      let stride = 1;
      for (let d = nd - 1; d >= 0; d--) {
        const n = x.shape[d]!;
        let c = (rest % shape[d]!) - before(d);
        rest = Math.floor(rest / shape[d]!);
        if (mode === 'reflect') c = c < 0 ? -c : c >= n ? 2 * (n - 1) - c : c;
        if (mode === 'replicate') c = Math.min(n - 1, Math.max(0, c));
        if (c < 0 || c >= n) return value;
        src += c * stride;
        stride *= n;
      }
      return x.data[src]!;
    });
    return { shape, data };
  };
}

checkOp({
  name: 'pad constant [1, 2, 0, 1] value 0.5',
  fn: (x) => pad(x, [1, 2, 0, 1], { value: 0.5 }),
  reference: padReference([1, 2, 0, 1], 'constant', 0.5),
  cases: [[[2, 3]], [[4, 2, 3]], [[0, 3]], [[2, 0]]],
  errors: [
    {
      what: 'an odd number of pads',
      call: () => pad(arange(3), [1]),
      message: /pad: pads must hold \(before, after\) pairs for at most 1 axes, got \[1\]/,
      type: ValueError,
    },
    { what: 'too many pads', call: () => pad(arange(3), [1, 1, 1, 1]), message: /at most 1 axes/ },
    {
      what: 'a fractional pad',
      call: () => pad(arange(3), [0.5, 1]),
      message: /pad: pads\[0\] must be an integer, got 0.5/,
    },
    {
      what: 'an unknown mode',
      call: () => pad(arange(3), [1, 1], { mode: 'wrap' as never }),
      message: /pad: mode must be/,
    },
    {
      what: 'crops larger than the axis',
      call: () => pad(arange(3), [-2, -2]),
      message: /pad: pads -2, -2 remove more than the 3 entries of axis 0/,
    },
  ],
});

checkOp({
  name: 'pad reflect [2, 1, 1, 1]',
  fn: (x) => pad(x, [2, 1, 1, 1], { mode: 'reflect' }),
  reference: padReference([2, 1, 1, 1], 'reflect'),
  cases: [[[2, 3]], [[2, 3, 4]]],
  errors: [
    {
      what: 'a reflect pad as large as the axis',
      call: () => pad(arange(3), [3, 0], { mode: 'reflect' }),
      message: /pad: reflect pads must be smaller than the axis size, got 3, 0 for axis 0 of size 3/,
    },
    {
      what: 'a negative reflect pad',
      call: () => pad(arange(3), [-1, 0], { mode: 'reflect' }),
      message: /pad: reflect mode needs non-negative pads/,
    },
  ],
});

checkOp({
  name: 'pad replicate [0, 2, 3, 0]',
  fn: (x) => pad(x, [0, 2, 3, 0], { mode: 'replicate' }),
  reference: padReference([0, 2, 3, 0], 'replicate'),
  cases: [[[2, 3]], [[1, 1]], [[3, 2, 2]]],
  errors: [
    {
      what: 'padding an empty axis',
      call: () => pad(tensor([]), [1, 0], { mode: 'replicate' }),
      message: /pad: replicate mode cannot pad axis 0 of size 0/,
    },
  ],
});

test('pad follows PyTorch order: the first pair pads the last axis', () => {
  const x = tensor([
    [1, 2],
    [3, 4],
  ]);
  // [left 1, right 0] on the columns, [top 0, bottom 1] on the rows.
  assert.deepEqual(pad(x, [1, 0, 0, 1]).toArray(), [
    [0, 1, 2],
    [0, 3, 4],
    [0, 0, 0],
  ]);
  assert.deepEqual(pad(tensor([1, 2, 3]), [2, 1], { mode: 'reflect' }).toArray(), [3, 2, 1, 2, 3, 2]);
  assert.deepEqual(pad(tensor([1, 2, 3]), [2, 1], { mode: 'replicate' }).toArray(), [1, 1, 1, 2, 3, 3]);
  assert.deepEqual(pad(tensor([1, 2, 3]), [-1, 1], { value: 9 }).toArray(), [2, 3, 9]);
});

test('pad keeps the dtype of an int32 tensor', () => {
  const y = pad(tensor([1, 2], { dtype: 'int32' }), [1, 1], { value: 7 });
  assert.equal(y.dtype, 'int32');
  assert.deepEqual(y.toArray(), [7, 1, 2, 7]);
});

test('reflect padding sends the mirrored gradient back to its source', () => {
  // pad([a b c], [2, 1], reflect) = [c b a b c b]: a once, b three times, c twice.
  const g = grad((x) => sum(pad(x, [2, 1], { mode: 'reflect' })))(tensor([1, 2, 3]));
  expectClose(g, [1, 3, 2]);
});
