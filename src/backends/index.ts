export { CpuMemory } from './cpu/memory.js';
export { type BackendSpec, defineBackend } from './define-backend.js';
export { referenceKernels } from './reference/index.js';
export { availableBackends, getBackend, registerBackend, setBackend } from './registry.js';
export type { Backend, CoreKernels, GemmShape, Kernels, Memory, OptionalKernels } from './types.js';
export { initWasm } from './wasm/index.js';
export { type Word2vecArrays, type Word2vecKernel, type Word2vecPass, word2vecKernel } from './word2vec.js';

import { cpuMemory } from './cpu/memory.js';
import { loadNativeBackend } from './native/index.js';
import { getBackend } from './registry.js';

/**
 * Whether the native backend loaded here, with the sgemm instruction set it picked, or why not.
 * @example
 * nativeStatus(); // { loaded: true, isa: 'avx2' } on an AVX2 machine where the addon built
 */
export function nativeStatus(): { loaded: boolean; isa?: string; reason?: string } {
  const { backend, isa, reason } = loadNativeBackend();
  return backend ? { loaded: true, isa: isa! } : { loaded: false, reason: reason! };
}

/**
 * How many threads the active backend's kernels use.
 * @example
 * setBackend('reference');
 * getNumThreads(); // => 1
 */
export function getNumThreads(): number {
  return getBackend().numThreads();
}

/**
 * Sets how many threads the active backend's kernels may use (the native backend's pool).
 * @example
 * setNumThreads(1); // one core, as the tests and benchmarks on a shared machine run
 */
export function setNumThreads(n: number): void {
  getBackend().setNumThreads(n);
}

/**
 * Frees the memory nabla keeps for reuse: the CPU arrays released to its pool and the native
 * backend's recycled blocks (see NOTE(blocks) in native/memory.cc). A training loop reuses that
 * memory every step, so call it when a long-lived process has finished with a model. Returns the
 * bytes freed.
 * @example
 * releaseCachedMemory(); // the bytes it freed
 * releaseCachedMemory(); // => 0
 */
export function releaseCachedMemory(): number {
  return cpuMemory.pool.clear() + loadNativeBackend().releaseBlocks();
}
