export * from './boxes/index.js';
export * from './detection/index.js';
export * from './ensemble-predict.js';
export * from './image-io.js';
export * from './multi-crop-predict.js';
export * from './predictor.js';
export * from './transforms/index.js';
export * from './visualize.js';
