export { decodeBfloat16, decodeHalf, type SafetensorsData, type SafetensorsDType } from './safetensors-dtype.ts';
export {
  MAX_HEADER_BYTES,
  MAX_HEADER_DEPTH,
  readSafetensors,
  readSafetensorsHeader,
  type SafetensorsFile,
  type SafetensorsHeader,
  type SafetensorsHeaderEntry,
} from './safetensors-read.ts';
export { type SafetensorsTensor, writeSafetensors } from './safetensors-write.ts';
export { convertTorchLayout, fromTorchStateDict, type LayoutDirection, toTorchStateDict } from './torch-layout.ts';
export { type WeightsLayoutOptions } from './model-io.ts';
