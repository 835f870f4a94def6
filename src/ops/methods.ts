/**
 * Every op as a Tensor method too (`x.exp()` is `exp(x)`). The tensor floor cannot import ops,
 * so the methods are installed here, on the prototype, when the ops load.
 */
import type { DType } from '../tensor/dtype.js';
import { Tensor, type TensorLike } from '../tensor/tensor.js';
import { abs } from './abs.js';
import { add } from './add.js';
import { argmax, argmin } from './argmax.js';
import { cast } from './cast.js';
import { ceil } from './ceil.js';
import { clamp } from './clamp.js';
import { eq, ge, gt, le, lt, ne } from './compare.js';
import { contiguous } from './contiguous.js';
import { cos } from './cos.js';
import { cumsum } from './cumsum.js';
import { div } from './div.js';
import { dot } from './dot.js';
import { elu } from './elu.js';
import { erf } from './erf.js';
import { exp } from './exp.js';
import { expand } from './expand.js';
import { expm1 } from './expm1.js';
import { flip } from './flip.js';
import { floor } from './floor.js';
import { gather } from './gather.js';
import { type GeluOptions, gelu } from './gelu.js';
import { hardTanh } from './hard-tanh.js';
import { indexAdd, indexSelect } from './index-select.js';
import { leakyRelu } from './leaky-relu.js';
import { log } from './log.js';
import { logSoftmax } from './log-softmax.js';
import { log1p } from './log1p.js';
import { logsumexp } from './logsumexp.js';
import { maskedFill } from './masked-fill.js';
import { matmul } from './matmul.js';
import { max, min } from './max.js';
import { maximum, minimum } from './maximum.js';
import { mean } from './mean.js';
import { mul } from './mul.js';
import { narrow, select, slice } from './narrow.js';
import { neg } from './neg.js';
import { type NormOrder, norm } from './norm.js';
import { oneHot } from './one-hot.js';
import { outer } from './outer.js';
import { type PadOptions, pad } from './pad.js';
import { permute, transpose } from './permute.js';
import { pow } from './pow.js';
import { prod } from './prod.js';
import { reciprocal } from './reciprocal.js';
import { relu } from './relu.js';
import { repeat, tile } from './repeat.js';
import { flatten, reshape, view } from './reshape.js';
import { round } from './round.js';
import { rsqrt } from './rsqrt.js';
import { scatterAdd } from './scatter-add.js';
import { selu } from './selu.js';
import { sigmoid } from './sigmoid.js';
import { sign } from './sign.js';
import { silu, swish } from './silu.js';
import { sin } from './sin.js';
import { softmax } from './softmax.js';
import { softplus } from './softplus.js';
import { chunk, split } from './split.js';
import { sqrt } from './sqrt.js';
import { square } from './square.js';
import { squeeze, unsqueeze } from './squeeze.js';
import { std } from './std.js';
import { sub } from './sub.js';
import { sum } from './sum.js';
import { tanh } from './tanh.js';
import { type ToOptions, to } from './to.js';
import { tril, triu } from './tril.js';
import { type VarOptions, variance } from './var.js';
import { where } from './where.js';

type Axes = number | readonly number[];

declare module '../tensor/tensor.js' {
  interface Tensor {
    cast(dtype: DType): Tensor;
    to(target: DType | string | ToOptions): Tensor;
    contiguous(): Tensor;
    reshape(shape: readonly number[]): Tensor;
    view(shape: readonly number[]): Tensor;
    flatten(startAxis?: number, endAxis?: number): Tensor;
    squeeze(axis?: Axes): Tensor;
    unsqueeze(axis: number): Tensor;
    permute(axes: readonly number[]): Tensor;
    transpose(axis0?: number, axis1?: number): Tensor;
    /** The matrix transpose of the last two axes. */
    readonly T: Tensor;
    expand(shape: readonly number[]): Tensor;
    narrow(axis: number, start: number, length: number): Tensor;
    slice(axis: number, start?: number, end?: number, step?: number): Tensor;
    select(axis: number, index: number): Tensor;
    at(...indices: number[]): Tensor;
    indexSelect(axis: number, index: Tensor): Tensor;
    add(other: TensorLike): Tensor;
    sub(other: TensorLike): Tensor;
    mul(other: TensorLike): Tensor;
    div(other: TensorLike): Tensor;
    eq(other: TensorLike): Tensor;
    ne(other: TensorLike): Tensor;
    lt(other: TensorLike): Tensor;
    le(other: TensorLike): Tensor;
    gt(other: TensorLike): Tensor;
    ge(other: TensorLike): Tensor;
    neg(): Tensor;
    abs(): Tensor;
    sign(): Tensor;
    exp(): Tensor;
    log(): Tensor;
    log1p(): Tensor;
    expm1(): Tensor;
    sqrt(): Tensor;
    rsqrt(): Tensor;
    square(): Tensor;
    reciprocal(): Tensor;
    sin(): Tensor;
    cos(): Tensor;
    tanh(): Tensor;
    sigmoid(): Tensor;
    relu(): Tensor;
    floor(): Tensor;
    ceil(): Tensor;
    round(): Tensor;
    erf(): Tensor;
    sum(axis?: Axes, keepDims?: boolean): Tensor;
    mean(axis?: Axes, keepDims?: boolean): Tensor;
    max(axis?: Axes, keepDims?: boolean): Tensor;
    min(axis?: Axes, keepDims?: boolean): Tensor;
    logsumexp(axis?: Axes, keepDims?: boolean): Tensor;
    softmax(axis?: number): Tensor;
    logSoftmax(axis?: number): Tensor;
    matmul(other: Tensor): Tensor;
    /** PyTorch's `x.where(condition, other)`: x where the condition holds, else other. */
    where(condition: Tensor, other: TensorLike): Tensor;
    indexAdd(axis: number, index: Tensor, src: Tensor): Tensor;
    // part 1
    pow(exponent: TensorLike): Tensor;
    maximum(other: TensorLike): Tensor;
    minimum(other: TensorLike): Tensor;
    leakyRelu(slope?: number): Tensor;
    elu(alpha?: number): Tensor;
    selu(): Tensor;
    gelu(options?: GeluOptions): Tensor;
    softplus(beta?: number, threshold?: number): Tensor;
    silu(): Tensor;
    swish(): Tensor;
    hardTanh(min?: number, max?: number): Tensor;
    clamp(min?: number, max?: number): Tensor;
    var(axis?: Axes, options?: VarOptions): Tensor;
    std(axis?: Axes, options?: VarOptions): Tensor;
    prod(axis?: Axes, keepDims?: boolean): Tensor;
    argmax(axis?: number, keepDims?: boolean): Tensor;
    argmin(axis?: number, keepDims?: boolean): Tensor;
    norm(ord?: NormOrder, axis?: Axes, keepDims?: boolean): Tensor;
    cumsum(axis: number): Tensor;
    // end part 1
    // part 2
    pad(pads: readonly number[], options?: PadOptions): Tensor;
    flip(axes: readonly number[]): Tensor;
    repeat(reps: readonly number[]): Tensor;
    tile(reps: readonly number[]): Tensor;
    split(sizeOrSizes: number | readonly number[], axis?: number): Tensor[];
    chunk(chunks: number, axis?: number): Tensor[];
    gather(axis: number, index: Tensor): Tensor;
    scatterAdd(axis: number, index: Tensor, src: Tensor): Tensor;
    maskedFill(mask: Tensor, value: number): Tensor;
    tril(k?: number): Tensor;
    triu(k?: number): Tensor;
    oneHot(numClasses: number): Tensor;
    dot(other: Tensor): Tensor;
    outer(other: Tensor): Tensor;
  }
}

/** Installs `fn` as a method that passes the tensor as its first argument. */
export function installMethod(name: string, fn: (x: Tensor, ...rest: never[]) => unknown): void {
  Object.defineProperty(Tensor.prototype, name, {
    value(this: Tensor, ...rest: never[]) {
      return fn(this, ...rest);
    },
    writable: true,
    configurable: true,
  });
}

const methods: Record<string, (x: Tensor, ...rest: never[]) => unknown> = {
  cast,
  to,
  contiguous,
  reshape,
  view,
  flatten,
  squeeze,
  unsqueeze,
  permute,
  transpose,
  expand,
  narrow,
  slice,
  select,
  indexSelect,
  add,
  sub,
  mul,
  div,
  eq,
  ne,
  lt,
  le,
  gt,
  ge,
  neg,
  abs,
  sign,
  exp,
  log,
  log1p,
  expm1,
  sqrt,
  rsqrt,
  square,
  reciprocal,
  sin,
  cos,
  tanh,
  sigmoid,
  relu,
  floor,
  ceil,
  round,
  erf,
  sum,
  mean,
  max,
  min,
  logsumexp,
  softmax,
  logSoftmax,
  matmul,
  // part 1
  pow,
  maximum,
  minimum,
  leakyRelu,
  elu,
  selu,
  gelu,
  softplus,
  silu,
  swish,
  hardTanh,
  clamp,
  var: variance,
  std,
  prod,
  argmax,
  argmin,
  norm,
  cumsum,
  // end part 1
  // part 2
  pad,
  flip,
  repeat,
  tile,
  split,
  chunk,
  gather,
  scatterAdd,
  maskedFill,
  tril,
  triu,
  oneHot,
  dot,
  outer,
};
for (const [name, fn] of Object.entries(methods)) installMethod(name, fn);

Object.defineProperty(Tensor.prototype, 'T', {
  get(this: Tensor) {
    return transpose(this);
  },
  configurable: true,
});

installMethod('where', (x: Tensor, condition: Tensor, other: TensorLike) => where(condition, x, other));
installMethod('indexAdd', indexAdd);
installMethod('at', (x: Tensor, ...indices: number[]) => indices.reduce((t, i) => select(t, 0, i), x));
