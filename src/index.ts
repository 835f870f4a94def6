/**
 * nabla: a deep-learning framework in TypeScript.
 * @packageDocumentation
 */
export * from './autograd/index.js';
export * from './backends/index.js';
export * from './errors.js';
export * from './ops/index.js';
export * from './tensor/index.js';
