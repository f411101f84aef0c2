// ColumnTransformer as scikit-learn's: each transformer gets its selection of columns (indices,
// negative from the end, column names, or a function of the column count and names); the outputs
// are concatenated in the list's order, then the columns no transformer selected ('remainder':
// dropped, passed through, or given to a transformer). X is a numeric matrix or a mixed table with
// string columns (table-input.ts): a part selecting a string column gets rows of values, as
// @neurite/features' encoders take them. fit fits clones of the transformers (the originals stay
// unfitted), so a ColumnTransformer inside a Pipeline learns from the training fold only. Any object
// with fit and transform works, e.g. @neurite/features' scalers and encoders, which satisfy the
// protocol structurally. toJSON / fromJSON save and load it with its fitted parts.
import { ArgumentError, type Matrix, toMatrix } from '@neurite/tensor';
import { cloneEstimator, isEstimator } from '../base/clone.ts';
import { BaseEstimator, checkAborted, type EstimatorJSON } from '../base/estimator.ts';
import type { Estimator, FitOptions, Labels, Params } from '../base/protocol.ts';
import { nameByClass, splitNestedParams } from './nested-params.ts';
import { checkCompositeJSON, type JSONRevivers, stepFromJSON, stepToJSON } from './step-json.ts';
import { columnKinds, readTable, selectColumns, type Table, type TableInput, tableShape } from '../base/table-input.ts';

export type ColumnSelection =
  | number
  | string
  | readonly (number | string)[]
  | ((columns: number, names: readonly string[] | null) => readonly (number | string)[]);
export type ColumnTransformerEntry = readonly [string, Estimator | 'drop' | 'passthrough', ColumnSelection];

export interface ColumnTransformerParams {
  transformers: ColumnTransformerEntry[];
  remainder: 'drop' | 'passthrough' | Estimator;
  [key: string]: unknown;
}

interface TransformerLike extends Estimator {
  fit(X: unknown, y?: Labels, options?: FitOptions): unknown;
  transform(X: unknown): unknown;
  fitTransform?(X: unknown, y?: Labels, options?: FitOptions): unknown;
}

interface FittedPart {
  name: string;
  columns: Int32Array;
  /** null: passthrough. */
  transformer: TransformerLike | null;
  /** Output columns [start, end). */
  slice: [number, number];
}

interface FittedState {
  inputColumns: number;
  kinds: ('number' | 'string')[];
  names: readonly string[] | null;
  parts: FittedPart[];
  outputColumns: number;
  /** The resolved columns of each entry of `transformers` (for saving column functions). */
  selected: Int32Array[];
}

function isTransformer(value: unknown): value is TransformerLike {
  return isEstimator(value) && typeof (value as TransformerLike).fit === 'function' && typeof (value as TransformerLike).transform === 'function';
}

function asMatrix(value: unknown, rows: number, what: string): Matrix {
  const m = value as Matrix;
  const out = m !== null && typeof m === 'object' && m.data instanceof Float64Array && typeof m.rows === 'number' ? m : toMatrix(value as Matrix, what, { allowNonFinite: true });
  if (out.rows !== rows) throw new ArgumentError(`${what}: ${out.rows} rows out for ${rows} rows in`);
  return out;
}

function isSelection(cols: unknown): boolean {
  return typeof cols === 'function' || typeof cols === 'number' || typeof cols === 'string' || (Array.isArray(cols) && cols.every((c) => typeof c === 'number' || typeof c === 'string'));
}

export class ColumnTransformer extends BaseEstimator<ColumnTransformerParams> {
  private parts?: FittedState;

  constructor(transformers: readonly ColumnTransformerEntry[] | Partial<ColumnTransformerParams>, options: { remainder?: ColumnTransformerParams['remainder'] } = {}) {
    const params = Array.isArray(transformers) ? { transformers: transformers as ColumnTransformerEntry[], ...options } : (transformers as Partial<ColumnTransformerParams>);
    super({ transformers: [], remainder: 'drop' }, params);
  }

  protected override validateParams(p: ColumnTransformerParams): void {
    if (!Array.isArray(p.transformers)) throw new ArgumentError('ColumnTransformer: transformers must be an array of [name, transformer, columns]');
    const names = new Set<string>();
    p.transformers.forEach((entry, i) => {
      if (!Array.isArray(entry) || entry.length !== 3 || typeof entry[0] !== 'string' || entry[0] === '') throw new ArgumentError(`ColumnTransformer: transformers[${i}] must be [name, transformer, columns]`);
      const [name, t, cols] = entry;
      if (name.includes('__') || names.has(name)) throw new ArgumentError(`ColumnTransformer: name "${name}" must be unique and must not contain "__"`);
      names.add(name);
      if (t !== 'drop' && t !== 'passthrough' && !isTransformer(t)) throw new ArgumentError(`ColumnTransformer: "${name}" must be a transformer (fit and transform), 'drop' or 'passthrough'`);
      if (!isSelection(cols)) throw new ArgumentError(`ColumnTransformer: "${name}" columns must be an index, a name, an array of them or a function of the column count and names`);
    });
    if (p.remainder !== 'drop' && p.remainder !== 'passthrough' && !isTransformer(p.remainder)) throw new ArgumentError("ColumnTransformer: remainder must be 'drop', 'passthrough' or a transformer");
  }

  override getParams(deep = false): ColumnTransformerParams {
    const out: ColumnTransformerParams = { transformers: this.params.transformers.slice(), remainder: this.params.remainder };
    if (deep) {
      for (const [name, t] of this.params.transformers) {
        out[name] = t;
        if (isEstimator(t)) for (const [k, v] of Object.entries(t.getParams())) out[`${name}__${k}`] = v;
      }
    }
    return out;
  }

  override setParams(params: Partial<ColumnTransformerParams> & Params): this {
    const names = this.params.transformers.map(([n]) => n);
    const { own, nested } = splitNestedParams('ColumnTransformer', params, ['transformers', 'remainder'], names);
    let transformers = (own.transformers as ColumnTransformerEntry[] | undefined) ?? this.params.transformers.slice();
    for (const [key, value] of Object.entries(own)) {
      if (key === 'transformers' || key === 'remainder') continue;
      transformers = transformers.map(([n, t, c]) => (n === key ? [n, value as Estimator, c] : [n, t, c]));
    }
    super.setParams({ transformers, ...(own.remainder !== undefined ? { remainder: own.remainder as ColumnTransformerParams['remainder'] } : {}) });
    for (const [name, sub] of nested) {
      const t = this.params.transformers.find(([n]) => n === name)?.[1];
      if (!isEstimator(t)) throw new ArgumentError(`ColumnTransformer: "${name}" is ${String(t)} and takes no parameters`);
      t.setParams(sub);
    }
    return this;
  }

  private resolveColumns(name: string, selection: ColumnSelection, cols: number, names: readonly string[] | null): Int32Array {
    const list = typeof selection === 'function' ? selection(cols, names) : typeof selection === 'number' || typeof selection === 'string' ? [selection] : selection;
    if (!Array.isArray(list)) throw new ArgumentError(`ColumnTransformer: the column function of "${name}" must return an array of indices or names`);
    return Int32Array.from(list, (c: number | string) => {
      if (typeof c === 'string') {
        const at = names === null ? -1 : names.indexOf(c);
        if (at < 0) throw new ArgumentError(names === null ? `ColumnTransformer: "${name}" selects column "${c}" by name, but X has no column names (give X as { columns, names })` : `ColumnTransformer: "${name}" selects column "${c}", X has ${names.map((n) => JSON.stringify(n)).join(', ')}`);
        return at;
      }
      if (!Number.isInteger(c) || c < -cols || c >= cols) throw new ArgumentError(`ColumnTransformer: "${name}" selects column ${c}, X has ${cols}`);
      return c < 0 ? cols + c : c;
    });
  }

  fit(X: TableInput, y?: Labels, options?: FitOptions): this {
    this.fitTransform(X, y, options);
    return this;
  }

  fitTransform(X: TableInput, y?: Labels, options?: FitOptions): Matrix {
    const x = readTable(X, 'ColumnTransformer.fit: X');
    const { rows, cols } = tableShape(x), names = 'names' in x ? x.names : null, kinds = columnKinds(x);
    const used = new Uint8Array(cols);
    const plan: { name: string; columns: Int32Array; transformer: Estimator | 'passthrough' }[] = [];
    const selected = this.params.transformers.map(([name, t, selection]) => {
      const columns = this.resolveColumns(name, selection, cols, names);
      for (const c of columns) used[c] = 1;
      if (t !== 'drop') plan.push({ name, columns, transformer: t });
      return columns;
    });
    const rest = Int32Array.from({ length: cols }, (_, c) => c).filter((c) => !used[c]);
    if (this.params.remainder !== 'drop' && rest.length > 0) plan.push({ name: 'remainder', columns: rest, transformer: this.params.remainder });
    const outputs: Matrix[] = [];
    const parts: FittedPart[] = [];
    let at = 0;
    for (const step of plan) {
      checkAborted(options, 'ColumnTransformer.fit');
      const sub = selectColumns(x, step.columns);
      let out: Matrix, fitted: TransformerLike | null = null;
      if (step.transformer === 'passthrough') out = passthrough(sub, step, kinds, names);
      else {
        fitted = cloneEstimator(step.transformer as TransformerLike);
        const raw = typeof fitted.fitTransform === 'function' ? fitted.fitTransform(sub, y, { signal: options?.signal }) : (fitted.fit(sub, y, { signal: options?.signal }), fitted.transform(sub));
        out = asMatrix(raw, rows, `ColumnTransformer: output of "${step.name}"`);
      }
      outputs.push(out);
      parts.push({ name: step.name, columns: step.columns, transformer: fitted, slice: [at, at + out.cols] });
      at += out.cols;
    }
    this.parts = { inputColumns: cols, kinds, names, parts, outputColumns: at, selected };
    return stack(outputs, rows, at);
  }

  transform(X: TableInput): Matrix {
    const state = this.fitted(this.parts, 'transform');
    const x = readTable(X, 'ColumnTransformer.transform: X', state.kinds);
    checkSameColumns(x, state);
    const { rows } = tableShape(x);
    const outputs = state.parts.map((p) => {
      const sub = selectColumns(x, p.columns);
      const out = p.transformer === null ? (sub as Matrix) : asMatrix(p.transformer.transform(sub), rows, `ColumnTransformer: output of "${p.name}"`);
      if (out.cols !== p.slice[1] - p.slice[0]) throw new ArgumentError(`ColumnTransformer: "${p.name}" gave ${out.cols} columns, ${p.slice[1] - p.slice[0]} at fit`);
      return out;
    });
    return stack(outputs, rows, state.outputColumns);
  }

  /** The fitted transformers by name (clones; null for passthrough parts). */
  get namedTransformers(): Record<string, Estimator | null> {
    return Object.fromEntries(this.fitted(this.parts, 'namedTransformers').parts.map((p) => [p.name, p.transformer]));
  }
  /** Output columns [start, end) of each part by name. */
  get outputIndices(): Record<string, [number, number]> {
    return Object.fromEntries(this.fitted(this.parts, 'outputIndices').parts.map((p) => [p.name, [...p.slice] as [number, number]]));
  }

  /** The input columns each fitted part reads, by name (the remainder's as 'remainder'). */
  get inputIndices(): Record<string, number[]> {
    return Object.fromEntries(this.fitted(this.parts, 'inputIndices').parts.map((p) => [p.name, Array.from(p.columns)]));
  }

  /**
   * { type, params, state }: every transformer by its own toJSON, the fitted parts in state (null
   * before fit). A column function cannot be saved: once fitted, the columns it chose are written.
   */
  toJSON(): EstimatorJSON {
    const st = this.parts;
    const transformers = this.params.transformers.map(([name, t, selection], i) => {
      if (typeof selection === 'function' && st === undefined) throw new ArgumentError(`ColumnTransformer.toJSON: "${name}" selects columns with a function, which cannot be saved; fit first (its columns are saved) or give indices or names`);
      const cols = typeof selection === 'function' ? Array.from(st!.selected[i]!) : selection;
      return [name, stepToJSON(t, `ColumnTransformer.toJSON: "${name}"`), cols];
    });
    const remainder = stepToJSON(this.params.remainder, 'ColumnTransformer.toJSON: remainder');
    const state = st && {
      inputColumns: st.inputColumns, kinds: st.kinds, names: st.names, outputColumns: st.outputColumns,
      selected: st.selected.map((c) => Array.from(c)),
      parts: st.parts.map((p) => ({ name: p.name, columns: Array.from(p.columns), slice: p.slice, transformer: p.transformer === null ? null : stepToJSON(p.transformer, `ColumnTransformer.toJSON: fitted "${p.name}"`) })),
    };
    return { type: 'ColumnTransformer', params: { transformers, remainder }, state };
  }

  /** A ColumnTransformer from toJSON's output; `revivers` names the classes its parts may be (estimatorFromJSON knows them all). */
  static fromJSON(json: EstimatorJSON, revivers?: JSONRevivers): ColumnTransformer {
    const { params, state } = checkCompositeJSON(json, 'ColumnTransformer');
    const what = 'ColumnTransformer.fromJSON';
    if (!Array.isArray(params.transformers)) throw new ArgumentError(`${what}: params.transformers must be an array`);
    const transformers = params.transformers.map((e: unknown, i: number) => {
      if (!Array.isArray(e) || e.length !== 3) throw new ArgumentError(`${what}: transformers[${i}] must be [name, transformer, columns]`);
      return [e[0], stepFromJSON(e[1], revivers, `${what}: transformers[${i}]`), e[2]] as unknown as ColumnTransformerEntry;
    });
    const remainder = stepFromJSON(params.remainder, revivers, `${what}: remainder`) as ColumnTransformerParams['remainder'];
    const model = new ColumnTransformer({ transformers, remainder });
    if (state !== null) model.parts = readState(state, transformers.length, revivers, what);
    return model;
  }
}

function passthrough(sub: Matrix | unknown[][], step: { name: string; columns: Int32Array }, kinds: readonly string[], names: readonly string[] | null): Matrix {
  if (Array.isArray(sub)) {
    const c = Array.from(step.columns).find((j) => kinds[j] === 'string')!;
    throw new ArgumentError(`ColumnTransformer: "${step.name}" passes column ${names?.[c] ?? c} through, but it holds strings and the output is numeric; encode it (e.g. OneHotEncoder or OrdinalEncoder) or drop it`);
  }
  return sub;
}

function checkSameColumns(x: Matrix | Table, state: FittedState): void {
  const { cols } = tableShape(x);
  if (cols !== state.inputColumns) throw new ArgumentError(`ColumnTransformer.transform: X has ${cols} columns, fitted on ${state.inputColumns}`);
  const names = 'names' in x ? x.names : null;
  if (state.names !== null && names !== null && names.some((n, j) => n !== state.names![j])) throw new ArgumentError(`ColumnTransformer.transform: X's columns are ${names.join(', ')}; fitted on ${state.names.join(', ')} (same names in the same order)`);
  const kinds = columnKinds(x);
  kinds.forEach((k, j) => {
    if (k !== state.kinds[j]) throw new ArgumentError(`ColumnTransformer.transform: column ${state.names?.[j] ?? j} holds ${k}s, it held ${state.kinds[j]}s in fit`);
  });
}

function stack(outputs: Matrix[], rows: number, width: number): Matrix {
  const data = new Float64Array(rows * width);
  let at = 0;
  for (const m of outputs) {
    for (let r = 0; r < rows; r++) data.set(m.data.subarray(r * m.cols, (r + 1) * m.cols), r * width + at);
    at += m.cols;
  }
  return { rows, cols: width, data };
}

function intList(value: unknown, what: string): Int32Array {
  if (!Array.isArray(value) || value.some((v) => !Number.isInteger(v) || v < 0)) throw new ArgumentError(`${what}: expected an array of column indices`);
  return Int32Array.from(value as number[]);
}

function readState(s: Record<string, unknown>, entries: number, revivers: JSONRevivers | undefined, what: string): FittedState {
  const inputColumns = s.inputColumns, outputColumns = s.outputColumns;
  if (!Number.isInteger(inputColumns) || !Number.isInteger(outputColumns)) throw new ArgumentError(`${what}: state.inputColumns and state.outputColumns must be integers`);
  const kinds = s.kinds;
  if (!Array.isArray(kinds) || kinds.length !== inputColumns || kinds.some((k) => k !== 'number' && k !== 'string')) throw new ArgumentError(`${what}: state.kinds must name the kind of each of the ${String(inputColumns)} columns`);
  const names = s.names;
  if (names !== null && (!Array.isArray(names) || names.length !== inputColumns || names.some((n) => typeof n !== 'string'))) throw new ArgumentError(`${what}: state.names must be null or ${String(inputColumns)} strings`);
  if (!Array.isArray(s.selected) || s.selected.length !== entries) throw new ArgumentError(`${what}: state.selected must hold the columns of each of the ${entries} transformers`);
  if (!Array.isArray(s.parts)) throw new ArgumentError(`${what}: state.parts must be an array`);
  let at = 0;
  const parts = s.parts.map((p: Record<string, unknown>, i: number) => {
    const columns = intList(p?.columns, `${what}: state.parts[${i}].columns`);
    if (columns.some((c) => c >= (inputColumns as number))) throw new ArgumentError(`${what}: state.parts[${i}] selects a column past ${String(inputColumns)}`);
    const slice = p.slice;
    if (!Array.isArray(slice) || slice[0] !== at || !Number.isInteger(slice[1]) || slice[1] < at) throw new ArgumentError(`${what}: state.parts[${i}].slice must continue at column ${at}`);
    at = slice[1] as number;
    const transformer = p.transformer === null ? null : (stepFromJSON(p.transformer, revivers, `${what}: state.parts[${i}]`) as TransformerLike);
    if (transformer !== null && !isTransformer(transformer)) throw new ArgumentError(`${what}: state.parts[${i}] is not a transformer`);
    return { name: String(p.name), columns, transformer, slice: [slice[0], slice[1]] as [number, number] };
  });
  if (at !== outputColumns) throw new ArgumentError(`${what}: the parts give ${at} columns, state.outputColumns is ${String(outputColumns)}`);
  return { inputColumns: inputColumns as number, kinds: kinds as FittedState['kinds'], names: names as readonly string[] | null, parts, outputColumns: at, selected: s.selected.map((c: unknown, i: number) => intList(c, `${what}: state.selected[${i}]`)) };
}

/** A ColumnTransformer named as makePipeline names its steps (lower-cased class names, repeats numbered). */
export function makeColumnTransformer(...entries: (readonly [Estimator | 'drop' | 'passthrough', ColumnSelection])[]): ColumnTransformer {
  const names = nameByClass(entries.map(([t]) => t));
  return new ColumnTransformer(entries.map(([t, c], i) => [names[i]!, t, c] as const));
}
