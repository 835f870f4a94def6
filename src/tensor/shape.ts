import { ShapeError, ValueError } from '../errors.js';

export type Shape = readonly number[];

/** `[2, 3]` — shapes in messages read like arrays. */
export function formatShape(shape: Shape): string {
  return `[${shape.join(', ')}]`;
}

export function sizeOf(shape: Shape): number {
  let n = 1;
  for (const s of shape) n *= s;
  return n;
}

/** Row-major strides of a contiguous tensor of `shape`. */
export function contiguousStrides(shape: Shape): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    strides[d] = s;
    s *= shape[d]!;
  }
  return strides;
}

/** Checks a shape given by a user: non-negative safe integers. */
/** The most elements a tensor holds: indices are int32 (and a typed array is bounded too). */
export const MAX_ELEMENTS = 2 ** 31 - 1;

export function checkShape(shape: unknown, op: string, arg = 'shape'): number[] {
  if (!Array.isArray(shape))
    throw new ShapeError(`${op}: ${arg} must be an array of sizes, got ${String(shape)}`);
  for (const [i, s] of shape.entries()) {
    if (!Number.isSafeInteger(s) || (s as number) < 0) {
      throw new ShapeError(`${op}: ${arg}[${i}] must be a non-negative integer, got ${String(s)}`);
    }
  }
  const size = (shape as number[]).reduce((a, b) => a * b, 1);
  if (size > MAX_ELEMENTS) {
    throw new ShapeError(
      `${op}: ${arg} [${shape.join(', ')}] holds ${size} elements, more than the ${MAX_ELEMENTS} a tensor holds`,
    );
  }
  return shape as number[];
}

/** Resolves a possibly negative axis against `ndim`, or throws naming the op. */
export function normalizeAxis(axis: number, ndim: number, op: string, arg = 'axis'): number {
  if (!Number.isInteger(axis) || axis < -Math.max(ndim, 1) || axis >= Math.max(ndim, 1)) {
    throw new ValueError(
      `${op}: ${arg} ${axis} is out of range for a tensor of rank ${ndim} (expected -${Math.max(ndim, 1)} to ${Math.max(ndim, 1) - 1})`,
    );
  }
  return axis < 0 ? axis + Math.max(ndim, 1) : axis;
}

/** Resolves an axis list (all axes when undefined) into sorted unique non-negative axes. */
export function normalizeAxes(
  axes: number | readonly number[] | undefined,
  ndim: number,
  op: string,
): number[] {
  if (axes === undefined) return Array.from({ length: ndim }, (_, i) => i);
  const list = typeof axes === 'number' ? [axes] : axes;
  if (!Array.isArray(list)) {
    throw new ValueError(
      `${op}: axis must be an integer or an array of integers, got ${JSON.stringify(axes)}`,
    );
  }
  const out = list.map((a) => normalizeAxis(a, ndim, op));
  if (ndim === 0) return [];
  if (new Set(out).size !== out.length)
    throw new ValueError(`${op}: axis ${JSON.stringify(list)} names an axis twice`);
  return out.sort((a, b) => a - b);
}

/** The broadcast shape of two shapes (NumPy rules), or a ShapeError naming the op. */
export function broadcastShapes(a: Shape, b: Shape, op: string): number[] {
  const nd = Math.max(a.length, b.length);
  const out = new Array<number>(nd);
  for (let i = 0; i < nd; i++) {
    const da = a[a.length - nd + i] ?? 1;
    const db = b[b.length - nd + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw new ShapeError(
        `${op}: shapes ${formatShape(a)} and ${formatShape(b)} cannot be broadcast (dimension ${i}: ${da} vs ${db})`,
      );
    }
    out[i] = da === 1 ? db : da;
  }
  return out;
}

/** Strides that read a tensor of `shape`/`strides` as if expanded to `target` (0 on broadcast axes). */
export function broadcastStrides(shape: Shape, strides: Shape, target: Shape): number[] {
  const nd = target.length;
  const out = new Array<number>(nd).fill(0);
  const off = nd - shape.length;
  for (let i = 0; i < shape.length; i++) out[off + i] = shape[i] === 1 ? 0 : strides[i]!;
  return out;
}

export function shapesEqual(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((s, i) => s === b[i]);
}

/**
 * Strides that read the elements of a tensor of `shape`/`strides` in row-major order as
 * `newShape` without copying, or null when no such strides exist (then reshape must copy).
 * Each run of old axes that merges into (or splits from) new axes must be contiguous within
 * itself; size-1 axes never matter.
 */
export function viewStrides(shape: Shape, strides: Shape, newShape: Shape): number[] | null {
  if (sizeOf(shape) === 0) return contiguousStrides(newShape);
  const oldShape: number[] = [];
  const oldStrides: number[] = [];
  shape.forEach((s, i) => {
    if (s !== 1) {
      oldShape.push(s);
      oldStrides.push(strides[i]!);
    }
  });
  const out = new Array<number>(newShape.length).fill(1);
  let oi = 0;
  let ni = 0;
  while (ni < newShape.length && oi < oldShape.length) {
    let np = newShape[ni]!;
    let op = oldShape[oi]!;
    let nj = ni + 1;
    let oj = oi + 1;
    while (np !== op) {
      if (np < op) np *= newShape[nj++]!;
      else op *= oldShape[oj++]!;
    }
    for (let k = oi; k < oj - 1; k++)
      if (oldStrides[k] !== oldStrides[k + 1]! * oldShape[k + 1]!) return null;
    out[nj - 1] = oldStrides[oj - 1]!;
    for (let k = nj - 1; k > ni; k--) out[k - 1] = out[k]! * newShape[k]!;
    ni = nj;
    oi = oj;
  }
  return out;
}
