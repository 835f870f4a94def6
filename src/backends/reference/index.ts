import { cpuMemory } from '../cpu/memory.js';
/**
 * The reference backend: every kernel in plain TypeScript over typed arrays. It is complete,
 * readable and the executable spec that faster backends are tested against.
 */
import type { Backend, Kernels } from '../types.js';
import { col2im, im2col } from './conv.js';
import { convForward, convInputGrad, convWeightGrad } from './conv-batch.js';
import { softmaxCrossEntropy, softmaxCrossEntropyBackward } from './cross-entropy.js';
import { assign, binary, copy, unary, where } from './elementwise.js';
import { gather, indexAdd, indexSelect, scatterAdd } from './indexing.js';
import { lstmCellBackward, lstmCellForward } from './lstm.js';
import { matmul, matmulPacked, packMatmulB } from './matmul.js';
import { adamUpdate, sgdUpdate } from './optim.js';
import { avgPoolBackward, avgPoolForward, maxPoolBackward, maxPoolForward } from './pool.js';
import { cumsum, reduce } from './reduce.js';

export const referenceKernels: Kernels = {
  copy,
  assign,
  unary,
  binary,
  where,
  reduce,
  cumsum,
  matmul,
  packMatmulB,
  matmulPacked,
  indexSelect,
  indexAdd,
  gather,
  scatterAdd,
  im2col,
  col2im,
  convForward,
  convInputGrad,
  convWeightGrad,
  maxPoolForward,
  maxPoolBackward,
  avgPoolForward,
  avgPoolBackward,
  sgdUpdate,
  adamUpdate,
  lstmCellForward,
  lstmCellBackward,
  softmaxCrossEntropy,
  softmaxCrossEntropyBackward,
};

export const referenceBackend: Backend = {
  name: 'reference',
  memory: cpuMemory,
  kernels: referenceKernels,
  numThreads: () => 1,
  setNumThreads: () => {},
};
