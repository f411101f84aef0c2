// LoRA: low-rank adapters on Linear layers, merge/unmerge, PEFT-format adapter files.
export { applyLora, type LoraConfig, type LoraModel, type LoraOptions, loraLayers, matchesTarget } from './apply-lora.ts';
export { LoraLinear, type LoraLayerOptions } from './lora-linear.ts';
export { type LoraAdapterFiles, loadLoraAdapter, loadPeftAdapter, loraOptionsFromPeft, peftAdapterConfig, saveLoraAdapter } from './adapter-io.ts';
