import type { WindowGeometry } from '../types.js';

/**
 * A {@link WindowGeometry} of 1–3 spatial axes widened to exactly three (leading axes of size 1),
 * so every convolution and pooling kernel is written once as a 3-d loop nest.
 */
export interface Window3 {
  /** Input sizes (depth, height, width) and the input plane's element count. */
  id: number;
  ih: number;
  iw: number;
  inPlane: number;
  kd: number;
  kh: number;
  kw: number;
  od: number;
  oh: number;
  ow: number;
  outPlane: number;
  sd: number;
  sh: number;
  sw: number;
  pd: number;
  ph: number;
  pw: number;
  dd: number;
  dh: number;
  dw: number;
}

/** Widens `g` to three spatial axes. */
export function window3(g: WindowGeometry): Window3 {
  const lead = 3 - g.inSize.length;
  const at = (xs: readonly number[], axis: number, fill: number): number =>
    axis < lead ? fill : xs[axis - lead]!;
  const w: Window3 = {
    id: at(g.inSize, 0, 1),
    ih: at(g.inSize, 1, 1),
    iw: at(g.inSize, 2, 1),
    inPlane: 0,
    kd: at(g.kernelSize, 0, 1),
    kh: at(g.kernelSize, 1, 1),
    kw: at(g.kernelSize, 2, 1),
    od: at(g.outSize, 0, 1),
    oh: at(g.outSize, 1, 1),
    ow: at(g.outSize, 2, 1),
    outPlane: 0,
    sd: at(g.stride, 0, 1),
    sh: at(g.stride, 1, 1),
    sw: at(g.stride, 2, 1),
    pd: at(g.padding, 0, 0),
    ph: at(g.padding, 1, 0),
    pw: at(g.padding, 2, 0),
    dd: at(g.dilation, 0, 1),
    dh: at(g.dilation, 1, 1),
    dw: at(g.dilation, 2, 1),
  };
  w.inPlane = w.id * w.ih * w.iw;
  w.outPlane = w.od * w.oh * w.ow;
  return w;
}
