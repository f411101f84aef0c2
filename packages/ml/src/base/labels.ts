// Targets as estimators read them: class labels (numbers or strings, kept sorted in `classes` as
// scikit-learn's LabelEncoder does) encoded to indices, and regression targets as float64.
import { ArgumentError, ShapeError } from '@neurite/tensor';
import type { Labels } from './protocol.ts';

export interface EncodedLabels {
  /** The distinct labels, sorted (numbers ascending, strings by code unit). */
  classes: number[] | string[];
  /** Each sample's index into `classes`. */
  indices: Int32Array;
}

function checkLength(y: Labels, rows: number | undefined, what: string): void {
  if (y === null || typeof y !== 'object' || typeof (y as ArrayLike<unknown>).length !== 'number') throw new ArgumentError(`${what}: expected an array of labels`);
  if (y.length === 0) throw new ShapeError(`${what}: expected at least one label, got none`);
  if (rows !== undefined && y.length !== rows) throw new ShapeError(`${what}: ${y.length} labels for ${rows} samples`);
}

/** Encodes class labels; all numbers (finite) or all strings, else ArgumentError naming the first bad one. */
export function encodeLabels(y: Labels, rows?: number, what = 'y'): EncodedLabels {
  checkLength(y, rows, what);
  const first = y[0];
  const kind = typeof first;
  if (kind !== 'number' && kind !== 'string') throw new ArgumentError(`${what}: labels must be numbers or strings, got ${kind}`);
  for (let i = 0; i < y.length; i++) {
    const v = y[i];
    if (typeof v !== kind) throw new ArgumentError(`${what}: label ${i} is a ${typeof v}, label 0 is a ${kind}; labels must all be numbers or all strings`);
    if (kind === 'number' && !Number.isFinite(v)) throw new ArgumentError(`${what}: label ${i} is ${String(v)}, expected a finite number`);
  }
  const distinct = [...new Set(y as ArrayLike<number | string> as (number | string)[])];
  const classes = (kind === 'number' ? (distinct as number[]).sort((a, b) => a - b) : (distinct as string[]).sort()) as number[] | string[];
  const index = new Map<number | string, number>();
  classes.forEach((c, i) => index.set(c, i));
  const indices = new Int32Array(y.length);
  for (let i = 0; i < y.length; i++) indices[i] = index.get(y[i]!)!;
  return { classes, indices };
}

/** Maps class indices back to labels. */
export function decodeLabels(classes: readonly number[] | readonly string[], indices: ArrayLike<number>): number[] | string[] {
  const out = new Array(indices.length);
  for (let i = 0; i < indices.length; i++) out[i] = classes[indices[i]!];
  return out as number[] | string[];
}

/** Regression targets as float64; every value a finite number. */
export function toTargets(y: Labels, rows?: number, what = 'y'): Float64Array {
  checkLength(y, rows, what);
  const out = new Float64Array(y.length);
  for (let i = 0; i < y.length; i++) {
    const v = y[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new ArgumentError(`${what}: target ${i} is ${typeof v === 'number' ? v : typeof v}, expected a finite number`);
    out[i] = v;
  }
  return out;
}
