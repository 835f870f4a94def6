import type { Backend } from '../types.js';
import { loadAddon, type NativeAddon } from './addon.js';
import { loadNativeBackend } from './index.js';

/** What the native backend's tests share: the backend, its addon, and a way to run on each ISA. */
export interface NativeTestSetup {
  backend: Backend;
  addon: NativeAddon;
  /** The sgemm/conv kernels this CPU can run, best first. */
  isas: string[];
  defaultIsa: string;
  defaultThreads: number;
  /** Runs `fn` on one ISA's kernels and thread count, then restores the defaults. */
  using(isa: string, threads: number, fn: () => void): void;
}

/**
 * The native backend's test setup, or undefined when the addon is not built.
 * @example
 * const setup = nativeTestSetup();
 * setup?.using('portable', 2, () => matmul(ones([4, 4]), ones([4, 4])));
 */
export function nativeTestSetup(): NativeTestSetup | undefined {
  const addon = loadAddon().addon;
  const backend = loadNativeBackend().backend;
  if (backend === undefined || addon === undefined) return undefined;
  const defaultIsa = addon.isa();
  const defaultThreads = backend.numThreads();
  const isas = ['avx512', 'avx2', 'portable'].filter((isa) => addon.setIsa(isa));
  addon.setIsa(defaultIsa);
  const using = (isa: string, threads: number, fn: () => void): void => {
    addon.setIsa(isa);
    backend.setNumThreads(threads);
    try {
      fn();
    } finally {
      addon.setIsa(defaultIsa);
      backend.setNumThreads(defaultThreads);
    }
  };
  return { backend, addon, isas, defaultIsa, defaultThreads, using };
}
