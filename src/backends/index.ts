export { availableBackends, getBackend, registerBackend, setBackend } from './registry.js';
export type { Backend, GemmShape, Kernels } from './types.js';

import { getBackend } from './registry.js';

/** How many threads the active backend's kernels use. */
export function getNumThreads(): number {
  return getBackend().numThreads();
}

/** Sets how many threads the active backend's kernels may use (the native backend's pool). */
export function setNumThreads(n: number): void {
  getBackend().setNumThreads(n);
}
