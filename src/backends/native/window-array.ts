import { window3 } from '../reference/window.js';
import type { WindowGeometry } from '../types.js';
import { int32Arg } from './int32-args.js';

/**
 * A window geometry as the addon reads it (`Window3` in native/window.h): the 18 integers of
 * {@link window3}, sizes then kernel, output, stride, padding and dilation, each as (d, h, w), in
 * an array the next call overwrites (`int32Arg`).
 * @example
 * windowArray({ inSize: [4], kernelSize: [2], outSize: [3], stride: [1], padding: [0], dilation: [1] });
 * // Int32Array [1, 1, 4, 1, 1, 2, 1, 1, 3, 1, 1, 1, 0, 0, 0, 1, 1, 1]
 */
export function windowArray(g: WindowGeometry): Int32Array {
  const w = window3(g);
  const { id, ih, iw, kd, kh, kw, od, oh, ow, sd, sh, sw, pd, ph, pw, dd, dh, dw } = w;
  return int32Arg(WINDOW_SLOT, [id, ih, iw, kd, kh, kw, od, oh, ow, sd, sh, sw, pd, ph, pw, dd, dh, dw]);
}

// After the strided copy's three (copy-kernels.ts): a call's window is its only integer array.
const WINDOW_SLOT = 3;
