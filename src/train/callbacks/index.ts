export * from './callback.js';
export * from './early-stopping.js';
export * from './history-logger.js';
export * from './learning-rate-scheduler.js';
export * from './model-checkpoint.js';
export * from './progress-bar-callback.js';
export * from './terminate-on-nan.js';
