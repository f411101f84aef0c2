// Adapter-only save and load in PEFT's format, so LoRA adapters move between Neurite and PEFT:
//   adapter_model.safetensors  base_model.model.<path>.lora_A.weight [r, in], ...lora_B.weight [out, r] (F32)
//   adapter_config.json        {"peft_type": "LORA", "r", "lora_alpha", "target_modules", "lora_dropout", ...}
// Files are untrusted: the config is parsed and checked, and every tensor's name, dtype and shape
// are checked against the model's adapters before anything is copied (no partial load).
import { ModelLoadError } from '../errors.ts';
import { readSafetensors } from '../io/safetensors-read.ts';
import { writeSafetensors } from '../io/safetensors-write.ts';
import type { Module } from '../module/module.ts';
import { applyLora, type LoraConfig, type LoraModel, type LoraOptions, loraLayers } from './apply-lora.ts';

const PREFIX = 'base_model.model.';

/** The two files of a PEFT adapter. */
export interface LoraAdapterFiles {
  /** adapter_model.safetensors */
  weights: Uint8Array;
  /** adapter_config.json */
  config: string;
}

/** PEFT's adapter_config.json for `config` (fields PEFT 0.21 reads; the rest take PEFT's defaults). */
export function peftAdapterConfig(config: LoraConfig, baseModelName: string | null = null): string {
  const targets = config.targetModules instanceof RegExp ? config.targetModules.source : [...config.targetModules];
  return `${JSON.stringify({
    peft_type: 'LORA', task_type: null, base_model_name_or_path: baseModelName, inference_mode: true, r: config.r, lora_alpha: config.alpha,
    lora_dropout: config.dropout, target_modules: targets, bias: 'none', fan_in_fan_out: false, init_lora_weights: true, use_rslora: false,
    modules_to_save: null,
  }, null, 2)}\n`;
}

/** Writes the adapters of a LoraModel (from applyLora or loadPeftAdapter) as PEFT's two files. Merged layers save their A and B. */
export function saveLoraAdapter(lora: LoraModel): LoraAdapterFiles {
  const entries: [string, { dtype: 'F32'; shape: readonly number[]; data: Float32Array }][] = [];
  for (const [path, layer] of lora.layers) {
    for (const [name, t] of [['lora_A', layer.loraA], ['lora_B', layer.loraB]] as const) {
      entries.push([`${PREFIX}${path}.${name}.weight`, { dtype: 'F32', shape: t.shape, data: t.toArray() as Float32Array }]);
    }
  }
  return { weights: writeSafetensors(entries, { format: 'pt' }), config: peftAdapterConfig(lora.config) };
}

/** The LoraOptions of a PEFT adapter_config.json (validated: a LORA adapter with a positive rank). */
export function loraOptionsFromPeft(configJson: string): LoraOptions {
  let raw: unknown;
  try {
    raw = JSON.parse(configJson);
  } catch {
    throw new ModelLoadError('STATE_INVALID', 'adapter_config.json is not valid JSON');
  }
  const c = raw as Record<string, unknown>;
  if (typeof raw !== 'object' || raw === null || c.peft_type !== 'LORA') throw new ModelLoadError('STATE_INVALID', 'adapter_config.json: peft_type must be "LORA"');
  const r = c.r, alpha = c.lora_alpha ?? 8, dropout = c.lora_dropout ?? 0, targets = c.target_modules;
  if (!Number.isSafeInteger(r) || (r as number) < 1) throw new ModelLoadError('STATE_INVALID', `adapter_config.json: r must be a positive integer, got ${String(r)}`);
  if (typeof alpha !== 'number' || !(alpha > 0)) throw new ModelLoadError('STATE_INVALID', `adapter_config.json: lora_alpha must be a positive number, got ${String(alpha)}`);
  if (typeof dropout !== 'number' || !(dropout >= 0 && dropout < 1)) throw new ModelLoadError('STATE_INVALID', `adapter_config.json: lora_dropout must be in [0, 1), got ${String(dropout)}`);
  if (c.use_rslora === true || c.use_dora === true) throw new ModelLoadError('STATE_INVALID', 'adapter_config.json: rsLoRA and DoRA adapters are not supported');
  let targetModules: readonly string[] | RegExp;
  if (typeof targets === 'string') targetModules = new RegExp(targets);
  else if (Array.isArray(targets) && targets.length > 0 && targets.every((t) => typeof t === 'string')) targetModules = targets as string[];
  else throw new ModelLoadError('STATE_INVALID', 'adapter_config.json: target_modules must be a non-empty list of names or a regex string');
  return { r: r as number, alpha, dropout, targetModules };
}

/**
 * Copies an adapter_model.safetensors into the adapters of `model` (which must have them: applyLora
 * with the adapter's config first, or use loadPeftAdapter). Every key, dtype and shape is checked
 * first; a merged layer is unmerged, loaded and merged again.
 */
export function loadLoraAdapter(model: Module, weights: Uint8Array | ArrayBuffer): void {
  const layers = loraLayers(model);
  const { tensors } = readSafetensors(weights);
  const plan: [Float32Array, Float32Array][] = [];
  const seen = new Set<string>();
  for (const [path, layer] of layers) {
    for (const [name, t] of [['lora_A', layer.loraA], ['lora_B', layer.loraB]] as const) {
      const key = `${PREFIX}${path}.${name}.weight`;
      const entry = tensors.get(key);
      if (entry === undefined) throw new ModelLoadError('STATE_MISSING_KEY', `adapter has no ${key}`);
      if (entry.dtype !== 'F32') throw new ModelLoadError('STATE_DTYPE_MISMATCH', `${key}: expected F32, got ${entry.dtype}`);
      if (entry.shape.length !== 2 || entry.shape[0] !== t.shape[0] || entry.shape[1] !== t.shape[1]) {
        throw new ModelLoadError('STATE_SHAPE_MISMATCH', `${key}: expected [${t.shape}], got [${entry.shape}]`);
      }
      plan.push([t.view() as Float32Array, entry.data as Float32Array]);
      seen.add(key);
    }
  }
  for (const key of tensors.keys()) if (!seen.has(key)) throw new ModelLoadError('STATE_UNEXPECTED_KEY', `adapter key ${key} matches no LoRA layer of the model`);
  const merged = [...layers.values()].filter((l) => l.merged);
  merged.forEach((l) => l.unmerge());
  // Views are taken again after unmerge (it allocates: memory may have grown).
  let i = 0;
  for (const layer of layers.values()) {
    layer.loraA.view().set(plan[i++]![1]);
    layer.loraB.view().set(plan[i++]![1]);
  }
  merged.forEach((l) => l.merge());
}

/** applyLora with a PEFT adapter's config, then loadLoraAdapter with its weights. */
export function loadPeftAdapter(model: Module, files: LoraAdapterFiles, options: { seed?: number } = {}): LoraModel {
  const config = loraOptionsFromPeft(files.config);
  // Check the weights parse before the model is changed.
  readSafetensors(files.weights);
  const lora = applyLora(model, { ...config, seed: options.seed });
  loadLoraAdapter(model, files.weights);
  return lora;
}
