export {
  DEFAULT_MAX_IMAGE_PIXELS,
  encodeGrayPng,
  encodePng,
  type GrayImage,
  type ImageReadOptions,
  type RasterImage,
  readGrayImage,
  readRasterImage,
  writePng,
} from './image.js';
export {
  decodeSafetensors,
  encodeSafetensors,
  loadSafetensors,
  type RawTensor,
  type SafetensorsContents,
  saveSafetensors,
} from './safetensors.js';
