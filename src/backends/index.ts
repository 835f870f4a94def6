export { CpuMemory } from './cpu/memory.js';
export { type BackendSpec, defineBackend } from './define-backend.js';
export { referenceKernels } from './reference/index.js';
export { availableBackends, getBackend, registerBackend, setBackend } from './registry.js';
export type { Backend, CoreKernels, GemmShape, Kernels, Memory, OptionalKernels } from './types.js';

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
 * Makes glibc keep the memory nabla frees for reuse instead of returning it to the system, for
 * the whole process: fresh typed arrays then skip a page fault per 4 KB on first write (up to 2×
 * on small products; see NOTE(malloc) in native/memory.cc), at the price of keeping the peak
 * memory, as PyTorch's caching allocator does. Opt-in because it changes malloc for everything in
 * the process; `NABLA_MALLOC_TUNING=1` does the same when the native backend loads. Returns
 * whether it was applied (only with the native backend on glibc).
 * @example
 * tuneMalloc(); // true on Linux with the native backend
 */
export function tuneMalloc(): boolean {
  return loadNativeBackend().keepFreedMemory();
}
