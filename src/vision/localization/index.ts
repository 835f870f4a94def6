export * from './decode-localization.js';
export * from './landmark-loss.js';
export * from './localization-head.js';
export * from './localization-loss.js';
export * from './localization-targets.js';
export * from './presence-loss.js';
