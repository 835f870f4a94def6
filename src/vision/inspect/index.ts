export * from './max-activating-patches.js';
export * from './receptive-field.js';
export * from './saliency-map.js';
