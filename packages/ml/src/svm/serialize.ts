// Reading the serialised SVMs back: the { type, params, state } envelope and checked arrays, so a
// corrupt or hand-edited JSON is an ArgumentError naming the field, never a half-built model.
import { ArgumentError } from '@neurite/tensor';
import { KERNELS, type KernelSpec } from './kernel.ts';

export function readEnvelope(owner: string, json: unknown): { params: Record<string, unknown>; state: Record<string, unknown> | null } {
  const j = json as { type?: unknown; params?: unknown; state?: unknown } | null;
  if (j === null || typeof j !== 'object') throw new ArgumentError(`${owner}.fromJSON: expected an object`);
  if (j.type !== owner) throw new ArgumentError(`${owner}.fromJSON: type is ${String(j.type)}, expected ${owner}`);
  if (j.params === null || typeof j.params !== 'object') throw new ArgumentError(`${owner}.fromJSON: params must be an object`);
  if (j.state !== null && j.state !== undefined && typeof j.state !== 'object') throw new ArgumentError(`${owner}.fromJSON: state must be an object or null`);
  return { params: j.params as Record<string, unknown>, state: (j.state ?? null) as Record<string, unknown> | null };
}

/** A finite-number array of an optional exact length. */
export function readArray(owner: string, state: Record<string, unknown>, name: string, length?: number): Float64Array {
  const v = state[name];
  if (!Array.isArray(v)) throw new ArgumentError(`${owner}.fromJSON: state.${name} must be an array of numbers`);
  if (length !== undefined && v.length !== length) throw new ArgumentError(`${owner}.fromJSON: state.${name} has ${v.length} values, expected ${length}`);
  const out = new Float64Array(v.length);
  for (let i = 0; i < v.length; i++) {
    if (typeof v[i] !== 'number' || !Number.isFinite(v[i])) throw new ArgumentError(`${owner}.fromJSON: state.${name}[${i}] must be a finite number`);
    out[i] = v[i] as number;
  }
  return out;
}

/** An integer array with every value in [0, below). */
export function readIndices(owner: string, state: Record<string, unknown>, name: string, below: number, length?: number): Int32Array {
  const a = readArray(owner, state, name, length);
  for (let i = 0; i < a.length; i++) {
    if (!Number.isInteger(a[i]) || a[i]! < 0 || a[i]! >= below) throw new ArgumentError(`${owner}.fromJSON: state.${name}[${i}] must be an integer in [0, ${below})`);
  }
  return Int32Array.from(a);
}

export function readCount(owner: string, state: Record<string, unknown>, name: string, min = 0): number {
  const v = state[name];
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > 2 ** 30) throw new ArgumentError(`${owner}.fromJSON: state.${name} must be an integer >= ${min}`);
  return v;
}

/** A kernel with its gamma resolved. */
export function readSpec(owner: string, value: unknown): KernelSpec {
  const v = value as Partial<KernelSpec> | null;
  if (v === null || typeof v !== 'object') throw new ArgumentError(`${owner}.fromJSON: state.kernel must be an object`);
  if (!KERNELS.includes(v.kernel!)) throw new ArgumentError(`${owner}.fromJSON: state.kernel.kernel must be one of ${KERNELS.join(', ')}`);
  for (const name of ['gamma', 'coef0', 'degree'] as const) {
    if (typeof v[name] !== 'number' || !Number.isFinite(v[name])) throw new ArgumentError(`${owner}.fromJSON: state.kernel.${name} must be a finite number`);
  }
  if (!Number.isInteger(v.degree) || v.degree! < 0) throw new ArgumentError(`${owner}.fromJSON: state.kernel.degree must be an integer >= 0`);
  return { kernel: v.kernel!, gamma: v.gamma!, coef0: v.coef0!, degree: v.degree! };
}
