import type { DType, Tensor } from '@neurite/tensor';
import { ModelLoadError } from '../errors.ts';

/**
 * One entry of a state dict: a copy of a parameter's or buffer's values. State dicts hold plain
 * typed arrays, not tensors, so getting one leaves the live-tensor count unchanged and nothing
 * needs disposing (PyTorch returns tensors; this is Neurite's documented difference).
 */
export interface StateEntry {
  dtype: DType;
  shape: readonly number[];
  data: Float32Array | Int32Array | Float64Array;
}
export type StateDict = Map<string, StateEntry>;

/**
 * Matches `state` against the module's tensors (by dotted name) and returns what to copy where.
 * Everything is validated first (missing and unexpected keys when `strict`, shapes, dtypes,
 * lengths); any problem throws ModelLoadError before anything is changed.
 */
export function planStateLoad(
  targets: ReadonlyMap<string, Tensor>,
  state: StateDict | Readonly<Record<string, StateEntry>>,
  strict: boolean,
  owner: string,
): [Tensor, StateEntry][] {
  const entries = state instanceof Map ? state : new Map(Object.entries(state));
  const plan: [Tensor, StateEntry][] = [];
  for (const [name, target] of targets) {
    const entry = entries.get(name);
    if (entry === undefined) {
      if (strict) throw new ModelLoadError('STATE_MISSING_KEY', `state dict has no entry ${JSON.stringify(name)} (expected by ${owner})`);
      continue;
    }
    if (entry.shape.length !== target.shape.length || entry.shape.some((d, i) => d !== target.shape[i])) {
      throw new ModelLoadError('STATE_SHAPE_MISMATCH', `${name}: state has shape [${entry.shape.join(', ')}], the module expects [${target.shape.join(', ')}]`);
    }
    if (entry.dtype !== target.dtype) {
      throw new ModelLoadError('STATE_DTYPE_MISMATCH', `${name}: state has dtype ${entry.dtype}, the module expects ${target.dtype}`);
    }
    if (entry.data.length !== target.size) {
      throw new ModelLoadError('STATE_INVALID', `${name}: state data has ${entry.data.length} values, shape [${entry.shape.join(', ')}] needs ${target.size}`);
    }
    plan.push([target, entry]);
  }
  if (strict) {
    for (const name of entries.keys()) {
      if (!targets.has(name)) throw new ModelLoadError('STATE_UNEXPECTED_KEY', `state dict entry ${JSON.stringify(name)} matches no parameter or buffer of ${owner}`);
    }
  }
  return plan;
}
