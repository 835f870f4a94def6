/**
 * Hyperparameter search: spaces, random/grid/coarse-to-fine strategies, ASHA early stopping,
 * k-fold cross-validation.
 * @packageDocumentation
 */
export * from './asha.js';
export * from './format-trials.js';
export * from './in-process.js';
export * from './k-fold.js';
export * from './parallel.js';
export * from './redis-asha.js';
export * from './redis-search.js';
export * from './resumable.js';
export * from './search-report.js';
export * from './space.js';
export * from './strategies.js';
export * from './trial.js';
