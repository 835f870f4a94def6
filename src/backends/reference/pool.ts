import type { TypedArray, WindowGeometry } from '../types.js';
import { type Window3, window3 } from './window.js';

/** The max of every window of one plane; padding is skipped, so it counts as −∞. */
function maxPoolPlane(
  x: TypedArray,
  xb: number,
  w: Window3,
  out: TypedArray,
  ob: number,
  indices: Int32Array,
): void {
  let o = ob;
  for (let od = 0; od < w.od; od++) {
    for (let oh = 0; oh < w.oh; oh++) {
      for (let ow = 0; ow < w.ow; ow++, o++) {
        let best = Number.NEGATIVE_INFINITY;
        let at = -1;
        for (let kd = 0; kd < w.kd; kd++) {
          const z = od * w.sd - w.pd + kd * w.dd;
          if (z < 0 || z >= w.id) continue;
          for (let kh = 0; kh < w.kh; kh++) {
            const y = oh * w.sh - w.ph + kh * w.dh;
            if (y < 0 || y >= w.ih) continue;
            const line = (z * w.ih + y) * w.iw;
            for (let kw = 0; kw < w.kw; kw++) {
              const xi = ow * w.sw - w.pw + kw * w.dw;
              if (xi < 0 || xi >= w.iw) continue;
              const v = x[xb + line + xi]!;
              // NaN wins, as in PyTorch, so a NaN input is never hidden by pooling.
              if (v > best || v !== v || at < 0) {
                best = v;
                at = line + xi;
              }
            }
          }
        }
        out[o] = best;
        indices[o] = at;
      }
    }
  }
}

/** Max pooling of `planes` planes `[planes, ...inSize]`, with each maximum's position in its plane. */
export function maxPoolForward(
  x: TypedArray,
  planes: number,
  g: WindowGeometry,
  out: TypedArray,
  indices: Int32Array,
): void {
  const w = window3(g);
  for (let p = 0; p < planes; p++) maxPoolPlane(x, p * w.inPlane, w, out, p * w.outPlane, indices);
}

/** dx[p, indices[p, o]] += dy[p, o]: routes each gradient back to the maximum it came from. */
export function maxPoolBackward(
  dy: TypedArray,
  indices: Int32Array,
  planes: number,
  inPlane: number,
  outPlane: number,
  dx: TypedArray,
): void {
  for (let p = 0; p < planes; p++) {
    const xb = p * inPlane;
    const ob = p * outPlane;
    for (let o = 0; o < outPlane; o++) {
      const at = indices[ob + o]!;
      if (at >= 0) dx[xb + at]! += dy[ob + o]!;
    }
  }
}

/**
 * One plane of average pooling (or, with `backward`, of its adjoint). PyTorch's divisor: the
 * window clipped to the padded input (`countIncludePad`) or to the input alone; a window that
 * lies wholly in the ceil-mode overhang gives 0. Dilation is 1 (PyTorch has none for avg pooling).
 */
function avgPoolPlane(
  x: TypedArray,
  xb: number,
  w: Window3,
  countIncludePad: boolean,
  out: TypedArray,
  ob: number,
  backward: boolean,
): void {
  let o = ob;
  for (let od = 0; od < w.od; od++) {
    const z0 = od * w.sd - w.pd;
    const z1 = Math.min(z0 + w.kd, w.id + w.pd);
    const zs = Math.max(z0, 0);
    const ze = Math.min(z1, w.id);
    for (let oh = 0; oh < w.oh; oh++) {
      const y0 = oh * w.sh - w.ph;
      const y1 = Math.min(y0 + w.kh, w.ih + w.ph);
      const ys = Math.max(y0, 0);
      const ye = Math.min(y1, w.ih);
      for (let ow = 0; ow < w.ow; ow++, o++) {
        const x0 = ow * w.sw - w.pw;
        const x1 = Math.min(x0 + w.kw, w.iw + w.pw);
        const xs = Math.max(x0, 0);
        const xe = Math.min(x1, w.iw);
        const inside = (ze - zs) * (ye - ys) * (xe - xs);
        if (zs >= ze || ys >= ye || xs >= xe) {
          if (!backward) out[o] = 0;
          continue;
        }
        const divisor = countIncludePad ? (z1 - z0) * (y1 - y0) * (x1 - x0) : inside;
        if (backward) {
          const share = out[o]! / divisor;
          for (let z = zs; z < ze; z++)
            for (let y = ys; y < ye; y++) {
              const line = xb + (z * w.ih + y) * w.iw;
              for (let xi = xs; xi < xe; xi++) x[line + xi]! += share;
            }
          continue;
        }
        let acc = 0;
        for (let z = zs; z < ze; z++)
          for (let y = ys; y < ye; y++) {
            const line = xb + (z * w.ih + y) * w.iw;
            for (let xi = xs; xi < xe; xi++) acc += x[line + xi]!;
          }
        out[o] = acc / divisor;
      }
    }
  }
}

/** Average pooling of `planes` planes `[planes, ...inSize]` → `[planes, ...outSize]`. */
export function avgPoolForward(
  x: TypedArray,
  planes: number,
  g: WindowGeometry,
  countIncludePad: boolean,
  out: TypedArray,
): void {
  const w = window3(g);
  for (let p = 0; p < planes; p++)
    avgPoolPlane(x, p * w.inPlane, w, countIncludePad, out, p * w.outPlane, false);
}

/** The adjoint of {@link avgPoolForward}: adds dy[o]/divisor into every input of window o. */
export function avgPoolBackward(
  dy: TypedArray,
  planes: number,
  g: WindowGeometry,
  countIncludePad: boolean,
  dx: TypedArray,
): void {
  const w = window3(g);
  for (let p = 0; p < planes; p++)
    avgPoolPlane(dx, p * w.inPlane, w, countIncludePad, dy, p * w.outPlane, true);
}
