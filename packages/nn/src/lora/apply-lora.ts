// applyLora: puts low-rank adapters on a model's Linear layers and MultiheadAttention modules, as
// PEFT's get_peft_model with a LoraConfig. Every parameter of the model is frozen; only the
// adapters' A and B train.
import { ArgumentError, ShapeError } from '@neurite/tensor';
import { Linear } from '../layers/linear.ts';
import { nextDefaultSeed } from '../module/init.ts';
import type { Module } from '../module/module.ts';
import { checkNumber, checkSize, optionsOf } from '../validate.ts';
import { MultiheadAttention } from '../transformer/multihead-attention.ts';
import { LoraLinear } from './lora-linear.ts';
import { LoraMultiheadAttention } from './lora-multihead-attention.ts';

/** A layer with an adapter: its A and B weights, scaling and merge state. */
export type LoraLayer = LoraLinear | LoraMultiheadAttention;

export interface LoraOptions {
  /** Rank r of the update (8-64 typical). */
  r: number;
  /** Scale numerator: the update is (alpha / r) B A (default 8, PEFT's lora_alpha default). */
  alpha?: number;
  /**
   * Which layers get an adapter, by module path (PEFT's target_modules): a list of names, each
   * matching a path equal to it or ending in "." + it ("q_proj" matches "layers.0.self_attn.q_proj");
   * or a RegExp that must match the whole path. A matched Linear becomes a LoraLinear; a matched
   * MultiheadAttention (packed in_proj_weight) a LoraMultiheadAttention, PEFT's layout: an adapter on
   * in_proj_weight ([r, E] and [3E, r] at the module's path) and one on its out_proj
   * (`<path>.base_layer.out_proj`); Linear layers inside a targeted attention are covered by it.
   */
  targetModules: readonly string[] | RegExp;
  /** Dropout on the adapter's input (PEFT's lora_dropout; default 0). */
  dropout?: number;
  seed?: number;
}

export interface LoraConfig {
  r: number;
  alpha: number;
  targetModules: readonly string[] | RegExp;
  dropout: number;
}

/** The adapters of a model after applyLora, by module path. */
export interface LoraModel {
  readonly config: LoraConfig;
  readonly layers: ReadonlyMap<string, LoraLayer>;
  /** Folds every adapter into its base weight (inference at the base model's cost). */
  merge(): void;
  /** Takes every adapter back out of its base weight. */
  unmerge(): void;
}

/** True when module path `path` is targeted (PEFT's rule for a list; a RegExp matches the whole path). */
export function matchesTarget(path: string, targets: readonly string[] | RegExp): boolean {
  if (targets instanceof RegExp) {
    const m = new RegExp(`^(?:${targets.source})$`, targets.flags.replace('g', '')).exec(path);
    return m !== null;
  }
  return targets.some((t) => path === t || path.endsWith(`.${t}`));
}

/**
 * The adapters of a model by path (after applyLora, or a model that already has them): each
 * LoraLinear and LoraMultiheadAttention, the latter's out_proj adapter under its own path.
 */
export function loraLayers(model: Module): Map<string, LoraLayer> {
  return new Map(model.namedModules().filter(([, m]) => m instanceof LoraLinear || m instanceof LoraMultiheadAttention) as [string, LoraLayer][]);
}

/**
 * Replaces every targeted Linear of `model` by a LoraLinear wrapping it, freezes all of the
 * model's other parameters and returns the adapters. Throws ArgumentError when nothing matches.
 */
export function applyLora(model: Module, options: LoraOptions): LoraModel {
  const o = optionsOf(options, 'applyLora');
  const r = checkSize(o.r, 'applyLora: r');
  const alpha = o.alpha === undefined ? 8 : checkNumber(o.alpha, 'applyLora: alpha', { min: 0, minExclusive: true });
  const dropout = o.dropout === undefined ? 0 : checkNumber(o.dropout, 'applyLora: dropout', { min: 0, max: 1, maxExclusive: true });
  const targets = o.targetModules;
  if (!(targets instanceof RegExp) && !(Array.isArray(targets) && targets.every((t) => typeof t === 'string'))) {
    throw new ArgumentError('applyLora: targetModules must be an array of module names or a RegExp');
  }
  const seed = o.seed ?? nextDefaultSeed();
  const matched = model.namedModules().filter(([path, m]) =>
    path !== '' && (m instanceof Linear || m instanceof MultiheadAttention) && matchesTarget(path, targets!)) as [string, Linear | MultiheadAttention][];
  const attentionPaths = matched.filter(([, m]) => m instanceof MultiheadAttention).map(([path]) => `${path}.`);
  const chosen = matched.filter(([path]) => !attentionPaths.some((a) => path.startsWith(a)));
  if (chosen.length === 0) throw new ArgumentError(`applyLora: no Linear or MultiheadAttention layer matches targetModules ${String(targets)}`);
  for (const [path, m] of chosen) {
    if (m instanceof MultiheadAttention && (m.kdim !== m.embedDim || m.vdim !== m.embedDim)) {
      throw new ShapeError(`applyLora: ${path} is a MultiheadAttention with separate q, k, v weights (kdim or vdim != embedDim); LoRA needs the packed in_proj_weight, as in PEFT`);
    }
  }
  model.freeze();
  // Seeds: 2 per Linear adapter (A, B), 4 per attention (its in_proj A, B and out_proj adapter).
  let next = seed;
  for (const [path, layer] of chosen) {
    const options = { r, alpha, dropout, seed: next };
    model.setSubmodule(path, layer instanceof MultiheadAttention ? new LoraMultiheadAttention(layer, options) : new LoraLinear(layer, options));
    next += layer instanceof MultiheadAttention ? 4 : 2;
  }
  const layers = loraLayers(model);
  const config: LoraConfig = { r, alpha, targetModules: targets!, dropout };
  return {
    config,
    layers,
    merge: () => layers.forEach((l) => l.merge()),
    unmerge: () => layers.forEach((l) => l.unmerge()),
  };
}
