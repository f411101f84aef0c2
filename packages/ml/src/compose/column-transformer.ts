// ColumnTransformer as scikit-learn's: each transformer gets its selection of columns (indices,
// negative from the end, or a function of the column count); the outputs are concatenated in the
// list's order, then the columns no transformer selected ('remainder': dropped, passed through, or
// given to a transformer). fit fits clones of the transformers (the originals stay unfitted), so a
// ColumnTransformer inside a Pipeline learns from the training fold only. Any object with fit and
// transform works, e.g. @neurite/features' scalers and encoders, which satisfy the protocol structurally.
import { ArgumentError, type Matrix, type MatrixInput, toMatrix } from '@neurite/tensor';
import { cloneEstimator, isEstimator } from '../base/clone.ts';
import { BaseEstimator, checkAborted } from '../base/estimator.ts';
import type { Estimator, FitOptions, Labels, Params } from '../base/protocol.ts';
import { nameByClass, splitNestedParams } from './nested-params.ts';

export type ColumnSelection = number | readonly number[] | ((columns: number) => readonly number[]);
export type ColumnTransformerEntry = readonly [string, Estimator | 'drop' | 'passthrough', ColumnSelection];

export interface ColumnTransformerParams {
  transformers: ColumnTransformerEntry[];
  remainder: 'drop' | 'passthrough' | Estimator;
  [key: string]: unknown;
}

interface TransformerLike extends Estimator {
  fit(X: MatrixInput, y?: Labels, options?: FitOptions): unknown;
  transform(X: MatrixInput): unknown;
  fitTransform?(X: MatrixInput, y?: Labels, options?: FitOptions): unknown;
}

interface FittedPart {
  name: string;
  columns: Int32Array;
  /** null: passthrough. */
  transformer: TransformerLike | null;
  /** Output columns [start, end). */
  slice: [number, number];
}

function isTransformer(value: unknown): value is TransformerLike {
  return isEstimator(value) && typeof (value as TransformerLike).fit === 'function' && typeof (value as TransformerLike).transform === 'function';
}

function takeColumns(X: Matrix, columns: Int32Array): Matrix {
  const out = new Float64Array(X.rows * columns.length);
  for (let r = 0; r < X.rows; r++) for (let c = 0; c < columns.length; c++) out[r * columns.length + c] = X.data[r * X.cols + columns[c]!]!;
  return { rows: X.rows, cols: columns.length, data: out };
}

function asMatrix(value: unknown, rows: number, what: string): Matrix {
  const m = value as Matrix;
  const out = m !== null && typeof m === 'object' && m.data instanceof Float64Array && typeof m.rows === 'number' ? m : toMatrix(value as MatrixInput, what, { allowNonFinite: true });
  if (out.rows !== rows) throw new ArgumentError(`${what}: ${out.rows} rows out for ${rows} rows in`);
  return out;
}

export class ColumnTransformer extends BaseEstimator<ColumnTransformerParams> {
  private parts?: { inputColumns: number; parts: FittedPart[]; outputColumns: number };

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
      if (typeof cols !== 'function' && typeof cols !== 'number' && !Array.isArray(cols)) throw new ArgumentError(`ColumnTransformer: "${name}" columns must be an index, an array of indices or a function of the column count`);
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

  private resolveColumns(name: string, selection: ColumnSelection, cols: number): Int32Array {
    const list = typeof selection === 'function' ? selection(cols) : typeof selection === 'number' ? [selection] : selection;
    if (!Array.isArray(list)) throw new ArgumentError(`ColumnTransformer: the column function of "${name}" must return an array of indices`);
    return Int32Array.from(list, (c) => {
      if (!Number.isInteger(c) || c < -cols || c >= cols) throw new ArgumentError(`ColumnTransformer: "${name}" selects column ${c}, X has ${cols}`);
      return c < 0 ? cols + c : c;
    });
  }

  fit(X: MatrixInput, y?: Labels, options?: FitOptions): this {
    this.fitTransform(X, y, options);
    return this;
  }

  fitTransform(X: MatrixInput, y?: Labels, options?: FitOptions): Matrix {
    const x = toMatrix(X, 'ColumnTransformer.fit: X', { allowNonFinite: true });
    const used = new Uint8Array(x.cols);
    const plan: { name: string; columns: Int32Array; transformer: Estimator | 'passthrough' }[] = [];
    for (const [name, t, selection] of this.params.transformers) {
      const columns = this.resolveColumns(name, selection, x.cols);
      for (const c of columns) used[c] = 1;
      if (t !== 'drop') plan.push({ name, columns, transformer: t });
    }
    const rest = Int32Array.from({ length: x.cols }, (_, c) => c).filter((c) => !used[c]);
    if (this.params.remainder !== 'drop' && rest.length > 0) plan.push({ name: 'remainder', columns: rest, transformer: this.params.remainder });
    const outputs: Matrix[] = [];
    const parts: FittedPart[] = [];
    let at = 0;
    for (const step of plan) {
      checkAborted(options, 'ColumnTransformer.fit');
      const sub = takeColumns(x, step.columns);
      let out: Matrix, fitted: TransformerLike | null = null;
      if (step.transformer === 'passthrough') out = sub;
      else {
        fitted = cloneEstimator(step.transformer as TransformerLike);
        const raw = typeof fitted.fitTransform === 'function' ? fitted.fitTransform(sub, y, { signal: options?.signal }) : (fitted.fit(sub, y, { signal: options?.signal }), fitted.transform(sub));
        out = asMatrix(raw, x.rows, `ColumnTransformer: output of "${step.name}"`);
      }
      outputs.push(out);
      parts.push({ name: step.name, columns: step.columns, transformer: fitted, slice: [at, at + out.cols] });
      at += out.cols;
    }
    this.parts = { inputColumns: x.cols, parts, outputColumns: at };
    return this.stack(outputs, x.rows, at);
  }

  private stack(outputs: Matrix[], rows: number, width: number): Matrix {
    const data = new Float64Array(rows * width);
    let at = 0;
    for (const m of outputs) {
      for (let r = 0; r < rows; r++) data.set(m.data.subarray(r * m.cols, (r + 1) * m.cols), r * width + at);
      at += m.cols;
    }
    return { rows, cols: width, data };
  }

  transform(X: MatrixInput): Matrix {
    const state = this.fitted(this.parts, 'transform');
    const x = toMatrix(X, 'ColumnTransformer.transform: X', { allowNonFinite: true });
    if (x.cols !== state.inputColumns) throw new ArgumentError(`ColumnTransformer.transform: X has ${x.cols} columns, fitted on ${state.inputColumns}`);
    const outputs = state.parts.map((p) => {
      const sub = takeColumns(x, p.columns);
      const out = p.transformer === null ? sub : asMatrix(p.transformer.transform(sub), x.rows, `ColumnTransformer: output of "${p.name}"`);
      if (out.cols !== p.slice[1] - p.slice[0]) throw new ArgumentError(`ColumnTransformer: "${p.name}" gave ${out.cols} columns, ${p.slice[1] - p.slice[0]} at fit`);
      return out;
    });
    return this.stack(outputs, x.rows, state.outputColumns);
  }

  /** The fitted transformers by name (clones; null for passthrough parts). */
  get namedTransformers(): Record<string, Estimator | null> {
    return Object.fromEntries(this.fitted(this.parts, 'namedTransformers').parts.map((p) => [p.name, p.transformer]));
  }
  /** Output columns [start, end) of each part by name. */
  get outputIndices(): Record<string, [number, number]> {
    return Object.fromEntries(this.fitted(this.parts, 'outputIndices').parts.map((p) => [p.name, [...p.slice] as [number, number]]));
  }
}

/** A ColumnTransformer named as makePipeline names its steps (lower-cased class names, repeats numbered). */
export function makeColumnTransformer(...entries: (readonly [Estimator | 'drop' | 'passthrough', ColumnSelection])[]): ColumnTransformer {
  const names = nameByClass(entries.map(([t]) => t));
  return new ColumnTransformer(entries.map(([t, c], i) => [names[i]!, t, c] as const));
}
