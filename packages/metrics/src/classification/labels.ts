// Class labels: reading label vectors (numbers, strings, typed arrays or Tensors), sorting the label
// set as numpy's np.unique does (numbers ascending, strings by code point), and encoding a pair of
// label vectors as class indices. scikit-learn's type_of_target is followed where it matters:
// numeric labels must be integral ("continuous" targets are refused) and strings and numbers
// cannot be mixed; a column vector (rows of one label) is a label vector.
import { ArgumentError, Tensor } from '@neurite/tensor';
import { checkNotEmpty, checkSameLength, describe } from './inputs.ts';

/** A class label. */
export type Label = number | string;

/** A vector of class labels. */
export type LabelInput = readonly number[] | readonly string[] | ArrayLike<number> | Tensor;

/** A label vector read once: numbers (with their range) or strings. */
export type LabelColumn =
  | { kind: 'number'; data: ArrayLike<number>; min: number; max: number; length: number }
  | { kind: 'string'; data: readonly string[]; length: number };

/** Compares strings by Unicode code point (numpy's order), not by UTF-16 code unit. */
export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i)!, y = b.codePointAt(i)!;
    if (x !== y) return x - y;
    if (x > 0xffff) i++;
  }
  return a.length - b.length;
}

/** Sorts labels in place as np.unique orders them. */
export function sortLabels<T extends Label>(labels: T[]): T[] {
  return typeof labels[0] === 'string'
    ? labels.sort((a, b) => compareStrings(a as string, b as string))
    : labels.sort((a, b) => (a as number) - (b as number));
}

function isIntegerArray(x: unknown): x is Int32Array | Int16Array | Int8Array | Uint32Array | Uint16Array | Uint8Array | Uint8ClampedArray {
  return x instanceof Int32Array || x instanceof Int16Array || x instanceof Int8Array || x instanceof Uint32Array
    || x instanceof Uint16Array || x instanceof Uint8Array || x instanceof Uint8ClampedArray;
}

/** Reads one label vector; `what` names the argument in errors. */
export function readLabels(input: unknown, what: string): LabelColumn {
  let data: ArrayLike<unknown>;
  if (input instanceof Tensor) {
    // A column vector [n, 1] is a vector of labels (scikit-learn's column_or_1d).
    if (input.rank !== 1 && !(input.rank === 2 && input.shape[1] === 1)) throw new ArgumentError(`${what}: expected a rank-1 tensor of labels (or [n, 1]), got shape [${input.shape.join(', ')}]`);
    data = input.toArray();
  } else if (Array.isArray(input) && input.length > 0 && (Array.isArray(input[0]) || ArrayBuffer.isView(input[0]))) {
    // Rows of one label each: a column vector.
    data = input.map((row: unknown, i: number) => {
      if ((!Array.isArray(row) && !ArrayBuffer.isView(row)) || (row as ArrayLike<unknown>).length !== 1) {
        throw new ArgumentError(`${what}: row ${i} is ${describe(row)}; expected a vector of labels, a column vector (rows of one label) or, where supported, a multilabel indicator matrix`);
      }
      return (row as ArrayLike<unknown>)[0];
    });
  } else if (Array.isArray(input) || (ArrayBuffer.isView(input) && !(input instanceof DataView))) {
    data = input as ArrayLike<unknown>;
  } else {
    throw new ArgumentError(`${what}: expected an array, a typed array or a Tensor of labels, got ${describe(input)}`);
  }
  const n = data.length;
  if (n > 0 && typeof data[0] === 'string') {
    for (let i = 0; i < n; i++) {
      if (typeof data[i] !== 'string') throw new ArgumentError(`${what}: element ${i} is ${describe(data[i])}, but element 0 is a string; labels must be all strings or all numbers`);
    }
    return { kind: 'string', data: data as readonly string[], length: n };
  }
  let min = Infinity, max = -Infinity;
  if (isIntegerArray(data)) {
    // Integer typed arrays hold integral labels by construction: only the range is needed.
    for (let i = 0; i < n; i++) {
      const v = data[i]!;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    return { kind: 'number', data, min, max, length: n };
  }
  for (let i = 0; i < n; i++) {
    const v = data[i] as number;
    if (typeof v !== 'number') throw new ArgumentError(`${what}: element ${i} is ${describe(v)}, expected a number label (labels must be all strings or all numbers)`);
    if (!Number.isFinite(v) || v !== Math.floor(v)) {
      throw new ArgumentError(`${what}: element ${i} is ${v}; class labels must be integers or strings (continuous targets are not supported)`);
    }
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return { kind: 'number', data: data as ArrayLike<number>, min, max, length: n };
}

/** Reads the label vectors of one classification problem and checks their lengths (non-empty). */
export function readLabelPair(yTrue: unknown, yPred: unknown, where: string): [LabelColumn, LabelColumn] {
  const t = readLabels(yTrue, `${where}: yTrue`), p = readLabels(yPred, `${where}: yPred`);
  checkSameLength(t.length, p.length, 'yTrue', 'yPred', where);
  checkNotEmpty(t.length, 'yTrue', where);
  checkKinds([t, p], where);
  return [t, p];
}

/** ArgumentError when string and number labels are mixed. */
export function checkKinds(columns: readonly LabelColumn[], where: string): void {
  const kinds = new Set(columns.filter((c) => c.length > 0).map((c) => c.kind));
  if (kinds.size > 1) throw new ArgumentError(`${where}: labels mix strings and numbers; use one type for every label`);
}

/** The largest dense range of integer labels encoded by table lookup instead of a Map. */
const DENSE_RANGE = 1 << 20;

/** The sorted set of labels present in any of the columns (np.unique of their union). */
export function uniqueLabels(columns: readonly LabelColumn[]): Label[] {
  const numeric = columns.filter((c) => c.length > 0).every((c) => c.kind === 'number');
  if (numeric) {
    const nums = columns.filter((c) => c.length > 0) as Extract<LabelColumn, { kind: 'number' }>[];
    if (nums.length === 0) return [];
    const min = Math.min(...nums.map((c) => c.min)), max = Math.max(...nums.map((c) => c.max));
    if (max - min < DENSE_RANGE) {
      const seen = new Uint8Array(max - min + 1);
      for (const c of nums) {
        const d = c.data;
        for (let i = 0; i < d.length; i++) seen[d[i]! - min] = 1;
      }
      const out: number[] = [];
      for (let v = 0; v < seen.length; v++) if (seen[v]) out.push(v + min);
      return out;
    }
    const set = new Set<number>();
    for (const c of nums) for (let i = 0; i < c.data.length; i++) set.add(c.data[i]! === 0 ? 0 : c.data[i]!);
    return sortLabels([...set]);
  }
  const set = new Set<string>();
  for (const c of columns) for (let i = 0; i < c.length; i++) set.add(c.data[i] as string);
  return sortLabels([...set]);
}

/**
 * Encodes a column as indices into `classes` (in any order); a label not in `classes` becomes -1.
 */
export function encodeLabels(column: LabelColumn, classes: readonly Label[]): Int32Array {
  const n = column.length, out = new Int32Array(n);
  if (column.kind === 'number' && classes.every((c) => typeof c === 'number')) {
    const lo = column.min, span = column.max - column.min + 1;
    if (n > 0 && span <= DENSE_RANGE) {
      const table = new Int32Array(span).fill(-1);
      for (let k = 0; k < classes.length; k++) {
        const c = classes[k] as number;
        if (c >= lo && c < lo + span && c === Math.floor(c)) table[c - lo] = k;
      }
      const d = column.data;
      for (let i = 0; i < n; i++) out[i] = table[d[i]! - lo]!;
      return out;
    }
  }
  const index = new Map<Label, number>();
  classes.forEach((c, k) => index.set(c === 0 ? 0 : c, k));
  for (let i = 0; i < n; i++) {
    const v = column.data[i]!;
    out[i] = index.get(v === 0 ? 0 : v) ?? -1;
  }
  return out;
}

/** Checks user-given `labels` (an array of numbers or strings, no duplicates); returns a copy. */
export function checkLabelList(labels: unknown, what: string): Label[] {
  if (!Array.isArray(labels)) throw new ArgumentError(`${what} must be an array of labels, got ${describe(labels)}`);
  if (labels.length === 0) throw new ArgumentError(`${what} must contain at least one label`);
  const seen = new Set<Label>();
  for (let i = 0; i < labels.length; i++) {
    const v = labels[i] as unknown;
    if (typeof v !== 'number' && typeof v !== 'string') throw new ArgumentError(`${what}[${i}] is ${describe(v)}, expected a number or a string`);
    if (typeof v !== typeof labels[0]) throw new ArgumentError(`${what} mixes strings and numbers`);
    if (seen.has(v)) throw new ArgumentError(`${what} contains ${describe(v)} twice; labels must be unique`);
    seen.add(v);
  }
  return labels.slice() as Label[];
}
