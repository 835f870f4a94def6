export * from './color-mask.js';
