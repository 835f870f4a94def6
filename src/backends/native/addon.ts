import { notice } from '../../platform/env.js';
import { isNode, requireNativeAddon } from '../../platform/node.js';

/** The functions `native/addon.cc` exports. */
export interface NativeAddon {
  matmul(
    a: Float32Array,
    b: Float32Array,
    out: Float32Array,
    batch: number,
    m: number,
    n: number,
    k: number,
    transA: boolean,
    transB: boolean,
    strideA: number,
    strideB: number,
    accumulate: boolean,
  ): void;
  /** Codes: see UNARY_CODES in index.ts. */
  unary(code: number, x: Float32Array, out: Float32Array): void;
  /** out[i] = op(a[aOffset + i % aPeriod], b[bOffset + i % bPeriod]); one period is out.length. */
  binary(
    code: number,
    a: Float32Array,
    aOffset: number,
    aPeriod: number,
    b: Float32Array,
    bOffset: number,
    bPeriod: number,
    out: Float32Array,
  ): void;
  /** `geometry` is a Window3 (src/backends/reference/window.ts) as 18 integers, see windowArray. */
  im2col(x: Float32Array, channels: number, geometry: Int32Array, cols: Float32Array): void;
  col2im(cols: Float32Array, channels: number, geometry: Int32Array, x: Float32Array): void;
  /** See native/conv.h; `bias` null for none. */
  convForward(
    x: Float32Array,
    w: Float32Array,
    bias: Float32Array | null,
    batch: number,
    inChannels: number,
    outChannels: number,
    groups: number,
    geometry: Int32Array,
    y: Float32Array,
  ): void;
  convInputGrad(
    dy: Float32Array,
    w: Float32Array,
    batch: number,
    inChannels: number,
    outChannels: number,
    groups: number,
    geometry: Int32Array,
    dx: Float32Array,
  ): void;
  convWeightGrad(
    x: Float32Array,
    dy: Float32Array,
    batch: number,
    inChannels: number,
    outChannels: number,
    groups: number,
    geometry: Int32Array,
    dw: Float32Array,
  ): void;
  maxPoolForward(
    x: Float32Array,
    planes: number,
    geometry: Int32Array,
    out: Float32Array,
    indices: Int32Array,
  ): void;
  maxPoolBackward(
    dy: Float32Array,
    indices: Int32Array,
    planes: number,
    inPlane: number,
    outPlane: number,
    dx: Float32Array,
  ): void;
  /** See SgdStep in native/optim.h; hyperparameters are passed as the kernel computes them. */
  sgdUpdate(
    param: Float32Array,
    grad: Float32Array,
    velocity: Float32Array | null,
    lr: number,
    momentum: number,
    weightDecay: number,
    gradScale: number,
    nesterovScale: number,
    nesterov: boolean,
    startAtGradient: boolean,
  ): void;
  /** See AdamStep in native/optim.h. */
  adamUpdate(
    param: Float32Array,
    grad: Float32Array,
    m: Float32Array,
    v: Float32Array,
    vMax: Float32Array | null,
    beta1: number,
    beta2: number,
    eps: number,
    stepSize: number,
    sqrtCorrection2: number,
    shrink: number,
    l2: number,
  ): void;
  /** out[o, i] = Σ_s x[o, s, i] over a contiguous `[outer, size, inner]` x, accumulated in double. */
  reduceSum(x: Float32Array, outer: number, size: number, inner: number, out: Float32Array): void;
  /** See lstmCellForward in src/backends/types.ts (float32 only). */
  lstmCellForward(
    gates: Float32Array,
    c: Float32Array,
    batch: number,
    hidden: number,
    out: Float32Array,
    saved: Float32Array,
  ): void;
  /** See lstmCellBackward in src/backends/types.ts (float32 only). */
  lstmCellBackward(
    dOut: Float32Array,
    c: Float32Array,
    saved: Float32Array,
    batch: number,
    hidden: number,
    dGates: Float32Array,
    dC: Float32Array,
  ): void;
  /** See softmaxCrossEntropy in src/backends/types.ts (float32 only). */
  softmaxCrossEntropy(
    logits: Float32Array,
    targets: Int32Array,
    rows: number,
    classes: number,
    ignoreIndex: number,
    losses: Float32Array,
    lse: Float32Array,
  ): void;
  /** See softmaxCrossEntropyBackward in src/backends/types.ts (float32 only). */
  softmaxCrossEntropyBackward(
    logits: Float32Array,
    targets: Int32Array,
    lse: Float32Array,
    dLosses: Float32Array,
    rows: number,
    classes: number,
    ignoreIndex: number,
    dLogits: Float32Array,
  ): void;
  numThreads(): number;
  setNumThreads(n: number): void;
  /** The sgemm kernel picked at load time: 'avx512' | 'avx2' | 'portable'. */
  isa(): string;
  /** Floats gemmPackB writes for a k × n op(B) with the active kernel. */
  gemmPackedSize(k: number, n: number): number;
  /** Packs op(B) (b is [k, n], or [n, k] with transB) into out for matmulPacked. */
  gemmPackB(b: Float32Array, k: number, n: number, transB: boolean, out: Float32Array): void;
  /** out (+)= a · op(B), a row-major [m, k], op(B) packed by gemmPackB with the same kernel. */
  matmulPacked(
    a: Float32Array,
    packed: Float32Array,
    out: Float32Array,
    m: number,
    n: number,
    k: number,
    accumulate: boolean,
  ): void;
  /** Switches sgemm to the named kernel if the CPU supports it (so tests cover every path). */
  setIsa(name: string): boolean;
}

export interface LoadResult {
  readonly addon: NativeAddon | undefined;
  /** Why the addon is unavailable (undefined when it loaded). */
  readonly reason: string | undefined;
}

/**
 * Loads the addon built by `npm install` (scripts/build-native.mjs). When it is missing or fails
 * to load, says so once: nabla then runs on the next backend. Outside Node there is no addon.
 */
export function loadAddon(): LoadResult {
  if (!isNode()) return { addon: undefined, reason: 'native addons need Node.js' };
  try {
    return {
      addon: requireNativeAddon('nabla_native.node', 'the native backend') as NativeAddon,
      reason: undefined,
    };
  } catch (error) {
    const reason = error instanceof Error ? firstLine(error.message) : String(error);
    notice(`nabla: native backend not loaded (${reason}); using the reference backend`);
    return { addon: undefined, reason };
  }
}

function firstLine(message: string): string {
  return message.split('\n', 1)[0] ?? message;
}
