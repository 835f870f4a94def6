export {
  encodeGrayPng,
  encodePng,
  type GrayImage,
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
