import { fallbackKernels } from './fallback/index.js';
import type { Backend, CoreKernels, OptionalKernels } from './types.js';

/** What a backend provides: its allocator, the core kernels, and any optional kernels it has. */
export interface BackendSpec extends Omit<Backend, 'kernels'> {
  readonly kernels: CoreKernels & Partial<OptionalKernels>;
}

/**
 * A backend from its spec, its missing optional kernels filled from `backends/fallback/`: the one
 * place where a fused kernel's absence is decided, so a new backend can start with the core
 * kernels and pass the whole conformance suite.
 * @example
 * import { referenceBackend } from './reference/index.js';
 * // The core kernels only: convolution, the LSTM cell and the rest come from the fallback.
 * const mine = defineBackend({ ...referenceBackend, name: 'mine', kernels: referenceKernels });
 * registerBackend(mine);
 * setBackend('mine');
 * conv1d(tensor([[[1, 2, 3]]]), tensor([[[1, 1]]])); // => [[[3, 5]]]
 */
export function defineBackend(spec: BackendSpec): Backend {
  return { ...spec, kernels: { ...fallbackKernels(spec.kernels), ...spec.kernels } };
}
