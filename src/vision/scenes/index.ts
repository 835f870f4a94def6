export {
  type DigitScenes,
  type DigitScenesOptions,
  type DigitSource,
  digitScenes,
} from './digit-scenes.js';
export * from './digit-segmentation-scenes.js';
