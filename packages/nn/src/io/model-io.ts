import { ModelLoadError } from '../errors.ts';
import type { Module, StateDict, StateEntry } from '../module/module.ts';
import type { Optimizer, OptimizerState } from '../optim/optimizer.ts';
import { decodeBfloat16, decodeHalf } from './safetensors-dtype.ts';
import { readSafetensors } from './safetensors-read.ts';
import { type SafetensorsTensor, writeSafetensors } from './safetensors-write.ts';
import { fromTorchStateDict, toTorchStateDict } from './torch-layout.ts';
import { checkOneOf, optionsOf } from '../validate.ts';

/**
 * Model weights and training checkpoints as safetensors files.
 * - saveWeights: every parameter and buffer by its dotted name (F32 for float32, I32 for int32,
 *   F64 for float64), readable by any safetensors reader (e.g. Python's safetensors).
 * - loadWeights: validates the file (readSafetensors) and the state (Module.loadStateDict) fully
 *   before changing anything. F16 and BF16 tensors are decoded to float32; I64 is narrowed to int32
 *   when every value fits.
 * - saveCheckpoint/loadCheckpoint: weights under "model.", optimizer buffers under "optimizer.",
 *   step counts in "optimizer.__steps__" (I32) and hyperparameters as JSON in the metadata.
 */
const DTYPE_TO_SAFETENSORS = { float32: 'F32', int32: 'I32', float64: 'F64' } as const;

function toSafetensors(entry: StateEntry): SafetensorsTensor {
  return { dtype: DTYPE_TO_SAFETENSORS[entry.dtype], shape: entry.shape, data: entry.data };
}

function fromSafetensors(name: string, t: SafetensorsTensor): StateEntry {
  switch (t.dtype) {
    case 'F32': return { dtype: 'float32', shape: t.shape, data: t.data as Float32Array };
    case 'F64': return { dtype: 'float64', shape: t.shape, data: t.data as Float64Array };
    case 'I32': return { dtype: 'int32', shape: t.shape, data: t.data as Int32Array };
    case 'F16': return { dtype: 'float32', shape: t.shape, data: decodeHalf(t.data as Uint16Array) };
    case 'BF16': return { dtype: 'float32', shape: t.shape, data: decodeBfloat16(t.data as Uint16Array) };
    case 'I64': {
      const source = t.data as BigInt64Array;
      const out = new Int32Array(source.length);
      for (let i = 0; i < source.length; i++) {
        const v = source[i]!;
        if (v < -2147483648n || v > 2147483647n) throw new ModelLoadError('STATE_DTYPE_MISMATCH', `${name}: I64 value ${v} does not fit in int32`);
        out[i] = Number(v);
      }
      return { dtype: 'int32', shape: t.shape, data: out };
    }
    default:
      throw new ModelLoadError('STATE_DTYPE_MISMATCH', `${name}: dtype ${t.dtype} cannot be loaded into a module (expected F32, F64, F16, BF16, I32 or I64)`);
  }
}

/**
 * Weight layout of a file: 'neurite' (default; conv weights HWIO) or 'torch' (PyTorch's: conv
 * weights OIHW and a Linear after a Flatten taking (C, H, W)-ordered inputs; see convertTorchLayout).
 */
export interface WeightsLayoutOptions {
  layout?: 'neurite' | 'torch';
}

function layoutOf(options: WeightsLayoutOptions | undefined, what: string): 'neurite' | 'torch' {
  return checkOneOf(optionsOf(options, what).layout ?? 'neurite', `${what}: layout`, ['neurite', 'torch'] as const);
}

/** The model's parameters and buffers as safetensors bytes (layout 'torch': loadable by the PyTorch twin's load_state_dict). */
export function saveWeights(model: Module, metadata: Record<string, string> = {}, options: WeightsLayoutOptions = {}): Uint8Array {
  const state = layoutOf(options, 'saveWeights') === 'torch' ? toTorchStateDict(model) : model.stateDict();
  return writeSafetensors([...state].map(([name, e]) => [name, toSafetensors(e)] as const), metadata);
}

/** Reads a state dict from safetensors bytes (entries named `prefix...`, prefix removed). */
export function readStateDict(bytes: Uint8Array | ArrayBuffer, prefix = ''): { state: StateDict; metadata: Record<string, string> } {
  const file = readSafetensors(bytes);
  const state: StateDict = new Map();
  for (const [name, t] of file.tensors) {
    if (!name.startsWith(prefix)) continue;
    state.set(name.slice(prefix.length), fromSafetensors(name, t));
  }
  return { state, metadata: file.metadata };
}

/**
 * Loads safetensors bytes into the model (all or nothing). Returns the file's metadata. Layout
 * 'torch' reads a PyTorch state dict file (e.g. `safetensors.torch.save_file(model.state_dict())`).
 */
export function loadWeights(model: Module, bytes: Uint8Array | ArrayBuffer, options: { strict?: boolean } & WeightsLayoutOptions = {}): Record<string, string> {
  const layout = layoutOf(options, 'loadWeights');
  const { state, metadata } = readStateDict(bytes);
  if (layout === 'torch') fromTorchStateDict(model, state, { strict: options.strict });
  else model.loadStateDict(state, { strict: options.strict });
  return metadata;
}

const STEPS_KEY = 'optimizer.__steps__';
const GROUPS_KEY = 'neurite.optimizer.groups';

/** Model weights plus optimizer state in one safetensors file. */
export function saveCheckpoint(model: Module, optimizer: Optimizer, metadata: Record<string, string> = {}): Uint8Array {
  const entries: [string, SafetensorsTensor][] = [...model.stateDict()].map(([name, e]) => [`model.${name}`, toSafetensors(e)]);
  const state = optimizer.stateDict();
  for (const [key, values] of state.buffers) entries.push([`optimizer.${key}`, { dtype: 'F32', shape: [values.length], data: values }]);
  entries.push([STEPS_KEY, { dtype: 'I32', shape: [state.steps.length], data: Int32Array.from(state.steps) }]);
  return writeSafetensors(entries, { ...metadata, [GROUPS_KEY]: JSON.stringify(state.groups) });
}

/**
 * Restores model weights and optimizer state from saveCheckpoint bytes. The file, the model state
 * and the optimizer state are all validated before either is changed. Returns the metadata.
 */
export function loadCheckpoint(model: Module, optimizer: Optimizer, bytes: Uint8Array | ArrayBuffer): Record<string, string> {
  const file = readSafetensors(bytes);
  const modelState: StateDict = new Map();
  const buffers = new Map<string, Float32Array>();
  let steps: number[] | undefined;
  for (const [name, t] of file.tensors) {
    if (name.startsWith('model.')) modelState.set(name.slice(6), fromSafetensors(name, t));
    else if (name === STEPS_KEY && t.dtype === 'I32') steps = [...(t.data as Int32Array)];
    else if (name.startsWith('optimizer.') && t.dtype === 'F32') buffers.set(name.slice(10), t.data as Float32Array);
    else throw new ModelLoadError('STATE_UNEXPECTED_KEY', `checkpoint entry ${JSON.stringify(name)} (${t.dtype}) is neither model.* nor optimizer.* state`);
  }
  if (steps === undefined) throw new ModelLoadError('STATE_MISSING_KEY', `checkpoint has no ${STEPS_KEY} (I32) entry`);
  let groups: unknown;
  try {
    groups = JSON.parse(file.metadata[GROUPS_KEY] ?? 'null');
  } catch {
    groups = null;
  }
  if (!Array.isArray(groups) || !groups.every((g) => g !== null && typeof g === 'object' && Object.values(g).every((v) => typeof v === 'number' || typeof v === 'boolean'))) {
    throw new ModelLoadError('STATE_INVALID', `checkpoint metadata ${GROUPS_KEY} must be a JSON array of hyperparameter objects`);
  }
  const optimizerState: OptimizerState = { buffers, steps, groups: groups as Record<string, number | boolean>[] };
  // Validate the model state without applying it: a strict dry run on a snapshot.
  const before = model.stateDict();
  model.loadStateDict(modelState);
  try {
    optimizer.loadStateDict(optimizerState);
  } catch (error) {
    model.loadStateDict(before);
    throw error;
  }
  const metadata = { ...file.metadata };
  delete metadata[GROUPS_KEY];
  return metadata;
}
