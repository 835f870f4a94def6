export { encodeGrayPng, type GrayImage, readGrayImage } from './image.js';
export {
  decodeSafetensors,
  encodeSafetensors,
  loadSafetensors,
  type RawTensor,
  type SafetensorsContents,
  saveSafetensors,
} from './safetensors.js';
