/**
 * Every function the native addon exports, declared once: the argument kinds of its C++ entry
 * (see native/binding.h, where each C++ parameter type maps to a kind), from which the addon's
 * TypeScript type is derived. The addon reports its own list (`signatures()`); the loader refuses
 * an addon whose list differs (a stale build), and a test checks the two agree.
 *
 * Adding a native kernel: the C++ kernel with its `NABLA_EXPORT` entry, one line here, its use
 * in this folder's kernel table, and its test.
 */
export const nativeSignatures = {
  // C = op(A)·op(B) (+ bias) per batch: a, b, out, batch, m, n, k, transA, transB, strideA, strideB,
  // accumulate, bias | null
  matmul: 'f32,f32,f32,size,size,size,size,bool,bool,size,size,bool,f32?->void',
  // floats gemmPackB writes for a k × n op(B): k, n
  gemmPackedSize: 'size,size->int',
  // b, k, n, transB, out
  gemmPackB: 'f32,size,size,bool,f32->void',
  // a, packed, out, m, n, k, accumulate
  matmulPacked: 'f32,f32,f32,size,size,size,bool->void',
  isa: '->string',
  setIsa: 'string->bool',
  numThreads: '->int',
  setNumThreads: 'size->void',
  // code, x, out
  unary: 'size,f32,f32->void',
  // code, a, aOffset, aPeriod, b, bOffset, bPeriod, out
  binary: 'size,f32,size,size,f32,size,size,f32->void',
  // code (eq, ne, lt, le, gt, ge), a, aOffset, aPeriod, b, bOffset, bPeriod, out: 0/1 bytes
  compare: 'size,f32,size,size,f32,size,size,u8->void',
  // code, a, aOffset, v, vOffset, channels, len, vecFirst, out: out[i] = op(a[i], v[(i / len) % channels])
  binaryChannel: 'size,f32,size,f32,size,size,size,bool,f32->void',
  // cond, cOffset, cPeriod, a, aOffset, aPeriod, b, bOffset, bPeriod, out: out[i] = cond[i % cPeriod] ? a[…] : b[…]
  where: 'u8,size,size,f32,size,size,f32,size,size,f32->void',
  // src, srcOffset, srcStrides, dst, dstOffset, dstStrides, shape: dst[view] = src[view]
  stridedCopy: 'f32,size,i32,f32,size,i32,i32->void',
  // x, channels, geometry (windowArray), cols
  im2col: 'f32,size,i32,f32->void',
  // cols, channels, geometry, x
  col2im: 'f32,size,i32,f32->void',
  // x, planes, geometry, out, indices
  maxPoolForward: 'f32,size,i32,f32,i32->void',
  // dy, indices, planes, inPlane, outPlane, dx
  maxPoolBackward: 'f32,i32,size,size,size,f32->void',
  // x, w, bias | null, batch, cIn, cOut, groups, geometry, y
  convForward: 'f32,f32,f32?,size,size,size,size,i32,f32->void',
  // x, w, batch, cIn, cOut, groups, geometry, scale, shift, residual | null, lo, hi, y:
  // clamp(conv·scale[c] + shift[c] (+ residual), lo, hi)
  convForwardAffine: 'f32,f32,size,size,size,size,i32,f32,f32,f32?,number,number,f32->void',
  // dy, w, batch, cIn, cOut, groups, geometry, dx
  convInputGrad: 'f32,f32,size,size,size,size,i32,f32->void',
  // x, dy, batch, cIn, cOut, groups, geometry, dw
  convWeightGrad: 'f32,f32,size,size,size,size,i32,f32->void',
  // param, grad, velocity | null, lr, momentum, weightDecay, gradScale, nesterovScale, nesterov, startAtGradient
  sgdUpdate: 'f32,f32,f32?,number,number,number,number,number,bool,bool->void',
  // param, grad, m, v, vMax | null, beta1, beta2, eps, stepSize, sqrtCorrection2, shrink, l2
  adamUpdate: 'f32,f32,f32,f32,f32?,number,number,number,number,number,number,number->void',
  // x, outer, size, inner, out
  reduceSum: 'f32,size,size,size,f32->void',
  // out, outer, size, inner, index, src: out[o, index[j], :] += src[o, j, :]
  indexAdd: 'f32,size,size,size,i32,f32->void',
  // gates, c, batch, hidden, out, saved
  lstmCellForward: 'f32,f32,size,size,f32,f32->void',
  // dOut, c, saved, batch, hidden, dGates, dC
  lstmCellBackward: 'f32,f32,f32,size,size,f32,f32->void',
  // x, rows, size, weight | null, bias | null, eps, out, mean, rstd
  layerNorm: 'f32,size,size,f32?,f32?,number,f32,f32,f32->void',
  // x, dy, mean, rstd, weight | null, rows, size, dx, dWeight | null, dBias | null
  layerNormBackward: 'f32,f32,f32,f32,f32?,size,size,f32,f32?,f32?->void',
  // x, batch, channels, plane, mean, variance
  batchNormStats: 'f32,size,size,size,f32,f32->void',
  // x, batch, channels, plane, scale, shift, residual | null, lo, hi, out
  channelAffine: 'f32,size,size,size,f32,f32,f32?,number,number,f32->void',
  // x, dy, mean, rstd, weight | null, y | null, lo, hi, batch, channels, plane, dx, gated | null,
  // dWeight | null, dBias | null
  batchNormBackward: 'f32,f32,f32,f32,f32?,f32?,number,number,size,size,size,f32,f32?,f32?,f32?->void',
  // x, min, max, out: out = min(max(x, min), max)
  clamp: 'f32,number,number,f32->void',
  // x, rows, size, out: softmax of each contiguous row
  softmax: 'f32,size,size,f32->void',
  // y, dy, rows, size, dx
  softmaxBackward: 'f32,f32,size,size,f32->void',
  // x, batch, queries, keys, scale, out: causal attention weights
  causalSoftmax: 'f32,size,size,size,number,f32->void',
  // y, dy, batch, queries, keys, scale, dx
  causalSoftmaxBackward: 'f32,f32,size,size,size,number,f32->void',
  // logits, targets, rows, classes, ignoreIndex, losses, lse
  softmaxCrossEntropy: 'f32,i32,size,size,int,f32,f32->void',
  // logits, targets, lse, dLosses, rows, classes, ignoreIndex, dLogits
  softmaxCrossEntropyBackward: 'f32,i32,f32,f32,size,size,int,f32->void',
  // word2vec over sentences [first, last) (native/word2vec.cc): ids, starts, first, last, keep and
  // noise (Float64Arrays as Int32Arrays), codes, points, offsets, syn0, syn1neg, syn1, rng state,
  // dim, window, negative, hs, cbow, cbowMean, trackLoss, alpha, minAlpha, done, total, threads -> loss
  word2vecTrain:
    'i32,i32,size,size,i32,i32,u8,i32,i32,f32,f32,f32,i32,size,size,size,bool,bool,bool,bool,number,number,number,number,size->number',
  // an ArrayBuffer of `bytes` (zeroed or not) on a block the addon recycles when V8 collects it
  allocateBlock: 'size,bool->buffer',
  // bytes of collected blocks kept for reuse
  cachedBlockBytes: '->int',
  // frees the kept blocks: the bytes freed
  releaseBlocks: '->int',
  // V8's external-memory count, whose growth starts collections (NOTE(gc-pressure), memory.cc)
  externalMemoryCount: '->int',
  // counter: counter[0] += 1 after every garbage collection from now on (NOTE(young-bytes), memory.cc);
  // the caller keeps the array alive for good
  countCollections: 'i32->void',
} as const;

/** The JavaScript value of each kind (native/binding.h has the C++ side). */
interface KindTypes {
  f32: Float32Array;
  'f32?': Float32Array | null;
  i32: Int32Array;
  u8: Uint8Array;
  size: number;
  int: number;
  number: number;
  bool: boolean;
  string: string;
  buffer: ArrayBuffer;
  // biome-ignore lint/suspicious/noConfusingVoidType: it is the return type of entries that return nothing
  void: void;
}
type Kind = keyof KindTypes;

type Args<S extends string> = S extends `${infer Head extends Kind},${infer Tail}`
  ? [KindTypes[Head], ...Args<Tail>]
  : S extends Kind
    ? [KindTypes[S]]
    : [];
type Fn<S extends string> = S extends `${infer A}->${infer R extends Kind}`
  ? (...args: Args<A>) => KindTypes[R]
  : never;

/** The addon's functions, typed from {@link nativeSignatures}. */
export type NativeAddon = { [K in keyof typeof nativeSignatures]: Fn<(typeof nativeSignatures)[K]> } & {
  /** The addon's own list of signatures, as {@link nativeSignatures} writes them. */
  signatures(): Record<string, string>;
};

/**
 * The names whose signatures differ between the addon and {@link nativeSignatures} (missing on
 * either side included): empty when they agree.
 * @example
 * signatureMismatches({ ...nativeSignatures }); // => []
 */
export function signatureMismatches(reported: Record<string, string>): string[] {
  const declared: Record<string, string> = nativeSignatures;
  const names = new Set([...Object.keys(declared), ...Object.keys(reported)]);
  return [...names].filter((name) => declared[name] !== reported[name]).sort();
}
