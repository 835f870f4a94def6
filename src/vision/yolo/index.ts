export * from './decode-yolo.js';
export * from './encode-yolo-targets.js';
export * from './yolo-config.js';
export { type YoloLossOptions, yoloLoss } from './yolo-loss.js';
