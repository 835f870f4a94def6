import type { TypedArray, WindowGeometry } from '../types.js';
import { type Window3, window3 } from './window.js';

// Convolution is im2col + GEMM: the ops unfold each image into columns with these two kernels and
// multiply by the weights with the backend's matmul, so a fast matmul makes convolution fast.
// One row of the column matrix is one (channel, kd, kh, kw); copying a row walks the output
// positions in order, so both kernels write (or read) `cols` contiguously.

/**
 * Copies (or, with `add`, adds back) one column row: what window offset (kd, kh, kw) of the
 * channel plane starting at `base` sees at every output position.
 */
function unfoldRow(
  x: TypedArray,
  base: number,
  w: Window3,
  kd: number,
  kh: number,
  kw: number,
  cols: TypedArray,
  row: number,
  add: boolean,
): void {
  let o = row;
  for (let od = 0; od < w.od; od++) {
    const z = od * w.sd - w.pd + kd * w.dd;
    if (z < 0 || z >= w.id) {
      if (!add) cols.fill(0, o, o + w.oh * w.ow);
      o += w.oh * w.ow;
      continue;
    }
    for (let oh = 0; oh < w.oh; oh++) {
      const y = oh * w.sh - w.ph + kh * w.dh;
      if (y < 0 || y >= w.ih) {
        if (!add) cols.fill(0, o, o + w.ow);
        o += w.ow;
        continue;
      }
      const lineStart = base + (z * w.ih + y) * w.iw;
      let xi = kw * w.dw - w.pw;
      for (let ow = 0; ow < w.ow; ow++, o++, xi += w.sw) {
        const inside = xi >= 0 && xi < w.iw;
        if (add) {
          if (inside) x[lineStart + xi]! += cols[o]!;
        } else cols[o] = inside ? x[lineStart + xi]! : 0;
      }
    }
  }
}

function forEachRow(
  x: TypedArray,
  channels: number,
  g: WindowGeometry,
  cols: TypedArray,
  add: boolean,
): void {
  const w = window3(g);
  let row = 0;
  for (let c = 0; c < channels; c++) {
    const base = c * w.inPlane;
    for (let kd = 0; kd < w.kd; kd++) {
      for (let kh = 0; kh < w.kh; kh++) {
        for (let kw = 0; kw < w.kw; kw++, row += w.outPlane)
          unfoldRow(x, base, w, kd, kh, kw, cols, row, add);
      }
    }
  }
}

/** Unfolds one image `[channels, ...inSize]` into `cols` `[channels·∏kernelSize, ∏outSize]`. */
export function im2col(x: TypedArray, channels: number, g: WindowGeometry, cols: TypedArray): void {
  forEachRow(x, channels, g, cols, false);
}

/** The adjoint of {@link im2col}: adds every column entry into the image position it was read from. */
export function col2im(cols: TypedArray, channels: number, g: WindowGeometry, x: TypedArray): void {
  forEachRow(x, channels, g, cols, true);
}
