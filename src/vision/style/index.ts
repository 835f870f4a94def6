export * from './content-cost.js';
export * from './deep-dream.js';
export * from './feature-extractor.js';
export * from './gram-matrix.js';
export * from './random-feature-net.js';
export * from './style-cost.js';
export * from './style-transfer.js';
export * from './total-variation.js';
