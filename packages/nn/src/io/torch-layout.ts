import { ArgumentError } from '@neurite/tensor';
import { ModelLoadError } from '../errors.ts';
import { Conv2d } from '../layers/conv.ts';
import { Conv1d } from '../layers/conv1d.ts';
import { Flatten } from '../layers/flatten.ts';
import { Linear } from '../layers/linear.ts';
import { BatchNorm, GroupNorm } from '../layers/normalization.ts';
import { Sequential } from '../layers/sequential.ts';
import type { Module, StateDict, StateEntry } from '../module/module.ts';
import { describeValue } from '../validate.ts';

/**
 * Converts state dicts between Neurite's layouts and PyTorch's, so a PyTorch state dict (e.g. a
 * file written by `safetensors.torch.save_file(model.state_dict())`) loads into the matching
 * Neurite model and computes the same outputs (on NHWC instead of NCHW inputs), and back.
 * - Conv2d weights: Neurite HWIO [KH, KW, Cin, Cout] <-> PyTorch OIHW [Cout, Cin, KH, KW].
 * - Conv1d weights: Neurite [K, Cin, Cout] <-> PyTorch [Cout, Cin, K].
 * - A Linear that follows a Flatten inside a Sequential (only parameter-free modules between them):
 *   Neurite flattens NHWC feature maps in (H, W, C) order, PyTorch NCHW ones in (C, H, W) order,
 *   so the weight's input columns are permuted. C is the channel count of the last module before
 *   the Flatten that has one (Conv2d, BatchNorm, GroupNorm; pools and activations keep it);
 *   a Flatten with no such module before it (flattening the model's input) is left alone.
 * Every other entry (Linear, norms and their buffers, RNN/LSTM/GRU, Embedding) already has
 * PyTorch's layout and name and is copied unchanged.
 */
export type LayoutDirection = 'toTorch' | 'fromTorch';

/** Name prefix -> channel count C of every Linear whose input columns are permuted. */
function flattenedLinears(model: Module): Map<string, number> {
  const out = new Map<string, number>();
  for (const [prefix, module] of model.namedModules()) {
    if (!(module instanceof Sequential)) continue;
    const kids = module.namedChildren();
    kids.forEach(([, kid], i) => {
      if (!(kid instanceof Flatten) || kid.startAxis !== 1) return;
      let channels: number | undefined;
      for (let j = i - 1; j >= 0 && channels === undefined; j--) channels = channelsOf(kids[j]![1]);
      if (channels === undefined || channels === 1) return;
      for (let j = i + 1; j < kids.length; j++) {
        const [name, next] = kids[j]!;
        if (next instanceof Linear) out.set(prefix === '' ? name : `${prefix}.${name}`, channels);
        if (next.parameters().length > 0) break;
      }
    });
  }
  return out;
}

/** The channel count a module's output carries on its last axis, if it fixes one. */
function channelsOf(module: Module): number | undefined {
  if (module instanceof Conv2d || module instanceof Conv1d) return module.outChannels;
  if (module instanceof BatchNorm) return module.numFeatures;
  if (module instanceof GroupNorm) return module.numChannels;
  const kids = module.children();
  for (let i = kids.length - 1; i >= 0; i--) {
    const c = channelsOf(kids[i]!);
    if (c !== undefined) return c;
  }
  return undefined;
}

/** out[perm-order] = data, for a row-major array of `shape` permuted by `perm`. */
function permuted(entry: StateEntry, perm: readonly number[]): StateEntry {
  const shape = entry.shape;
  const outShape = perm.map((p) => shape[p]!);
  const strides = shape.map((_, i) => shape.slice(i + 1).reduce((a, b) => a * b, 1));
  const data = new (entry.data.constructor as new (n: number) => StateEntry['data'])(entry.data.length);
  const index = new Array<number>(outShape.length).fill(0);
  for (let o = 0; o < data.length; o++) {
    let src = 0;
    for (let k = 0; k < perm.length; k++) src += index[k]! * strides[perm[k]!]!;
    data[o] = entry.data[src]!;
    for (let k = outShape.length - 1; k >= 0; k--) {
      if (++index[k]! < outShape[k]!) break;
      index[k] = 0;
    }
  }
  return { dtype: entry.dtype, shape: outShape, data };
}

function checkShape(name: string, entry: StateEntry, expected: readonly number[], layout: string): void {
  if (entry.shape.length !== expected.length || entry.shape.some((d, i) => d !== expected[i])) {
    throw new ModelLoadError('STATE_SHAPE_MISMATCH', `${name}: state has shape [${entry.shape.join(', ')}], expected ${layout} [${expected.join(', ')}]`);
  }
  if (entry.data.length !== expected.reduce((a, b) => a * b, 1)) {
    throw new ModelLoadError('STATE_INVALID', `${name}: state data has ${entry.data.length} values, shape [${entry.shape.join(', ')}] needs more or fewer`);
  }
}

/**
 * `state` converted for `model` in `direction` (a new map; entries not converted are shared).
 * Shapes of converted entries are checked (ModelLoadError); other entries are left to loadStateDict.
 */
export function convertTorchLayout(model: Module, state: StateDict, direction: LayoutDirection): StateDict {
  const out: StateDict = new Map(state);
  const toTorch = direction === 'toTorch';
  for (const [prefix, module] of model.namedModules()) {
    if (!(module instanceof Conv2d) && !(module instanceof Conv1d)) continue;
    const name = prefix === '' ? 'weight' : `${prefix}.weight`;
    const entry = state.get(name);
    if (entry === undefined) continue;
    if (module instanceof Conv1d) {
      const [k, cin, cout] = [module.kernelSize, module.inChannels, module.outChannels];
      checkShape(name, entry, toTorch ? [k, cin, cout] : [cout, cin, k], toTorch ? '[K, Cin, Cout]' : 'PyTorch [Cout, Cin, K]');
      out.set(name, permuted(entry, [2, 1, 0]));
      continue;
    }
    const [kh, kw] = module.kernelSize, cin = module.inChannels, cout = module.outChannels;
    if (toTorch) {
      checkShape(name, entry, [kh, kw, cin, cout], 'HWIO');
      out.set(name, permuted(entry, [3, 2, 0, 1]));
    } else {
      checkShape(name, entry, [cout, cin, kh, kw], 'PyTorch OIHW');
      out.set(name, permuted(entry, [2, 3, 1, 0]));
    }
  }
  for (const [prefix, channels] of flattenedLinears(model)) {
    const name = prefix === '' ? 'weight' : `${prefix}.weight`;
    const entry = state.get(name);
    const linear = model.namedModules().find(([p]) => p === prefix)![1] as Linear;
    if (entry === undefined) continue;
    const { inFeatures: inF, outFeatures: outF } = linear;
    checkShape(name, entry, [outF, inF], toTorch ? '[out, in]' : 'PyTorch [out, in]');
    if (inF % channels !== 0) {
      throw new ModelLoadError('STATE_SHAPE_MISMATCH', `${name}: ${inF} input features after a Flatten of ${channels} channels is not a whole number of positions`);
    }
    const spatial = inF / channels;
    // Neurite columns (s, c) <-> PyTorch columns (c, s): a transpose of each row viewed as a matrix.
    const rows: StateEntry = { dtype: entry.dtype, shape: toTorch ? [outF, spatial, channels] : [outF, channels, spatial], data: entry.data };
    const moved = permuted(rows, [0, 2, 1]);
    out.set(name, { dtype: entry.dtype, shape: [outF, inF], data: moved.data });
  }
  return out;
}

/** The model's state dict in PyTorch's layouts (see convertTorchLayout): load it into the PyTorch twin with strict=True. */
export function toTorchStateDict(model: Module): StateDict {
  return convertTorchLayout(model, model.stateDict(), 'toTorch');
}

/** Loads a PyTorch-layout state dict into `model` (all or nothing, strict by default). */
export function fromTorchStateDict(model: Module, state: StateDict | Readonly<Record<string, StateEntry>>, options: { strict?: boolean } = {}): void {
  if (typeof state !== 'object' || state === null) throw new ArgumentError(`fromTorchStateDict: state must be a Map or an object of entries, got ${describeValue(state)}`);
  const entries = state instanceof Map ? state : new Map(Object.entries(state));
  model.loadStateDict(convertTorchLayout(model, entries, 'fromTorch'), options);
}
