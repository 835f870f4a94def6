export * from './creation.js';
export { type DType, isFloat, promoteTypes, type TypedArray } from './dtype.js';
export { defaultGenerator, Generator, manualSeed } from './random.js';
export { type NestedArray, Tensor, type TensorLike } from './tensor.js';
