export * from './box-area.js';
export * from './box-convert.js';
export { boxIou } from './box-iou.js';
export * from './clip-boxes.js';
export * from './draw-boxes.js';
export * from './generalized-box-iou.js';
export { batchedNms, nms } from './nms.js';
export * from './soft-nms.js';
