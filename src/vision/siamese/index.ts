export * from './identity-database.js';
export * from './mine-triplets.js';
export * from './part-encoder.js';
export * from './similarity-head.js';
export * from './square-symmetry.js';
export * from './verification-pairs.js';
export * from './verify.js';
