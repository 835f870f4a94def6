/**
 * The native backend: C++ kernels in an N-API addon (native/ at the package root), working in
 * place on the typed arrays. It overrides the kernels it does faster and inherits the reference
 * ones for everything else, on the same memory.
 */
import { cpuMemory } from '../cpu/memory.js';
import { defineBackend } from '../define-backend.js';
import { fallbackKernels } from '../fallback/index.js';
import { referenceKernels } from '../reference/index.js';
import type {
  Backend,
  BinaryOp,
  CoreKernels,
  GemmShape,
  ReduceOp,
  TypedArray,
  UnaryOp,
  View,
  WindowGeometry,
} from '../types.js';
import { loadAddon, type NativeAddon } from './addon.js';
import { convKernels } from './conv-kernels.js';
import { copyKernels, denseStrides } from './copy-kernels.js';
import { crossEntropyKernels } from './cross-entropy-kernels.js';
import { isF32 } from './float32.js';
import { lstmKernels } from './lstm-kernels.js';
import { normKernels } from './norm-kernels.js';
import { optimKernels } from './optim-kernels.js';
import { packedMatmulKernels } from './packed-matmul-kernels.js';
import { softmaxKernels } from './softmax-kernels.js';
import { windowArray } from './window-array.js';

// The op codes of native/elementwise.h, in its order.
const UNARY_CODES: Partial<Record<UnaryOp, number>> = {
  neg: 0,
  abs: 1,
  square: 2,
  sqrt: 3,
  rsqrt: 4,
  reciprocal: 5,
  relu: 6,
  step: 7,
  exp: 8,
  log: 9,
  tanh: 10,
  sigmoid: 11,
  erf: 12,
  gelu: 13,
};
const BINARY_CODES: Partial<Record<BinaryOp, number>> = {
  add: 0,
  sub: 1,
  mul: 2,
  div: 3,
  maximum: 4,
  minimum: 5,
  reluBackward: 6,
  geluBackward: 7,
};

// The comparisons the addon writes as 0/1 bytes (native/elementwise.cc, compareEntry).
const COMPARE_CODES: Partial<Record<BinaryOp, number>> = { eq: 0, ne: 1, lt: 2, le: 3, gt: 4, ge: 5 };

// Below this many elements the JavaScript loop beats the ~0.3 µs of an addon call.
const MIN_NATIVE_ELEMENTS = 64;

/**
 * The period p such that the view reads element i of `shape` (row-major) at offset + i % p: the
 * whole size for a dense view, the row length for a row repeated over the leading axes (a
 * bias), 1 for a broadcast scalar. Undefined for any other layout.
 */
function periodOf(v: View, shape: readonly number[]): number | undefined {
  let period = 1;
  let d = shape.length - 1;
  for (; d >= 0; d--) {
    if (shape[d] === 1) continue;
    if (v.strides[d] !== period) break;
    period *= shape[d]!;
  }
  for (; d >= 0; d--) if (shape[d] !== 1 && v.strides[d] !== 0) return undefined;
  return period;
}

/**
 * How a view repeats one contiguous vector held by a run of consecutive axes of `shape` (dense
 * row-major among themselves, stride 0 on every other axis of size > 1): element i reads
 * offset + (i / len) % channels, with channels the run's size and len the product of the axes
 * after it. Covers [1, C, 1, 1] against NCHW and [N, C, 1, 1] (a pooled gradient) alike.
 * Undefined for any other layout.
 */
function channelOf(v: View, shape: readonly number[]): { channels: number; len: number } | undefined {
  let last = -1;
  for (let d = shape.length - 1; d >= 0; d--) {
    if (shape[d] !== 1 && v.strides[d] !== 0) {
      last = d;
      break;
    }
  }
  if (last < 0) return undefined;
  let channels = 1;
  let d = last;
  for (; d >= 0; d--) {
    if (shape[d] === 1) continue;
    if (v.strides[d] !== channels) break;
    channels *= shape[d]!;
  }
  for (; d >= 0; d--) if (shape[d] !== 1 && v.strides[d] !== 0) return undefined;
  let len = 1;
  for (let e = last + 1; e < shape.length; e++) len *= shape[e]!;
  return { channels, len };
}

/**
 * The backend whose kernels call `addon`: the native addon, or the WebAssembly module behind the
 * same functions (src/backends/wasm/), which shares this table.
 * @example
 * import { loadAddon } from './addon.js';
 * const { addon } = loadAddon();
 * if (addon) addonBackend(addon, 'native-again').kernels.unary('neg', Float32Array.of(1), new Float32Array(1));
 */
export function addonBackend(addon: NativeAddon, name = 'native'): Backend {
  function matmul(a: TypedArray, b: TypedArray, out: TypedArray, g: GemmShape): void {
    if (
      a instanceof Float32Array &&
      b instanceof Float32Array &&
      out instanceof Float32Array &&
      (g.bias === undefined || g.bias instanceof Float32Array)
    ) {
      addon.matmul(
        a,
        b,
        out,
        g.batch,
        g.m,
        g.n,
        g.k,
        g.transA,
        g.transB,
        g.strideA,
        g.strideB,
        g.accumulate === true,
        g.bias ?? null,
      );
    } else {
      referenceKernels.matmul(a, b, out, g);
    }
  }

  function unary(op: UnaryOp, x: TypedArray, out: TypedArray): void {
    const code = UNARY_CODES[op];
    if (
      code !== undefined &&
      x instanceof Float32Array &&
      out instanceof Float32Array &&
      out.length >= MIN_NATIVE_ELEMENTS
    ) {
      addon.unary(code, x, out);
    } else {
      referenceKernels.unary(op, x, out);
    }
  }

  const copies = copyKernels(addon, referenceKernels);

  function binary(op: BinaryOp, a: View, b: View, shape: readonly number[], out: TypedArray): void {
    const n = out.length;
    const code = BINARY_CODES[op];
    const compareCode = COMPARE_CODES[op];
    if (n >= MIN_NATIVE_ELEMENTS && a.data instanceof Float32Array && b.data instanceof Float32Array) {
      const aPeriod = periodOf(a, shape);
      const bPeriod = periodOf(b, shape);
      const periodic = aPeriod !== undefined && bPeriod !== undefined && (aPeriod === n || bPeriod === n);
      if (compareCode !== undefined && out instanceof Uint8Array && periodic) {
        addon.compare(compareCode, a.data, a.offset, aPeriod, b.data, b.offset, bPeriod, out);
        return;
      }
      if (code !== undefined && out instanceof Float32Array) {
        if (periodic) {
          addon.binary(code, a.data, a.offset, aPeriod, b.data, b.offset, bPeriod, out);
          return;
        }
        // A dense tensor against a vector along a run of axes (NCHW against [1, C, 1, 1] or [N, C, 1, 1]).
        const bChannel = aPeriod === n ? channelOf(b, shape) : undefined;
        const aChannel = bPeriod === n ? channelOf(a, shape) : undefined;
        if (bChannel) {
          addon.binaryChannel(
            code,
            a.data,
            a.offset,
            b.data,
            b.offset,
            bChannel.channels,
            bChannel.len,
            false,
            out,
          );
          return;
        }
        if (aChannel) {
          addon.binaryChannel(
            code,
            b.data,
            b.offset,
            a.data,
            a.offset,
            aChannel.channels,
            aChannel.len,
            true,
            out,
          );
          return;
        }
      }
      // An operand that is neither dense nor a repeated block (a transpose, a permuted view) is
      // copied dense by the strided copy kernel, then the native op runs: the reference loop over
      // its strides took 5.6–6.5× as long as both (bench/NOTES.md, session 12).
      if (
        (code !== undefined || compareCode !== undefined) &&
        (aPeriod === undefined || bPeriod === undefined)
      ) {
        const scratch: Float32Array[] = [];
        const dense = (v: View, period: number | undefined): View => {
          if (period !== undefined) return v;
          const data = cpuMemory.takeScratch('float32', n) as Float32Array;
          scratch.push(data);
          copies.copy(v, shape, data);
          return { data, offset: 0, strides: denseStrides(shape) };
        };
        try {
          binary(op, dense(a, aPeriod), dense(b, bPeriod), shape, out);
        } finally {
          for (const data of scratch) cpuMemory.giveScratch(data);
        }
        return;
      }
    }
    referenceKernels.binary(op, a, b, shape, out);
  }

  function reduce(
    op: ReduceOp,
    x: TypedArray,
    outer: number,
    size: number,
    inner: number,
    out: TypedArray,
  ): void {
    if (
      op === 'sum' &&
      x instanceof Float32Array &&
      out instanceof Float32Array &&
      x.length >= MIN_NATIVE_ELEMENTS
    ) {
      addon.reduceSum(x, outer, size, inner, out);
    } else {
      referenceKernels.reduce(op, x, outer, size, inner, out);
    }
  }

  function where(cond: View, a: View, b: View, shape: readonly number[], out: TypedArray): void {
    if (
      out.length >= MIN_NATIVE_ELEMENTS &&
      cond.data instanceof Uint8Array &&
      a.data instanceof Float32Array &&
      b.data instanceof Float32Array &&
      out instanceof Float32Array
    ) {
      const cPeriod = periodOf(cond, shape);
      const aPeriod = periodOf(a, shape);
      const bPeriod = periodOf(b, shape);
      if (cPeriod !== undefined && aPeriod !== undefined && bPeriod !== undefined) {
        addon.where(
          cond.data,
          cond.offset,
          cPeriod,
          a.data,
          a.offset,
          aPeriod,
          b.data,
          b.offset,
          bPeriod,
          out,
        );
        return;
      }
    }
    referenceKernels.where(cond, a, b, shape, out);
  }

  const indexAdd: CoreKernels['indexAdd'] = (out, outer, size, inner, index, src) => {
    // An embedding's backward: 2,048 rows of 128 took 0.49 ms in the JavaScript loop, 0.03 here.
    if (out instanceof Float32Array && src instanceof Float32Array && src.length >= MIN_NATIVE_ELEMENTS) {
      addon.indexAdd(out, outer, size, inner, index, src);
    } else {
      referenceKernels.indexAdd(out, outer, size, inner, index, src);
    }
  };

  // The core kernels it does not speed up are the reference ones, on the same CPU memory.
  const core: CoreKernels = {
    ...referenceKernels,
    matmul,
    unary,
    binary,
    where,
    reduce,
    indexAdd,
    ...copies,
    ...windowKernels(addon),
  };
  // For the dtypes the addon does not take (float64), the fused kernels' fallbacks on these.
  const fallback = fallbackKernels(core);
  return defineBackend({
    name,
    memory: cpuMemory,
    kernels: {
      ...core,
      ...convKernels(addon, fallback),
      ...optimKernels(addon, fallback),
      ...lstmKernels(addon, fallback),
      ...crossEntropyKernels(addon, fallback),
      ...softmaxKernels(addon, fallback),
      ...normKernels(addon, fallback),
      ...packedMatmulKernels(addon, fallback),
      clamp(x, min, max, out): void {
        if (isF32(x) && isF32(out) && out.length >= MIN_NATIVE_ELEMENTS) addon.clamp(x, min, max, out);
        else fallback.clamp(x, min, max, out);
      },
    },
    numThreads: () => addon.numThreads(),
    setNumThreads: (n) => addon.setNumThreads(n),
  });
}

/** im2col/col2im and max pooling: native for float32, the reference kernels otherwise. */
function windowKernels(
  addon: NativeAddon,
): Pick<CoreKernels, 'im2col' | 'col2im' | 'maxPoolForward' | 'maxPoolBackward'> {
  return {
    im2col(x: TypedArray, channels: number, g: WindowGeometry, cols: TypedArray): void {
      if (isF32(x) && isF32(cols)) addon.im2col(x, channels, windowArray(g), cols);
      else referenceKernels.im2col(x, channels, g, cols);
    },
    col2im(cols: TypedArray, channels: number, g: WindowGeometry, x: TypedArray): void {
      if (isF32(x) && isF32(cols)) addon.col2im(cols, channels, windowArray(g), x);
      else referenceKernels.col2im(cols, channels, g, x);
    },
    maxPoolForward(x, planes, g, out, indices): void {
      if (isF32(x) && isF32(out)) addon.maxPoolForward(x, planes, windowArray(g), out, indices);
      else referenceKernels.maxPoolForward(x, planes, g, out, indices);
    },
    maxPoolBackward(dy, indices, planes, inPlane, outPlane, dx): void {
      if (isF32(dy) && isF32(dx)) addon.maxPoolBackward(dy, indices, planes, inPlane, outPlane, dx);
      else referenceKernels.maxPoolBackward(dy, indices, planes, inPlane, outPlane, dx);
    },
  };
}

/** What loading the native backend gave: the backend, or why it is unavailable. */
export interface NativeLoad {
  readonly backend: Backend | undefined;
  /** Why the native backend is unavailable, or undefined when it loaded. */
  readonly reason: string | undefined;
  /** The sgemm instruction set the addon picked ('avx512' | 'avx2' | 'portable'). */
  readonly isa: string | undefined;
  /** Frees the blocks kept for reuse (see NOTE(blocks) in native/memory.cc): the bytes freed. */
  readonly releaseBlocks: () => number;
}

let loaded: NativeLoad | undefined;
// The garbage collections the addon has counted (NOTE(young-bytes) in native/memory.cc).
let collections: Int32Array | undefined;

/**
 * The native backend, loaded on first call (never at import, so `import 'nabla'` loads no addon):
 * undefined in `backend` when the addon is not built or cannot load here.
 */
export function loadNativeBackend(): NativeLoad {
  if (!loaded) {
    const { addon, reason } = loadAddon();
    if (addon) {
      // On a block, so that the addon may write it from a collection's callback; kept for good.
      collections = new Int32Array(addon.allocateBlock(128, true), 0, 1);
      addon.countCollections(collections);
      cpuMemory.useBlocks((bytes, zero) => addon.allocateBlock(bytes, zero), collections);
    }
    loaded = {
      backend: addon && addonBackend(addon),
      reason,
      isa: addon?.isa(),
      releaseBlocks: () => addon?.releaseBlocks() ?? 0,
    };
  }
  return loaded;
}
