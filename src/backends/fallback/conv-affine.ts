import type { OptionalKernels } from '../types.js';
import { channelAffine } from './batch-norm.js';

/**
 * convForwardAffine as the kernels it fuses: `convForward` (without bias), channelAffine, the
 * residual's add and clamp, in place on y (see {@link OptionalKernels.convForwardAffine}).
 * @example
 * import { convolutionKernels } from './conv-batch.js';
 * const { convForward } = convolutionKernels(referenceKernels);
 * const window = { inSize: [3], kernelSize: [2], outSize: [2], stride: [1], padding: [0], dilation: [1] };
 * const y = new Float64Array(2);
 * const s = { batch: 1, inChannels: 1, outChannels: 1, groups: 1, window };
 * convForwardAffineOf(convForward)(Float64Array.of(1, 2, 3), Float64Array.of(1, 1), s, Float64Array.of(2), Float64Array.of(-7), undefined, 0, 6, y);
 * y; // => [0, 3]
 */
export function convForwardAffineOf(
  convForward: OptionalKernels['convForward'],
): OptionalKernels['convForwardAffine'] {
  return (x, w, s, scale, shift, residual, lo, hi, y) => {
    convForward(x, w, undefined, s, y);
    const plane = s.window.outSize.reduce((a, b) => a * b, 1);
    channelAffine(y, s.batch, s.outChannels, plane, scale, shift, residual, lo, hi, y);
  };
}
