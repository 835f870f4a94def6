/**
 * The reference backend: the core kernels in plain TypeScript over typed arrays, readable and the
 * executable spec that faster backends are tested against. It has no optional kernel of its own:
 * like any new backend, it runs the fused ops through backends/fallback/.
 */
import { cpuMemory } from '../cpu/memory.js';
import { defineBackend } from '../define-backend.js';
import type { Backend, CoreKernels } from '../types.js';
import { col2im, im2col } from './conv.js';
import { assign, binary, copy, unary, where } from './elementwise.js';
import { gather, indexAdd, indexSelect, scatterAdd } from './indexing.js';
import { matmul } from './matmul.js';
import { avgPoolBackward, avgPoolForward, maxPoolBackward, maxPoolForward } from './pool.js';
import { cumsum, reduce } from './reduce.js';

export const referenceKernels: CoreKernels = {
  copy,
  assign,
  unary,
  binary,
  where,
  reduce,
  cumsum,
  matmul,
  indexSelect,
  indexAdd,
  gather,
  scatterAdd,
  im2col,
  col2im,
  maxPoolForward,
  maxPoolBackward,
  avgPoolForward,
  avgPoolBackward,
};

export const referenceBackend: Backend = defineBackend({
  name: 'reference',
  memory: cpuMemory,
  kernels: referenceKernels,
  numThreads: () => 1,
  setNumThreads: () => {},
});
