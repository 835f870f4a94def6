import type { NativeAddon } from '../native/signatures.js';
import type { WasmArgument, WasmModule } from './module.js';

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
>;

/**
 * The array arguments each kernel writes (positions in its native/signatures.ts entry), which are
 * copied back out of the module after the call (NOTE(wasm-memory) in module.ts); every array is
 * copied in, since some outputs are added to (col2im, the optimizer state, accumulating matmul).
 */
const WRITTEN: Record<Kernel, readonly number[]> = {
  matmul: [2],
  gemmPackedSize: [],
  gemmPackB: [4],
  matmulPacked: [2],
  unary: [2],
  binary: [7],
  binaryChannel: [8],
  im2col: [3],
  col2im: [3],
  maxPoolForward: [3, 4],
  maxPoolBackward: [5],
  convForward: [8],
  convInputGrad: [7],
  convWeightGrad: [7],
  sgdUpdate: [0, 2],
  adamUpdate: [0, 2, 3, 4],
  reduceSum: [4],
  lstmCellForward: [4, 5],
  lstmCellBackward: [5, 6],
  softmaxCrossEntropy: [5, 6],
  softmaxCrossEntropyBackward: [7],
};

/**
 * The WebAssembly module behind the native addon's interface, so the wasm backend runs the native
 * backend's kernel table (`addonBackend`) unchanged: each kernel is the same C++ entry, called
 * through the module's staging area. One thread; memory blocks are the CPU allocator's own.
 * @example
 * const module = loadWasmModule().module;
 * if (module) {
 *   const out = new Float32Array(64);
 *   stagedAddon(module).unary(2, new Float32Array(64).fill(3), out); // square: out is all 9
 * }
 */
export function stagedAddon(module: WasmModule): NativeAddon {
  const kernels = Object.fromEntries(
    (Object.keys(WRITTEN) as Kernel[]).map((name) => [
      name,
      (...args: WasmArgument[]) => module.call(name, args, WRITTEN[name]),
    ]),
  ) as unknown as Pick<NativeAddon, Kernel>;
  // Packed panels are made by the module's own sgemm: named apart from the addon's kernels, so
  // a matrix packed by one backend is never read with the other's layout.
  const isa = `wasm-${module.call('isa', [], []) as string}`;
  return {
    ...kernels,
    signatures: () => ({ ...module.signatures }),
    isa: () => isa,
    setIsa: (name: string) => name === isa,
    numThreads: () => 1,
    setNumThreads: () => {},
    allocateBlock: (bytes: number) => new ArrayBuffer(bytes),
    cachedBlockBytes: () => 0,
    releaseBlocks: () => 0,
  };
}
