/**
 * Every op of ./tensor-methods.ts as a Tensor method too (`x.exp()` is `exp(x)`). The tensor floor
 * cannot import ops, so the methods are installed here, on the prototype, when the ops load, and
 * their types are derived from the ops' own signatures: one listing, typed, with each op's doc.
 */
import { Tensor } from '../tensor/tensor.js';
import { transpose } from './permute.js';
import * as ops from './tensor-methods.js';

/** An op `(x, ...rest) => y` as the method `x.op(...rest)`. */
type Method<F> = F extends (x: Tensor, ...rest: infer Rest) => infer Y ? (...rest: Rest) => Y : never;

/**
 * The op methods of every tensor. A mapped type over the module's namespace keeps each export's
 * declaration, so editors show the op's JSDoc on `x.op` (a mapped type over an object literal of
 * shorthand properties would not: those properties carry no doc).
 */
export type TensorMethods = { [K in keyof typeof ops]: Method<(typeof ops)[K]> };

declare module '../tensor/tensor.js' {
  interface Tensor extends TensorMethods {
    /** The matrix transpose of the last two axes. */
    readonly T: Tensor;
  }
}

/** Installs `fn` as a method that passes the tensor as its first argument. */
function installMethod(name: string, fn: (x: Tensor, ...rest: never[]) => unknown): void {
  Object.defineProperty(Tensor.prototype, name, {
    value(this: Tensor, ...rest: never[]) {
      return fn(this, ...rest);
    },
    writable: true,
    configurable: true,
  });
}

// The argument type checks that every listed export takes the tensor first.
for (const [name, fn] of Object.entries(ops)) installMethod(name, fn);

Object.defineProperty(Tensor.prototype, 'T', {
  get(this: Tensor) {
    return transpose(this);
  },
  configurable: true,
});
