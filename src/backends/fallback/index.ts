/**
 * What a backend gets for the optional kernels it does not implement (see
 * {@link OptionalKernels}): compositions of its own core kernels where the kernel is one
 * (convolution, packed products), plain loops over host typed arrays otherwise. These are also
 * the spec the native kernels are tested against.
 */
import type { CoreKernels, OptionalKernels } from '../types.js';
import { batchNormBackward, batchNormStats, channelAffine } from './batch-norm.js';
import { clamp } from './clamp.js';
import { convForwardAffineOf } from './conv-affine.js';
import { convolutionKernels } from './conv-batch.js';
import { softmaxCrossEntropy, softmaxCrossEntropyBackward } from './cross-entropy.js';
import { layerNorm, layerNormBackward } from './layer-norm.js';
import { lstmCellBackward, lstmCellForward } from './lstm.js';
import { adamUpdate, sgdUpdate } from './optim.js';
import { packedMatmulKernels } from './packed-matmul.js';
import { causalSoftmax, causalSoftmaxBackward, softmax, softmaxBackward } from './softmax.js';

/**
 * Every optional kernel, built on `core`.
 * @example
 * const optional = fallbackKernels(referenceKernels);
 */
export function fallbackKernels(core: CoreKernels): OptionalKernels {
  const convolution = convolutionKernels(core);
  return {
    ...packedMatmulKernels(core),
    ...convolution,
    convForwardAffine: convForwardAffineOf(convolution.convForward),
    lstmCellForward,
    lstmCellBackward,
    softmaxCrossEntropy,
    softmaxCrossEntropyBackward,
    softmax,
    softmaxBackward,
    causalSoftmax,
    causalSoftmaxBackward,
    clamp,
    layerNorm,
    layerNormBackward,
    batchNormStats,
    channelAffine,
    batchNormBackward,
    sgdUpdate,
    adamUpdate,
  };
}
