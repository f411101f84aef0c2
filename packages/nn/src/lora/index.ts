// LoRA: low-rank adapters on Linear layers and MultiheadAttention's packed projections, merge/unmerge, PEFT-format adapter files.
export { applyLora, type LoraConfig, type LoraLayer, type LoraModel, type LoraOptions, loraLayers, matchesTarget } from './apply-lora.ts';
export { LoraLinear, type LoraLayerOptions } from './lora-linear.ts';
export { LoraMultiheadAttention } from './lora-multihead-attention.ts';
export { type LoraAdapterFiles, loadLoraAdapter, loadPeftAdapter, loraOptionsFromPeft, peftAdapterConfig, saveLoraAdapter } from './adapter-io.ts';
