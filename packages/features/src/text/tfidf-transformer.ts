// Term counts to tf-idf weights, as scikit-learn's TfidfTransformer: fit learns each column's inverse
// document frequency, idf = ln((1 + n) / (1 + df)) + 1 with smoothIdf (as if one extra document
// held every term once), else ln(n / df) + 1, where df counts the rows holding the term; transform
// multiplies each count (or 1 + ln(count) with sublinearTf) by its idf, then scales each row to unit
// l2 (default) or l1 norm. CSR in gives CSR out; a dense matrix gives a dense Matrix.
import { ArgumentError, type Matrix, type MatrixInput, toMatrix } from '@neurite/tensor';
import { checkJSON, numbersFromJSON, numbersToJSON, type TransformerJSON } from '../base/json.ts';
import { BaseTransformer } from '../base/transformer.ts';
import { checkBoolean, checkColumns, checkOneOf } from '../base/validate.ts';
import { checkCsr, type CsrMatrix, normalizeRows } from '../hashing/sparse.ts';

export interface TfidfParams extends Record<string, unknown> {
  norm: 'l2' | 'l1' | 'none';
  useIdf: boolean;
  smoothIdf: boolean;
  sublinearTf: boolean;
}

export const TFIDF_DEFAULTS: TfidfParams = { norm: 'l2', useIdf: true, smoothIdf: true, sublinearTf: false };

export function checkTfidfParams(p: TfidfParams, what: string): void {
  checkOneOf(p.norm, ['l2', 'l1', 'none'] as const, `${what}: norm`);
  checkBoolean(p.useIdf, `${what}: useIdf`);
  checkBoolean(p.smoothIdf, `${what}: smoothIdf`);
  checkBoolean(p.sublinearTf, `${what}: sublinearTf`);
}

/** Counts as CSR: a CsrMatrix is checked and kept, anything else read as a dense matrix (zeros not stored). */
function asCsr(X: CsrMatrix | MatrixInput, what: string): { csr: CsrMatrix; dense: boolean } {
  if (X !== null && typeof X === 'object' && 'indptr' in X) {
    checkCsr(X, what);
    return { csr: X, dense: false };
  }
  const m = toMatrix(X as MatrixInput, what);
  const indptr = new Int32Array(m.rows + 1);
  const indices: number[] = [];
  const data: number[] = [];
  for (let i = 0; i < m.rows; i++) {
    for (let j = 0; j < m.cols; j++) {
      const v = m.data[i * m.cols + j]!;
      if (v !== 0) {
        indices.push(j);
        data.push(v);
      }
    }
    indptr[i + 1] = indices.length;
  }
  return { csr: { indptr, indices: Int32Array.from(indices), data: Float64Array.from(data), shape: [m.rows, m.cols] }, dense: true };
}

/** The idf of each column of `counts` (scikit-learn's formula; see the file header). */
export function inverseDocumentFrequency(counts: CsrMatrix, smoothIdf: boolean): Float64Array {
  const [rows, cols] = counts.shape;
  const df = new Float64Array(cols);
  for (let k = 0; k < counts.indices.length; k++) df[counts.indices[k]!]! += 1;
  const n = rows + (smoothIdf ? 1 : 0);
  const idf = new Float64Array(cols);
  for (let j = 0; j < cols; j++) idf[j] = Math.log(n / (df[j]! + (smoothIdf ? 1 : 0))) + 1;
  return idf;
}

/** tf-idf of CSR counts (a new matrix): sublinear tf, times idf (when given), row normalisation. */
export function tfidfOf(counts: CsrMatrix, idf: Float64Array | null, p: TfidfParams, what: string): CsrMatrix {
  const data = counts.data.slice();
  if (p.sublinearTf) {
    for (let k = 0; k < data.length; k++) {
      if (data[k]! < 0) throw new ArgumentError(`${what}: sublinearTf takes counts >= 0, found ${data[k]} (row-wise position ${k})`);
      if (data[k] !== 0) data[k] = Math.log(data[k]!) + 1;
    }
  }
  if (idf !== null) for (let k = 0; k < data.length; k++) data[k]! *= idf[counts.indices[k]!]!;
  const out: CsrMatrix = { indptr: counts.indptr.slice(), indices: counts.indices.slice(), data, shape: [counts.shape[0], counts.shape[1]] };
  normalizeRows(out, p.norm);
  return out;
}

/** The dense Matrix of a CSR matrix whose rows hold each column at most once. */
function denseOf(m: CsrMatrix): Matrix {
  const [rows, cols] = m.shape;
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let k = m.indptr[i]!; k < m.indptr[i + 1]!; k++) data[i * cols + m.indices[k]!] = m.data[k]!;
  return { rows, cols, data };
}

export class TfidfTransformer extends BaseTransformer<TfidfParams, { idf: Float64Array | null; cols: number }> {
  constructor(params?: Partial<TfidfParams>) {
    super(TFIDF_DEFAULTS, params);
  }

  protected get typeName(): string {
    return 'TfidfTransformer';
  }

  protected override validateParams(p: TfidfParams): void {
    checkTfidfParams(p, 'TfidfTransformer');
  }

  /** Learns the idf of each column of the counts (CSR or dense). */
  fit(X: CsrMatrix | MatrixInput, _y?: unknown): this {
    const { csr } = asCsr(X, 'TfidfTransformer.fit');
    this.learned = { idf: this.params.useIdf ? inverseDocumentFrequency(csr, this.params.smoothIdf) : null, cols: csr.shape[1] };
    return this;
  }

  /** tf-idf weights: CSR for CSR counts, a dense Matrix for dense counts. */
  transform<X extends CsrMatrix | MatrixInput>(X: X): X extends CsrMatrix ? CsrMatrix : Matrix {
    const state = this.state('transform');
    const { csr, dense } = asCsr(X, 'TfidfTransformer.transform');
    checkColumns(csr.shape[1], state.cols, 'TfidfTransformer.transform');
    const out = tfidfOf(csr, state.idf, this.params, 'TfidfTransformer.transform');
    return (dense ? denseOf(out) : out) as X extends CsrMatrix ? CsrMatrix : Matrix;
  }

  fitTransform<X extends CsrMatrix | MatrixInput>(X: X, y?: unknown): X extends CsrMatrix ? CsrMatrix : Matrix {
    return this.fit(X, y).transform(X);
  }

  /** The learned idf per column (null with useIdf false). */
  get idf(): Float64Array | null {
    return this.state('idf').idf?.slice() ?? null;
  }

  protected stateToJSON(state: { idf: Float64Array | null; cols: number }): unknown {
    return { idf: state.idf === null ? null : numbersToJSON(state.idf), cols: state.cols };
  }

  static fromJSON(json: TransformerJSON | unknown): TfidfTransformer {
    const { params, state } = checkJSON(json, 'TfidfTransformer');
    const t = new TfidfTransformer(params as Partial<TfidfParams>);
    if (state !== null) {
      const cols = state.cols;
      if (typeof cols !== 'number' || !Number.isInteger(cols) || cols < 1) throw new ArgumentError(`TfidfTransformer.fromJSON: state.cols must be a positive integer, got ${String(cols)}`);
      t.learned = { idf: state.idf === null ? null : numbersFromJSON(state.idf, 'TfidfTransformer.fromJSON: state.idf', cols), cols };
    }
    return t;
  }
}
