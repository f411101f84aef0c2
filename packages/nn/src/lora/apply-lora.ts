// applyLora: puts low-rank adapters on a model's Linear layers, as PEFT's get_peft_model with a
// LoraConfig. Every parameter of the model is frozen; only the adapters' A and B train.
import { ArgumentError } from '@neurite/tensor';
import { Linear } from '../layers/linear.ts';
import { nextDefaultSeed } from '../module/init.ts';
import type { Module } from '../module/module.ts';
import { checkNumber, checkSize, optionsOf } from '../validate.ts';
import { LoraLinear } from './lora-linear.ts';

export interface LoraOptions {
  /** Rank r of the update (8-64 typical). */
  r: number;
  /** Scale numerator: the update is (alpha / r) B A (default 8, PEFT's lora_alpha default). */
  alpha?: number;
  /**
   * Which Linear layers get an adapter, by module path (PEFT's target_modules): a list of names,
   * each matching a path equal to it or ending in "." + it ("q_proj" matches "layers.0.self_attn.q_proj");
   * or a RegExp that must match the whole path.
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
  readonly layers: ReadonlyMap<string, LoraLinear>;
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

/** The LoraLinear layers of a model by path (after applyLora, or a model that already has them). */
export function loraLayers(model: Module): Map<string, LoraLinear> {
  return new Map(model.namedModules().filter(([, m]) => m instanceof LoraLinear) as [string, LoraLinear][]);
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
  const chosen = model.namedModules().filter(([path, m]) => path !== '' && m instanceof Linear && matchesTarget(path, targets!)) as [string, Linear][];
  if (chosen.length === 0) throw new ArgumentError(`applyLora: no Linear layer matches targetModules ${String(targets)}`);
  model.freeze();
  const layers = new Map<string, LoraLinear>();
  chosen.forEach(([path, linearLayer], i) => {
    const lora = new LoraLinear(linearLayer, { r, alpha, dropout, seed: seed + 2 * i });
    model.setSubmodule(path, lora);
    layers.set(path, lora);
  });
  const config: LoraConfig = { r, alpha, targetModules: targets!, dropout };
  return {
    config,
    layers,
    merge: () => layers.forEach((l) => l.merge()),
    unmerge: () => layers.forEach((l) => l.unmerge()),
  };
}
