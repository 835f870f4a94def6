import { window3 } from '../reference/window.js';
import type { WindowGeometry } from '../types.js';

/**
 * A window geometry as the addon reads it (`Window3` in native/window.h): the 18 integers of
 * {@link window3}, sizes then kernel, output, stride, padding and dilation, each as (d, h, w).
 * @example
 * windowArray({ inSize: [4], kernelSize: [2], outSize: [3], stride: [1], padding: [0], dilation: [1] });
 * // Int32Array [1, 1, 4, 1, 1, 2, 1, 1, 3, 1, 1, 1, 0, 0, 0, 1, 1, 1]
 */
export function windowArray(g: WindowGeometry): Int32Array {
  const w = window3(g);
  return Int32Array.of(
    w.id,
    w.ih,
    w.iw,
    w.kd,
    w.kh,
    w.kw,
    w.od,
    w.oh,
    w.ow,
    w.sd,
    w.sh,
    w.sw,
    w.pd,
    w.ph,
    w.pw,
    w.dd,
    w.dh,
    w.dw,
  );
}
