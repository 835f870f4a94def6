export * from './digit-scenes.js';
