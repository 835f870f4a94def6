export * from './kmeans-anchors.js';
export * from './mean-average-precision.js';
