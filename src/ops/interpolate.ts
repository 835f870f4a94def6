import { ShapeError, ValueError } from '../errors.js';
import { allocate, type DType } from '../tensor/dtype.js';
import { formatShape } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { expectFloat, expectTensor } from './core/convert.js';
import { fromData } from './core/run-kernel.js';
import { matmul } from './matmul.js';
import { transpose } from './permute.js';

export type InterpolateMode = 'nearest' | 'bilinear';

export interface InterpolateOptions {
  /** The output's spatial size (give this or scaleFactor). */
  size?: number | readonly number[];
  /** Output size = ⌊input size · scaleFactor⌋ per axis. */
  scaleFactor?: number | readonly number[];
  /** 'nearest' (default; 1-d or 2-d) or 'bilinear' (2-d). */
  mode?: InterpolateMode;
  /** Bilinear only: map the corner pixels' centres onto each other (default false: half-pixel centres). */
  alignCorners?: boolean;
}

/**
 * The [out, in] resampling matrix of one axis, with PyTorch's source coordinates: nearest takes
 * ⌊dst·scale⌋; bilinear blends the two pixels around (dst + ½)·scale − ½ (clamped at 0), or
 * dst·(in − 1)/(out − 1) with alignCorners. `scale` is in/out, or 1/scaleFactor when one was given.
 */
function resampleMatrix(
  inSize: number,
  outSize: number,
  factor: number | undefined,
  o: InterpolateOptions,
  dtype: DType,
) {
  const data = allocate(dtype, outSize * inSize);
  const scale = factor === undefined ? inSize / outSize : 1 / factor;
  for (let dst = 0; dst < outSize; dst++) {
    const row = dst * inSize;
    if (o.mode !== 'bilinear') {
      data[row + Math.min(Math.floor(dst * scale), inSize - 1)] = 1;
      continue;
    }
    const src = o.alignCorners
      ? dst * (outSize > 1 ? (inSize - 1) / (outSize - 1) : 0)
      : Math.max((dst + 0.5) * scale - 0.5, 0);
    const i0 = Math.min(Math.floor(src), inSize - 1);
    const i1 = i0 < inSize - 1 ? i0 + 1 : i0;
    const t = src - i0;
    data[row + i0]! += 1 - t;
    data[row + i1]! += t;
  }
  return fromData(data, [outSize, inSize], dtype);
}

function outputSizes(
  x: Tensor,
  rank: number,
  o: InterpolateOptions,
): { sizes: number[]; factors: (number | undefined)[] } {
  const inSize = x.shape.slice(2);
  if ((o.size === undefined) === (o.scaleFactor === undefined))
    throw new ValueError('interpolate: give exactly one of size and scaleFactor');
  const perAxis = (v: number | readonly number[], arg: string): number[] => {
    const list = typeof v === 'number' ? new Array<number>(rank).fill(v) : [...v];
    if (list.length !== rank || list.some((s) => !(s > 0) || !Number.isFinite(s)))
      throw new ValueError(
        `interpolate: ${arg} must be a positive number or ${rank} of them, got ${JSON.stringify(v)}`,
      );
    return list;
  };
  if (o.size !== undefined) {
    const sizes = perAxis(o.size, 'size');
    if (sizes.some((s) => !Number.isSafeInteger(s)))
      throw new ValueError(`interpolate: size must hold integers, got ${JSON.stringify(o.size)}`);
    return { sizes, factors: sizes.map(() => undefined) };
  }
  const factors = perAxis(o.scaleFactor!, 'scaleFactor');
  const sizes = inSize.map((n, i) => Math.floor(n * factors[i]!));
  if (sizes.some((s) => s < 1))
    throw new ValueError(`interpolate: scaleFactor ${JSON.stringify(o.scaleFactor)} leaves an empty output`);
  return { sizes, factors };
}

/**
 * Resizes the spatial axes of `x` [batch, channels, length] or [batch, channels, height, width],
 * as PyTorch's `F.interpolate`. Both modes are separable linear maps, so the op is a matmul per
 * axis with a resampling matrix, and its gradient (nearest: dy summed into each source) comes free.
 * @example
 * interpolate(tensor([[[[1, 2], [3, 4]]]]), { scaleFactor: 2 }); // each pixel becomes a 2×2 block
 * const x = randn([1, 3, 32, 32]);
 * interpolate(x, { size: [64, 64], mode: 'bilinear' }).shape; // => [1, 3, 64, 64]
 */
export function interpolate(x: Tensor, options: InterpolateOptions): Tensor {
  expectTensor(x, 'interpolate', 'x');
  expectFloat(x, 'interpolate');
  const mode = options.mode ?? 'nearest';
  if (mode !== 'nearest' && mode !== 'bilinear')
    throw new ValueError(`interpolate: mode must be 'nearest' or 'bilinear', got '${String(mode)}'`);
  const ranks = mode === 'bilinear' ? [4] : [3, 4];
  if (!ranks.includes(x.ndim)) {
    throw new ShapeError(
      `interpolate: ${mode} needs x of rank ${ranks.join(' or ')} [batch, channels, ...spatial], got shape ${formatShape(x.shape)}`,
    );
  }
  if (options.alignCorners !== undefined && mode !== 'bilinear')
    throw new ValueError(`interpolate: alignCorners only applies to mode 'bilinear', got mode '${mode}'`);
  const o = { ...options, mode };
  const { sizes, factors } = outputSizes(x, x.ndim - 2, o);
  const axes = x.shape.slice(2);
  const last = axes.length - 1;
  const cols = resampleMatrix(axes[last]!, sizes[last]!, factors[last], o, x.dtype);
  let y = matmul(x, transpose(cols));
  if (last === 1) y = matmul(resampleMatrix(axes[0]!, sizes[0]!, factors[0], o, x.dtype), y);
  return y;
}
