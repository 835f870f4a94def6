export { availableBackends, getBackend, registerBackend, setBackend } from './registry.js';
export type { Backend, GemmShape, Kernels } from './types.js';

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

/** How many threads the active backend's kernels use. */
export function getNumThreads(): number {
  return getBackend().numThreads();
}

/** Sets how many threads the active backend's kernels may use (the native backend's pool). */
export function setNumThreads(n: number): void {
  getBackend().setNumThreads(n);
}
