export * from './accuracy.js';
export * from './confusion-matrix.js';
export * from './fbeta-score.js';
export * from './labels.js';
export * from './roc-auc.js';
