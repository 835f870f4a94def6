import type { Tensor } from './tensor.js';

const EDGE = 3;
const SUMMARIZE_ABOVE = 1000;

function formatNumber(v: number, decimals: number, scientific: boolean): string {
  if (!Number.isFinite(v)) return Number.isNaN(v) ? 'nan' : v > 0 ? 'inf' : '-inf';
  return scientific ? v.toExponential(decimals) : v.toFixed(decimals);
}

/** PyTorch-style print: aligned columns, 4 decimals for floats, `...` for large tensors. */
export function formatTensor(t: Tensor): string {
  const data = t.data();
  const isInt = t.dtype === 'int32';
  const isBool = t.dtype === 'bool';
  const finite = [...data].filter((v) => Number.isFinite(v)).map(Math.abs);
  const max = finite.length ? Math.max(...finite.slice(0, 100000)) : 0;
  const nonzero = finite.filter((v) => v > 0);
  const min = nonzero.length ? Math.min(...nonzero.slice(0, 100000)) : 0;
  const scientific = !isInt && !isBool && (max >= 1e8 || (min > 0 && min < 1e-4));
  const fmt = (v: number): string =>
    isBool ? (v ? 'true' : 'false') : isInt ? String(v) : formatNumber(v, 4, scientific);
  const summarize = t.size > SUMMARIZE_ABOVE;
  const width = Math.max(1, ...[...data.slice(0, 10000)].map((v) => fmt(v).length));
  const indent = 'tensor('.length;

  const strides: number[] = [];
  let s = 1;
  for (let d = t.ndim - 1; d >= 0; d--) {
    strides[d] = s;
    s *= t.shape[d]!;
  }
  const visit = (d: number, start: number): string => {
    if (d === t.ndim) return fmt(data[start]!).padStart(width);
    const n = t.shape[d]!;
    const picks =
      summarize && n > 2 * EDGE
        ? [
            ...Array.from({ length: EDGE }, (_, i) => i),
            -1,
            ...Array.from({ length: EDGE }, (_, i) => n - EDGE + i),
          ]
        : Array.from({ length: n }, (_, i) => i);
    const parts = picks.map((i) => (i < 0 ? '...' : visit(d + 1, start + i * strides[d]!)));
    const sep = d === t.ndim - 1 ? ', ' : `,${'\n'.repeat(t.ndim - d - 1)}${' '.repeat(indent + d + 1)}`;
    return `[${parts.join(sep)}]`;
  };
  const body = t.ndim === 0 ? fmt(data[0]!) : visit(0, 0);
  const extras: string[] = [];
  if (t.size === 0) extras.push(`size=[${t.shape.join(', ')}]`);
  if (t.dtype !== 'float32') extras.push(`dtype=${t.dtype}`);
  if (t.gradFn) extras.push(`gradFn=${t.gradFn.op}`);
  else if (t.requiresGrad) extras.push('requiresGrad=true');
  return `tensor(${body}${extras.map((e) => `, ${e}`).join('')})`;
}
