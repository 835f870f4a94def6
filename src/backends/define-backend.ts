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
 * const mine = defineBackend({ ...referenceBackend, name: 'mine', kernels: referenceKernels });
 * registerBackend(mine);
 */
export function defineBackend(spec: BackendSpec): Backend {
  return { ...spec, kernels: { ...fallbackKernels(spec.kernels), ...spec.kernels } };
}
