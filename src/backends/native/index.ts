/**
 * The native backend: C++ kernels in an N-API addon (native/ at the package root), working in
 * place on the typed arrays. It overrides the kernels it does faster and inherits the reference
 * ones for everything else, on the same memory.
 */
import { referenceKernels } from '../reference/index.js';
import type { Backend, GemmShape, Kernels, TypedArray } from '../types.js';
import { loadAddon, type NativeAddon } from './addon.js';

const loaded = loadAddon();

/** Why the native backend is unavailable, or undefined when it loaded. */
export const nativeUnavailableReason: string | undefined = loaded.reason;

function makeBackend(addon: NativeAddon): Backend {
  function matmul(a: TypedArray, b: TypedArray, out: TypedArray, g: GemmShape): void {
    if (a instanceof Float32Array && b instanceof Float32Array && out instanceof Float32Array) {
      addon.matmul(a, b, out, g.batch, g.m, g.n, g.k, g.transA, g.transB, g.strideA, g.strideB);
    } else {
      referenceKernels.matmul(a, b, out, g);
    }
  }
  const kernels: Kernels = { ...referenceKernels, matmul };
  return {
    name: 'native',
    kernels,
    numThreads: () => addon.numThreads(),
    setNumThreads: (n) => addon.setNumThreads(n),
  };
}

/** The native backend, or undefined when its addon is not built or cannot load here. */
export const nativeBackend: Backend | undefined = loaded.addon ? makeBackend(loaded.addon) : undefined;

/** The sgemm instruction set the addon picked ('avx512' | 'avx2' | 'portable'), for benchmarks. */
export const nativeIsa: string | undefined = loaded.addon?.isa();
