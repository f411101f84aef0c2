// JSON helpers for the serialised state of transformers: numbers that JSON cannot hold (NaN and
// the infinities, e.g. the outer bin edges of a constant column) are written as the strings
// "NaN", "Infinity" and "-Infinity" and read back exactly; every other double round-trips
// bit-exactly through JSON.stringify / JSON.parse.
import { ArgumentError } from '@neurite/tensor';
import { describe } from './validate.ts';

/** The serialised form of a transformer: its class name, hyperparameters and learned state (null before fit). */
export interface TransformerJSON {
  type: string;
  params: Record<string, unknown>;
  state: unknown;
}

export type JSONNumber = number | 'NaN' | 'Infinity' | '-Infinity';

export function numbersToJSON(values: ArrayLike<number>): JSONNumber[] {
  const out: JSONNumber[] = new Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    out[i] = Number.isFinite(v) ? v : Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';
  }
  return out;
}

/** The numbers of numbersToJSON back; `length`, when given, is the length required. */
export function numbersFromJSON(values: unknown, what: string, length?: number): Float64Array {
  if (!Array.isArray(values)) throw new ArgumentError(`${what}: expected an array of numbers, got ${describe(values)}`);
  if (length !== undefined && values.length !== length) throw new ArgumentError(`${what}: expected ${length} numbers, got ${values.length}`);
  const out = new Float64Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v: unknown = values[i];
    if (typeof v === 'number') out[i] = v;
    else if (v === 'NaN') out[i] = NaN;
    else if (v === 'Infinity') out[i] = Infinity;
    else if (v === '-Infinity') out[i] = -Infinity;
    else throw new ArgumentError(`${what}: element ${i} is ${describe(v)}, expected a number`);
  }
  return out;
}

/** Checks the `type` of a serialised transformer and returns its params and state. */
export function checkJSON(json: unknown, type: string): { params: Record<string, unknown>; state: Record<string, unknown> | null } {
  const j = json as TransformerJSON;
  if (j === null || typeof j !== 'object') throw new ArgumentError(`${type}.fromJSON: expected an object, got ${describe(json)}`);
  if (j.type !== type) throw new ArgumentError(`${type}.fromJSON: the JSON describes ${describe(j.type)}, expected "${type}"`);
  if (j.params === null || typeof j.params !== 'object') throw new ArgumentError(`${type}.fromJSON: params must be an object, got ${describe(j.params)}`);
  if (j.state !== null && typeof j.state !== 'object') throw new ArgumentError(`${type}.fromJSON: state must be an object or null, got ${describe(j.state)}`);
  return { params: j.params, state: j.state as Record<string, unknown> | null };
}
