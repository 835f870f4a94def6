import type { NativeAddon } from '../native/signatures.js';
import type { WasmArgument, WasmModule } from './module.js';
import type { WasmThreads } from './threads.js';

type Kernel = Exclude<
  keyof NativeAddon,
  | 'signatures'
  | 'isa'
  | 'setIsa'
  | 'numThreads'
  | 'setNumThreads'
  | 'allocateBlock'
  | 'cachedBlockBytes'
  | 'releaseBlocks'
  | 'externalMemoryCount'
  | 'countCollections'
>;

/**
 * The array arguments each kernel writes (positions in its native/signatures.ts entry): copied
 * back out of the module after the call (NOTE(wasm-memory) in module.ts). Those it writes whole
 * without reading (`overwritten`) are not copied in; the rest are, since some outputs are added
 * to (col2im, max-pool's gradient, the optimizer state, matmul with accumulate).
 */
const WRITTEN: Record<
  Kernel,
  { readonly written: readonly number[]; readonly overwritten?: readonly number[] }
> = {
  matmul: { written: [2] },
  gemmPackedSize: { written: [] },
  gemmPackB: { written: [4] },
  matmulPacked: { written: [2] },
  unary: { written: [2], overwritten: [2] },
  binary: { written: [7], overwritten: [7] },
  binaryChannel: { written: [8], overwritten: [8] },
  compare: { written: [7], overwritten: [7] },
  where: { written: [9], overwritten: [9] },
  // dst is written through its strides: the elements between them are copied in and kept.
  stridedCopy: { written: [3] },
  im2col: { written: [3], overwritten: [3] },
  col2im: { written: [3] },
  maxPoolForward: { written: [3, 4], overwritten: [3, 4] },
  maxPoolBackward: { written: [5] },
  convForward: { written: [8], overwritten: [8] },
  convForwardAffine: { written: [12], overwritten: [12] },
  convInputGrad: { written: [7], overwritten: [7] },
  convWeightGrad: { written: [7], overwritten: [7] },
  sgdUpdate: { written: [0, 2] },
  adamUpdate: { written: [0, 2, 3, 4] },
  reduceSum: { written: [4], overwritten: [4] },
  indexAdd: { written: [0] },
  lstmCellForward: { written: [4, 5], overwritten: [4, 5] },
  lstmCellBackward: { written: [5, 6], overwritten: [5, 6] },
  layerNorm: { written: [6, 7, 8] },
  batchNormStats: { written: [4, 5] },
  channelAffine: { written: [9], overwritten: [9] },
  batchNormBackward: { written: [11, 12, 13, 14], overwritten: [11] },
  layerNormBackward: { written: [7, 8, 9] },
  clamp: { written: [3], overwritten: [3] },
  softmax: { written: [3], overwritten: [3] },
  softmaxBackward: { written: [4], overwritten: [4] },
  causalSoftmax: { written: [5], overwritten: [5] },
  causalSoftmaxBackward: { written: [6], overwritten: [6] },
  softmaxCrossEntropy: { written: [5, 6], overwritten: [5, 6] },
  softmaxCrossEntropyBackward: { written: [7], overwritten: [7] },
  word2vecTrain: { written: [9, 10, 11, 12] },
};

/** The kernels the wasm backend calls in the module (with `isa`): a module must export them all. */
export const STAGED_FUNCTIONS: readonly string[] = [...Object.keys(WRITTEN), 'isa'];

/**
 * The WebAssembly module behind the native addon's interface, so the wasm backend runs the native
 * backend's kernel table (`addonBackend`) unchanged: each kernel is the same C++ entry, called
 * through the module's staging area, on the threads of `threads`; memory blocks are the CPU
 * allocator's own.
 * @example
 * import { loadWasmModule } from './load.js';
 * import { wasmThreads } from './threads.js';
 * const module = loadWasmModule().module;
 * if (module) {
 *   const out = new Float32Array(64);
 *   stagedAddon(module, wasmThreads(module)).unary(2, new Float32Array(64).fill(3), out); // square: out is all 9
 * }
 */
export function stagedAddon(module: WasmModule, threads: WasmThreads): NativeAddon {
  const kernels = Object.fromEntries(
    (Object.keys(WRITTEN) as Kernel[]).map((name) => {
      const { written, overwritten } = WRITTEN[name];
      return [name, (...args: WasmArgument[]) => module.call(name, args, written, overwritten)];
    }),
  ) as unknown as Pick<NativeAddon, Kernel>;
  // Packed panels are made by the module's own sgemm: named apart from the addon's kernels, so
  // a matrix packed by one backend is never read with the other's layout.
  const isa = `wasm-${module.call('isa', [], []) as string}`;
  return {
    ...kernels,
    signatures: () => ({ ...module.signatures }),
    isa: () => isa,
    setIsa: (name: string) => name === isa,
    numThreads: () => threads.size(),
    setNumThreads: (n: number) => threads.resize(n),
    allocateBlock: (bytes: number) => new ArrayBuffer(bytes),
    cachedBlockBytes: () => 0,
    releaseBlocks: () => 0,
    externalMemoryCount: () => 0,
    countCollections: () => undefined,
  };
}
