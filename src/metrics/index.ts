export * from './accuracy.js';
export * from './confusion-matrix.js';
export * from './fbeta-score.js';
export * from './labels.js';
