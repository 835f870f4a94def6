import { ValueError } from '../../errors.js';

/** A sliding window's geometry over the last two axes, each entry [height, width]. */
export interface Window2d {
  kernel: [number, number];
  dilation: [number, number];
  padding: [number, number];
  stride: [number, number];
}

export interface Window2dOptions {
  /** Spacing between kernel taps (default 1). */
  dilation?: number | readonly [number, number];
  /** Zeros added on both sides of each spatial axis (default 0). */
  padding?: number | readonly [number, number];
  /** Step between windows (default 1). */
  stride?: number | readonly [number, number];
}

function pair(
  value: number | readonly [number, number],
  op: string,
  name: string,
  min: number,
): [number, number] {
  const p = typeof value === 'number' ? [value, value] : value;
  if (!Array.isArray(p) || p.length !== 2 || p.some((v) => !Number.isSafeInteger(v) || v < min))
    throw new ValueError(
      `${op}: ${name} must be an integer ≥ ${min} or a pair of them, got ${JSON.stringify(value)}`,
    );
  return [p[0]!, p[1]!];
}

/** Reads and checks unfold/fold's kernel size and options. */
export function window2d(
  kernelSize: number | readonly [number, number],
  options: Window2dOptions,
  op: string,
): Window2d {
  return {
    kernel: pair(kernelSize, op, 'kernelSize', 1),
    dilation: pair(options.dilation ?? 1, op, 'dilation', 1),
    padding: pair(options.padding ?? 0, op, 'padding', 0),
    stride: pair(options.stride ?? 1, op, 'stride', 1),
  };
}

/** The number of window positions along spatial axis `d` (0 height, 1 width) of an input of `size`. */
export function positions(size: number, w: Window2d, d: 0 | 1, op: string): number {
  const span = w.dilation[d] * (w.kernel[d] - 1) + 1;
  const n = Math.floor((size + 2 * w.padding[d] - span) / w.stride[d]) + 1;
  if (n < 1)
    throw new ValueError(
      `${op}: the ${d === 0 ? 'height' : 'width'} (${size}, padded by ${w.padding[d]}) is smaller than the dilated kernel (${span})`,
    );
  return n;
}
