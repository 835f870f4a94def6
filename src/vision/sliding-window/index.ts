export * from './to-fully-convolutional.js';
