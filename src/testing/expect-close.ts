import assert from 'node:assert/strict';
import type { NestedArray, Tensor } from '../tensor/tensor.js';

function flat(x: Tensor | NestedArray | ArrayLike<number>): number[] {
  if (typeof x === 'number' || typeof x === 'boolean') return [Number(x)];
  if (typeof (x as Tensor).data === 'function') return [...(x as Tensor).data()].map(Number);
  if (Array.isArray(x)) return (x as NestedArray[]).flatMap((v) => flat(v));
  return Array.from(x as ArrayLike<number>);
}

/**
 * Asserts that every element of `actual` is within atol + rtol·|expected| of `expected` (NaN
 * matches NaN; infinities must match exactly). Defaults suit float32.
 * @example
 * expectClose(exp(tensor([0])), [1]);
 */
export function expectClose(
  actual: Tensor | NestedArray | ArrayLike<number>,
  expected: Tensor | NestedArray | ArrayLike<number>,
  { rtol = 1e-5, atol = 1e-6 } = {},
): void {
  const a = flat(actual);
  const e = flat(expected);
  assert.equal(a.length, e.length, `expected ${e.length} elements, got ${a.length}`);
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = e[i]!;
    if (Number.isNaN(y)) {
      assert.ok(Number.isNaN(x), `element ${i}: expected NaN, got ${x}`);
      continue;
    }
    if (!Number.isFinite(y)) {
      assert.equal(x, y, `element ${i}: expected ${y}, got ${x}`);
      continue;
    }
    assert.ok(
      Math.abs(x - y) <= atol + rtol * Math.abs(y),
      `element ${i}: expected ${y}, got ${x} (rtol ${rtol}, atol ${atol})`,
    );
  }
}
