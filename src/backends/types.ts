/**
 * The kernel interface every backend implements. Kernels work on typed arrays in place: the
 * caller allocates `out`. Kernels never validate arguments (ops do that, once) and never import
 * ops or autograd. A backend that lacks a kernel inherits the reference one on the same memory.
 */

export type DType = 'float32' | 'float64' | 'int32' | 'bool';
export type TypedArray = Float32Array | Float64Array | Int32Array | Uint8Array;

/** A strided read-only window on a typed array; a stride of 0 broadcasts along that axis. */
export interface View {
  readonly data: TypedArray;
  readonly offset: number;
  readonly strides: readonly number[];
}

export type UnaryOp =
  | 'neg'
  | 'abs'
  | 'sign'
  | 'exp'
  | 'log'
  | 'log1p'
  | 'expm1'
  | 'sqrt'
  | 'rsqrt'
  | 'square'
  | 'reciprocal'
  | 'sin'
  | 'cos'
  | 'tanh'
  | 'sigmoid'
  | 'relu'
  | 'floor'
  | 'ceil'
  | 'round'
  | 'erf'
  /** x·Φ(x), Φ the standard normal distribution function (exact GELU). */
  | 'gelu'
  | 'step';

export type BinaryOp =
  | 'add'
  | 'sub'
  | 'mul'
  | 'div'
  | 'pow'
  | 'maximum'
  | 'minimum'
  | 'eq'
  | 'ne'
  | 'lt'
  | 'le'
  | 'gt'
  | 'ge'
  /** relu's gradient: a·step(b) = a where b > 0, 0 where b ≤ 0, NaN where b is NaN. */
  | 'reluBackward'
  /** GELU's gradient: a·(Φ(b) + b·φ(b)), φ the standard normal density. */
  | 'geluBackward';

export type ReduceOp = 'sum' | 'prod' | 'max' | 'min' | 'argmax' | 'argmin';

/**
 * A batch of row-major matrix products `C[b] = op(A[b]) · op(B[b])`, with `op` an optional
 * transpose. `A[b]` starts at `b * strideA` (0 broadcasts one matrix over the batch), likewise B;
 * C is contiguous `[batch, m, n]`. Unpadded: `A` is `[m, k]` (or `[k, m]` when `transA`), `B` is
 * `[k, n]` (or `[n, k]` when `transB`). With `accumulate`, `C[b] += op(A[b]) · op(B[b])` (BLAS's
 * β = 1): a recurrent step adds its hidden-state product onto the precomputed input projection
 * without a temporary and a second pass.
 */
/** The clamp after a batch norm, for {@link Kernels.batchNormBackward}'s gate. */
export interface BatchNormGate {
  /** The clamp's output, clamp(batch norm + residual, lo, hi). */
  readonly y: TypedArray;
  readonly lo: number;
  readonly hi: number;
  /** Receives the gated dy (overwritten), or null. */
  readonly gated: TypedArray | null;
}

export interface GemmShape {
  readonly batch: number;
  readonly m: number;
  readonly n: number;
  readonly k: number;
  readonly transA: boolean;
  readonly transB: boolean;
  readonly strideA: number;
  readonly strideB: number;
  /** Add the product into `out` instead of overwriting it (default false). */
  readonly accumulate?: boolean;
  /**
   * A row of `n` values added to every row of every product: `C[b] = op(A[b]) · op(B[b]) + bias`
   * (with `accumulate`, added to `out` too). A linear layer's bias costs no pass of its own.
   */
  readonly bias?: TypedArray;
}

/**
 * The right operand op(B) (`k × n`) of many products, prepared once by
 * {@link Kernels.packMatmulB}: what a backend keeps is its own business (the native one, the
 * panels its sgemm would otherwise pack on every call). `source` is B itself, unchanged.
 */
export interface PackedMatrix {
  readonly k: number;
  readonly n: number;
  readonly transB: boolean;
  readonly source: TypedArray;
  /** The backend's prepared form, valid for `layout` only (a kernel name, say). */
  readonly data: TypedArray;
  readonly layout: string;
}

/** Hyperparameters of {@link Kernels.sgdUpdate} (see `src/optim/sgd.ts` for the two conventions). */
export interface SgdUpdateOptions {
  readonly lr: number;
  readonly momentum: number;
  readonly dampening: number;
  readonly nesterov: boolean;
  readonly weightDecay: number;
  /** v = βv + (1−β)g (the course's moving average) instead of PyTorch's v = βv + (1−dampening)g. */
  readonly ema: boolean;
  /** The first step of this parameter: PyTorch's convention then starts the velocity at g. */
  readonly first: boolean;
}

/** Hyperparameters of {@link Kernels.adamUpdate}; `step` counts from 1 (for bias correction). */
export interface AdamUpdateOptions {
  readonly lr: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  readonly weightDecay: number;
  /** AdamW: shrink the weights by lr·weightDecay instead of adding weightDecay·p to the gradient. */
  readonly decoupled: boolean;
  readonly step: number;
}

/**
 * Where a sliding window (convolution or pooling) reads, over 1–3 spatial axes of a contiguous
 * `[planes, ...inSize]` array. Output position o reads input o·stride − padding + k·dilation for
 * window offsets k < kernelSize; positions outside `[0, inSize)` are padding. Sizes are explicit
 * because the padding after each axis (asymmetric 'same' padding, ceil mode) follows from them.
 */
export interface WindowGeometry {
  readonly inSize: readonly number[];
  readonly kernelSize: readonly number[];
  readonly outSize: readonly number[];
  readonly stride: readonly number[];
  /** Padding before each axis. */
  readonly padding: readonly number[];
  readonly dilation: readonly number[];
}

/**
 * The channel layout of a whole-batch convolution: x `[batch, inChannels, ...window.inSize]`,
 * w `[outChannels, inChannels/groups, ...window.kernelSize]`, y `[batch, outChannels, ...window.outSize]`.
 */
export interface ConvShape {
  readonly batch: number;
  readonly inChannels: number;
  readonly outChannels: number;
  readonly groups: number;
  readonly window: WindowGeometry;
}

/**
 * The core kernel contract: what every backend implements, and all the reference backend has.
 * With these alone a backend runs every op (the optional kernels fall back to compositions).
 */
export interface CoreKernels {
  /** out[i] = src at the i-th row-major index of `shape` (a strided gather; may convert dtype). */
  copy(src: View, shape: readonly number[], out: TypedArray): void;
  /** dst (read and written through its strides) = src, elementwise over `shape`; may convert dtype. */
  assign(dst: View, src: View, shape: readonly number[]): void;
  /** out[i] = op(x[i]); x and out have the same length and dtype (bool-valued ops aside). */
  unary(op: UnaryOp, x: TypedArray, out: TypedArray): void;
  /** out[i] = op(a[i], b[i]) over `shape`, reading a and b through their (broadcast) strides. */
  binary(op: BinaryOp, a: View, b: View, shape: readonly number[], out: TypedArray): void;
  /** out[i] = cond[i] ? a[i] : b[i] over `shape`, all read through strides. */
  where(cond: View, a: View, b: View, shape: readonly number[], out: TypedArray): void;
  /**
   * Reduces the middle axis of a contiguous `[outer, size, inner]` array into `[outer, inner]`.
   * argmax/argmin write int32 indices (first occurrence wins; NaN counts as the extreme).
   */
  reduce(op: ReduceOp, x: TypedArray, outer: number, size: number, inner: number, out: TypedArray): void;
  /** Running sum along the middle axis of a contiguous `[outer, size, inner]` array. */
  cumsum(x: TypedArray, outer: number, size: number, inner: number, out: TypedArray): void;
  /** Batched matrix product, see {@link GemmShape}. `out` is overwritten (added to with `accumulate`). */
  matmul(a: TypedArray, b: TypedArray, out: TypedArray, g: GemmShape): void;
  /** out[o, j, i] = x[o, index[j], i] for contiguous x `[outer, size, inner]`, out `[outer, index.length, inner]`. */
  indexSelect(
    x: TypedArray,
    outer: number,
    size: number,
    inner: number,
    index: Int32Array,
    out: TypedArray,
  ): void;
  /** out[o, index[j], i] += src[o, j, i]: the adjoint of indexSelect (repeated indices add up). */
  indexAdd(
    out: TypedArray,
    outer: number,
    size: number,
    inner: number,
    index: Int32Array,
    src: TypedArray,
  ): void;
  /**
   * out[p] = x[p with p[axis] replaced by index[p]] for contiguous x of `xShape` and index/out of
   * `indexShape` (same rank, every other dimension ≤ x's).
   */
  gather(
    x: TypedArray,
    xShape: readonly number[],
    index: Int32Array,
    indexShape: readonly number[],
    axis: number,
    out: TypedArray,
  ): void;
  /** The adjoint of gather: out[p with p[axis] = index[p]] += src[p]; `out` has `outShape`. */
  scatterAdd(
    out: TypedArray,
    outShape: readonly number[],
    index: Int32Array,
    indexShape: readonly number[],
    axis: number,
    src: TypedArray,
  ): void;
  /**
   * Unfolds one image `[channels, ...inSize]` into columns `[channels·∏kernelSize, ∏outSize]`:
   * row (c, k) holds what window offset k of channel c sees at every output position (0 in padding).
   */
  im2col(x: TypedArray, channels: number, g: WindowGeometry, cols: TypedArray): void;
  /** The adjoint of im2col: adds every column entry back into the image `x` it was read from. */
  col2im(cols: TypedArray, channels: number, g: WindowGeometry, x: TypedArray): void;
  /**
   * Max over each window of `planes` contiguous planes `[planes, ...inSize]` → `[planes, ...outSize]`;
   * `indices` gets each maximum's flat position in its input plane (padding counts as −∞, NaN wins).
   */
  maxPoolForward(
    x: TypedArray,
    planes: number,
    g: WindowGeometry,
    out: TypedArray,
    indices: Int32Array,
  ): void;
  /** dx[p, indices[p, o]] += dy[p, o] for planes of `inPlane` (dx) and `outPlane` (dy, indices) elements. */
  maxPoolBackward(
    dy: TypedArray,
    indices: Int32Array,
    planes: number,
    inPlane: number,
    outPlane: number,
    dx: TypedArray,
  ): void;
  /**
   * Mean over each window (PyTorch's divisor: the window clipped to the padded input when
   * `countIncludePad`, else to the input alone).
   */
  avgPoolForward(
    x: TypedArray,
    planes: number,
    g: WindowGeometry,
    countIncludePad: boolean,
    out: TypedArray,
  ): void;
  /** The adjoint of avgPoolForward: adds each dy[o]/divisor into its window of dx. */
  avgPoolBackward(
    dy: TypedArray,
    planes: number,
    g: WindowGeometry,
    countIncludePad: boolean,
    dx: TypedArray,
  ): void;
}

/**
 * Fused or specialised kernels a backend may add for speed. Where a backend lacks one,
 * {@link defineBackend} (the one place this is decided) fills it from `backends/fallback/`: a
 * composition of the backend's core kernels (convolution from im2col and matmul, packed products
 * from matmul), or plain loops over the host arrays that a CPU backend's storage is.
 */
export interface OptionalKernels {
  /**
   * Prepares op(B) (`b` is `[k, n]`, or `[n, k]` with `transB`) for many products
   * {@link Kernels.matmulPacked} with it, such as an RNN's steps against one weight. B must not
   * change while the result is in use.
   */
  packMatmulB(b: TypedArray, k: number, n: number, transB: boolean): PackedMatrix;
  /** out (+= with `accumulate`) = a · op(B) for a row-major `a [m, k]` and a prepared op(B). */
  matmulPacked(a: TypedArray, packed: PackedMatrix, out: TypedArray, m: number, accumulate: boolean): void;
  /**
   * The whole batch's convolution y = w ⋆ x (cross-correlation, as in PyTorch), plus `bias[c]` on
   * every output of channel c when a bias is given; `y` is overwritten.
   */
  convForward(x: TypedArray, w: TypedArray, bias: TypedArray | undefined, s: ConvShape, y: TypedArray): void;
  /**
   * convForward without bias, then per output channel c `y = clamp(y·scale[c] + shift[c] +
   * residual, lo, hi)` (as channelAffine, an add when `residual` is given, then clamp): an eval-mode
   * batch norm, a residual block's shortcut and a ReLU or ReLU6 applied while the convolution's
   * outputs are in cache. `residual` has y's layout; `lo ≤ hi`, neither NaN (±Infinity for none).
   */
  convForwardAffine(
    x: TypedArray,
    w: TypedArray,
    s: ConvShape,
    scale: TypedArray,
    shift: TypedArray,
    residual: TypedArray | undefined,
    lo: number,
    hi: number,
    y: TypedArray,
  ): void;
  /** The adjoint of convForward in x: `dx` (overwritten) from `dy` and `w`. */
  convInputGrad(dy: TypedArray, w: TypedArray, s: ConvShape, dx: TypedArray): void;
  /** The adjoint of convForward in w, summed over the batch: `dw` (overwritten) from `x` and `dy`. */
  convWeightGrad(x: TypedArray, dy: TypedArray, s: ConvShape, dw: TypedArray): void;
  /**
   * The LSTM cell's pointwise half, one pass over a contiguous `gates [batch, 4·hidden]` (blocks
   * i, f, g, o) and `c [batch, hidden]`: out `[batch, 2·hidden]` gets h' | c' per row, with
   * c' = σ(f)⊙c + σ(i)⊙tanh(g), h' = σ(o)⊙tanh(c'); saved `[batch, 5·hidden]` gets σ(i), σ(f),
   * tanh(g), σ(o), tanh(c') per row for the backward.
   */
  lstmCellForward(
    gates: TypedArray,
    c: TypedArray,
    batch: number,
    hidden: number,
    out: TypedArray,
    saved: TypedArray,
  ): void;
  /**
   * The adjoint of lstmCellForward: from `dOut [batch, 2·hidden]` (dh' | dc'), `c` and `saved`,
   * writes `dGates [batch, 4·hidden]` and `dC [batch, hidden]`.
   */
  lstmCellBackward(
    dOut: TypedArray,
    c: TypedArray,
    saved: TypedArray,
    batch: number,
    hidden: number,
    dGates: TypedArray,
    dC: TypedArray,
  ): void;
  /**
   * Softmax cross-entropy per row of contiguous `logits [rows, classes]` against int32 class
   * `targets [rows]`: `losses[i] = logsumexp(logits[i]) − logits[i, targets[i]]`, computed with
   * the row's maximum subtracted first; `lse [rows]` gets each logsumexp for the backward. A row
   * whose target is `ignoreIndex` gets loss 0. Targets are in range (the op checks them).
   */
  softmaxCrossEntropy(
    logits: TypedArray,
    targets: Int32Array,
    rows: number,
    classes: number,
    ignoreIndex: number,
    losses: TypedArray,
    lse: TypedArray,
  ): void;
  /**
   * The adjoint of softmaxCrossEntropy: `dLogits[i, c] = dLosses[i]·(softmax(logits[i])[c] −
   * [c = targets[i]])`, with the softmax from the saved `lse`; rows with target `ignoreIndex` get 0.
   */
  softmaxCrossEntropyBackward(
    logits: TypedArray,
    targets: Int32Array,
    lse: TypedArray,
    dLosses: TypedArray,
    rows: number,
    classes: number,
    ignoreIndex: number,
    dLogits: TypedArray,
  ): void;
  /**
   * Softmax along the middle axis of contiguous `x` read as `[outer, size, inner]`:
   * `out = e^(x − m) / Σ e^(x − m)`, m the maximum along the axis; as in PyTorch a slice whose
   * maximum is infinite, or that holds a NaN, is all NaN.
   */
  softmax(x: TypedArray, outer: number, size: number, inner: number, out: TypedArray): void;
  /**
   * The attention weights of a causal decoder in one pass: for each of `batch` contiguous
   * `[queries, keys]` matrices, row i is the softmax of `scale · x` over its keys 0..i (every key
   * when i ≥ keys), with the maximum subtracted first, and 0 at the keys after i. A row whose
   * visible maximum is infinite, or that holds a NaN there, is NaN over its visible keys, as
   * {@link Kernels.softmax}. `scale` is finite.
   */
  causalSoftmax(
    x: TypedArray,
    batch: number,
    queries: number,
    keys: number,
    scale: number,
    out: TypedArray,
  ): void;
  /**
   * `out = min(max(x, min), max)` elementwise, with the maximum and minimum binary ops' rules
   * (NaN stays NaN, max(−0, 0) = 0, min(−0, 0) = −0) and the bounds rounded to x's type first: the
   * clamp op in one pass instead of two. The bounds are not NaN and min ≤ max.
   */
  clamp(x: TypedArray, min: number, max: number, out: TypedArray): void;
  /**
   * Layer normalization of each contiguous row of `x [rows, size]`: `out = (x − μ)·σ⁻¹·w + b`
   * with the row's mean μ and biased variance (σ² = var + eps), weight/bias `[size]` or null
   * (1 and 0). Writes μ and σ⁻¹ per row into `mean` and `rstd` for the backward.
   */
  layerNorm(
    x: TypedArray,
    rows: number,
    size: number,
    weight: TypedArray | null,
    bias: TypedArray | null,
    eps: number,
    out: TypedArray,
    mean: TypedArray,
    rstd: TypedArray,
  ): void;
  /**
   * The adjoint of {@link Kernels.layerNorm}: with x̂ = (x − μ)σ⁻¹ and g = dy·w,
   * `dx = σ⁻¹·(g − mean(g) − x̂·mean(g·x̂))` per row; `dWeight = Σ_rows dy·x̂` and
   * `dBias = Σ_rows dy` where given (overwritten, not accumulated).
   */
  layerNormBackward(
    x: TypedArray,
    dy: TypedArray,
    mean: TypedArray,
    rstd: TypedArray,
    weight: TypedArray | null,
    rows: number,
    size: number,
    dx: TypedArray,
    dWeight: TypedArray | null,
    dBias: TypedArray | null,
  ): void;
  /**
   * Per-channel mean and biased variance of contiguous `x [batch, channels, plane]` over the
   * batch and plane axes, into `mean` and `variance` (`[channels]`): batch norm's statistics.
   */
  batchNormStats(
    x: TypedArray,
    batch: number,
    channels: number,
    plane: number,
    mean: TypedArray,
    variance: TypedArray,
  ): void;
  /**
   * `out = clamp(x·scale[c] + shift[c] + residual, lo, hi)` for each channel c of contiguous
   * `x [batch, channels, plane]` (the add only when `residual`, of x's layout, is given; `lo ≤ hi`,
   * neither NaN, ±Infinity for none), rounding after the product, the sum and the add.
   */
  channelAffine(
    x: TypedArray,
    batch: number,
    channels: number,
    plane: number,
    scale: TypedArray,
    shift: TypedArray,
    residual: TypedArray | undefined,
    lo: number,
    hi: number,
    out: TypedArray,
  ): void;
  /**
   * The adjoint of training-mode batch norm: with x̂ = (x − μ_c)σ_c⁻¹ and g = dy·w_c,
   * `dx = σ_c⁻¹·(g − mean_c(g) − x̂·mean_c(g·x̂))`, means over the batch and plane;
   * `dWeight = Σ dy·x̂` and `dBias = Σ dy` per channel where given (overwritten). With a `gate`
   * (the batch norm fed clamp(· + residual, lo, hi), whose output is `gate.y`), dy is first zeroed
   * where the clamp stopped the gradient, as relu's and hardTanh's backward do: it passes where
   * y > lo (unless lo is −∞) and y < hi (unless hi is +∞); `gate.gated`, when given, receives that
   * gated dy (the residual's gradient).
   */
  batchNormBackward(
    x: TypedArray,
    dy: TypedArray,
    mean: TypedArray,
    rstd: TypedArray,
    weight: TypedArray | null,
    gate: BatchNormGate | null,
    batch: number,
    channels: number,
    plane: number,
    dx: TypedArray,
    dWeight: TypedArray | null,
    dBias: TypedArray | null,
  ): void;
  /** The adjoint of {@link Kernels.softmax} from its output `y`: `dx = y·(dy − Σ dy·y)` along the axis. */
  softmaxBackward(
    y: TypedArray,
    dy: TypedArray,
    outer: number,
    size: number,
    inner: number,
    dx: TypedArray,
  ): void;
  /**
   * The adjoint of {@link Kernels.causalSoftmax} from its output `y`: `dx = scale · y·(dy − Σ dy·y)`
   * over each row's keys 0..i, and 0 at the keys after i.
   */
  causalSoftmaxBackward(
    y: TypedArray,
    dy: TypedArray,
    batch: number,
    queries: number,
    keys: number,
    scale: number,
    dx: TypedArray,
  ): void;
  /**
   * One SGD step in place, in one pass: param (and velocity, when momentum > 0) are updated from
   * grad, which is only read. All arrays have the same length.
   */
  sgdUpdate(param: TypedArray, grad: TypedArray, velocity: TypedArray | null, o: SgdUpdateOptions): void;
  /**
   * One Adam/AdamW step in place, in one pass: param, m, v (and vMax for AMSGrad) are updated from
   * grad, which is only read. All arrays have the same length.
   */
  adamUpdate(
    param: TypedArray,
    grad: TypedArray,
    m: TypedArray,
    v: TypedArray,
    vMax: TypedArray | null,
    o: AdamUpdateOptions,
  ): void;
}

/** A complete kernel table: the core contract and every optional kernel. */
export type Kernels = CoreKernels & OptionalKernels;

/**
 * Where a backend's tensors live. A tensor's storage is a handle this allocator made; for the CPU
 * backends it is a typed array (zero copy for the native kernels). Reuse is the allocator's own
 * business: the autograd engine only reports which arrays it allocated are dead.
 */
export interface Memory {
  /**
   * Where the storage lives ('cpu' for the reference and native backends, which share it): a
   * tensor's `device`. Backends with one device run each other's tensors without a copy.
   */
  readonly device: string;
  /** A zero-filled storage of `size` elements of `dtype`. */
  allocate(dtype: DType, size: number): TypedArray;
  /** A storage whose contents are unspecified: only for outputs a kernel overwrites completely. */
  allocateUninitialized(dtype: DType, size: number): TypedArray;
  /**
   * A temporary buffer for a kernel's own use (its contents unspecified), to be given back with
   * {@link Memory.giveScratch} once nothing refers to it.
   */
  takeScratch(dtype: DType, size: number): TypedArray;
  giveScratch(buffer: TypedArray): void;
  /** Runs `fn`, collecting into `fresh` the storages allocated meanwhile that could be reclaimed. */
  trackAllocations<T>(fresh: Set<TypedArray>, fn: () => T): T;
  /** Takes back a storage from `fresh` that nothing references any more, for reuse. */
  reclaim(data: TypedArray): void;
  /** A storage of this backend holding a copy of host (JavaScript) data. */
  upload(host: TypedArray): TypedArray;
  /** The storage's elements as host data (the storage itself where it is host memory). */
  download(data: TypedArray): TypedArray;
}

/** A backend: an allocator and a full kernel table (missing kernels are filled from the reference). */
export interface Backend {
  readonly name: string;
  readonly memory: Memory;
  readonly kernels: Kernels;
  /** Threads the backend's kernels may use (1 for the reference backend). */
  numThreads(): number;
  setNumThreads(n: number): void;
}
