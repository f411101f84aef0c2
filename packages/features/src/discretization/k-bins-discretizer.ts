// Bucketisation of numeric columns, as scikit-learn's KBinsDiscretizer (1.9): bin edges per column
// from fit, then bin = the number of interior edges <= x (np.searchsorted(edges[1:-1], x, 'right')),
// so values below the first edge fall in bin 0 and above the last in the last bin.
//   strategy 'uniform'  — nBins equal widths between the column's min and max (np.linspace)
//   strategy 'quantile' — edges at the percentiles linspace(0, 100, nBins + 1) of the column with
//                         quantileMethod (NumPy's methods; 'averaged_inverted_cdf' is 1.9's default);
//                         bins narrower than 1e-8 are removed, so ties may leave fewer bins
//   strategy 'kmeans'   — edges halfway between the sorted centres of 1-D k-means started from the
//                         uniform bins' midpoints (kmeans-1d.ts), plus the min and max; narrow bins removed
//   strategy 'fixed'    — the caller's interior edges per column (`edges`), nothing learned but the count
// A constant column gets one bin (edges -inf, +inf). encode 'ordinal' gives the bin numbers; 'onehot'
// their dense one-hot columns. Unlike scikit-learn, no subsampling of large inputs and no sample weights.
import { ArgumentError, type Matrix, type MatrixInput, ShapeError, toMatrix } from '@neurite/tensor';
import { BaseTransformer } from '../base/transformer.ts';
import { checkJSON, numbersFromJSON, numbersToJSON, type TransformerJSON } from '../base/json.ts';
import { columnValues, type QuantileMethod, percentileSorted } from '../base/quantile.ts';
import { kmeans1d } from './kmeans-1d.ts';
import { checkColumns, checkFitTable, checkInteger, checkOneOf, describe } from '../base/validate.ts';

export interface KBinsDiscretizerParams extends Record<string, unknown> {
  /** Bins per column (an integer >= 2, or one per column); ignored by 'fixed'. */
  nBins: number | readonly number[];
  strategy: 'uniform' | 'quantile' | 'kmeans' | 'fixed';
  quantileMethod: QuantileMethod;
  /** For 'fixed': each column's interior edges, strictly ascending (k edges make k + 1 bins). */
  edges: readonly (readonly number[])[] | null;
  encode: 'ordinal' | 'onehot';
}

interface KBinsState {
  /** Full edges per column (first = min, last = max; -inf / +inf for constant or fixed columns). */
  binEdges: Float64Array[];
}

const MAX_BINS = 1 << 24;

/** The bin of x among full edges: the number of interior edges <= x. */
export function binIndex(edges: Float64Array, x: number): number {
  let lo = 1, hi = edges.length - 1; // search edges[1 .. length - 2]
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (edges[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

export class KBinsDiscretizer extends BaseTransformer<KBinsDiscretizerParams, KBinsState> {
  constructor(params?: Partial<KBinsDiscretizerParams>) {
    super({ nBins: 5, strategy: 'quantile', quantileMethod: 'averaged_inverted_cdf', edges: null, encode: 'onehot' }, params);
  }

  protected get typeName(): string {
    return 'KBinsDiscretizer';
  }

  protected override validateParams(p: KBinsDiscretizerParams): void {
    // at most 2^24 bins per column: the edges are allocated before any data is seen
    if (Array.isArray(p.nBins)) p.nBins.forEach((n, j) => checkInteger(n, `KBinsDiscretizer: nBins[${j}]`, 2, MAX_BINS));
    else checkInteger(p.nBins, 'KBinsDiscretizer: nBins', 2, MAX_BINS);
    checkOneOf(p.strategy, ['uniform', 'quantile', 'kmeans', 'fixed'] as const, 'KBinsDiscretizer: strategy');
    checkOneOf(p.quantileMethod, ['linear', 'averaged_inverted_cdf', 'inverted_cdf'] as const, 'KBinsDiscretizer: quantileMethod');
    checkOneOf(p.encode, ['ordinal', 'onehot'] as const, 'KBinsDiscretizer: encode');
    if (p.strategy === 'fixed') {
      if (!Array.isArray(p.edges)) throw new ArgumentError(`KBinsDiscretizer: strategy 'fixed' needs edges (one ascending array per column), got ${describe(p.edges)}`);
      p.edges.forEach((e: unknown, j) => {
        if (!Array.isArray(e) || e.length === 0) throw new ArgumentError(`KBinsDiscretizer: edges[${j}] must be a non-empty array, got ${describe(e)}`);
        e.forEach((v: unknown, k) => {
          if (typeof v !== 'number' || !Number.isFinite(v)) throw new ArgumentError(`KBinsDiscretizer: edges[${j}][${k}] is ${describe(v)}, expected a finite number`);
          if (k > 0 && !(v > (e[k - 1] as number))) throw new ArgumentError(`KBinsDiscretizer: edges[${j}] must be strictly ascending (at ${k})`);
        });
      });
    }
  }

  fit(X: MatrixInput, _y?: unknown): this {
    const fitX = toMatrix(X, 'KBinsDiscretizer.fit: X');
    checkFitTable(fitX, 'KBinsDiscretizer.fit');
    const { rows, cols, data } = fitX;
    const { nBins, strategy, quantileMethod, edges } = this.params;
    if (Array.isArray(nBins) && strategy !== 'fixed' && nBins.length !== cols) throw new ShapeError(`KBinsDiscretizer.fit: nBins has ${nBins.length} entries for ${cols} columns`);
    if (strategy === 'fixed' && edges!.length !== cols) throw new ShapeError(`KBinsDiscretizer.fit: edges has ${edges!.length} entries for ${cols} columns`);
    const binEdges: Float64Array[] = [];
    for (let j = 0; j < cols; j++) {
      if (strategy === 'fixed') {
        binEdges.push(Float64Array.from([-Infinity, ...edges![j]!, Infinity]));
        continue;
      }
      const n = Array.isArray(nBins) ? nBins[j]! : (nBins as number);
      const sorted = columnValues(data, rows, cols, j).sort();
      const min = sorted[0]!, max = sorted[rows - 1]!;
      if (min === max) {
        binEdges.push(Float64Array.from([-Infinity, Infinity]));
        continue;
      }
      let e: number[];
      // np.linspace: start + i * step, the last one exactly max
      const step = (max - min) / n;
      const uniform = Array.from({ length: n + 1 }, (_, i) => (i === n ? max : i * step + min));
      if (strategy === 'uniform') e = uniform;
      else if (strategy === 'kmeans') {
        const init = Float64Array.from({ length: n }, (_, i) => (uniform[i + 1]! + uniform[i]!) * 0.5);
        const centers = kmeans1d(columnValues(data, rows, cols, j), init).sort();
        const mids = Array.from({ length: n - 1 }, (_, i) => (centers[i + 1]! + centers[i]!) * 0.5);
        const q = [min, ...mids, max];
        e = q.filter((v, k) => k === 0 || v - q[k - 1]! > 1e-8);
      } else {
        const levelStep = 100 / n;
        const levels = Array.from({ length: n + 1 }, (_, i) => (i === n ? 100 : i * levelStep));
        const q = levels.map((p) => percentileSorted(sorted, p, quantileMethod));
        e = q.filter((v, k) => k === 0 || v - q[k - 1]! > 1e-8);
      }
      binEdges.push(Float64Array.from(e));
    }
    this.learned = { binEdges };
    return this;
  }

  /** Full bin edges per column (copies). */
  get binEdges(): Float64Array[] {
    return this.state('binEdges').binEdges.map((e) => e.slice());
  }

  /** The number of bins of each column (fewer than nBins where ties collapsed quantile bins). */
  get binCounts(): number[] {
    return this.state('binCounts').binEdges.map((e) => e.length - 1);
  }

  transform(X: MatrixInput): Matrix {
    const { binEdges } = this.state('transform');
    const m = toMatrix(X, 'KBinsDiscretizer.transform: X');
    checkColumns(m.cols, binEdges.length, 'KBinsDiscretizer.transform');
    const { rows, cols } = m;
    if (this.params.encode === 'ordinal') {
      const out = new Float64Array(rows * cols);
      for (let k = 0; k < out.length; k++) out[k] = binIndex(binEdges[k % cols]!, m.data[k]!);
      return { rows, cols, data: out };
    }
    const offsets: number[] = [];
    let width = 0;
    for (const e of binEdges) {
      offsets.push(width);
      width += e.length - 1;
    }
    const out = new Float64Array(rows * width);
    for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[i * width + offsets[j]! + binIndex(binEdges[j]!, m.data[i * cols + j]!)] = 1;
    return { rows, cols: width, data: out };
  }

  fitTransform(X: MatrixInput, y?: unknown): Matrix {
    return this.fit(X, y).transform(X);
  }

  /** Bin centres from bin numbers (encode 'ordinal' only; infinite outer edges give the finite neighbour). */
  inverseTransform(X: MatrixInput): Matrix {
    const { binEdges } = this.state('inverseTransform');
    if (this.params.encode !== 'ordinal') throw new ArgumentError("KBinsDiscretizer.inverseTransform: only encode 'ordinal' can be inverted here");
    const m = toMatrix(X, 'KBinsDiscretizer.inverseTransform: X');
    checkColumns(m.cols, binEdges.length, 'KBinsDiscretizer.inverseTransform');
    const out = new Float64Array(m.data.length);
    for (let k = 0; k < out.length; k++) {
      const e = binEdges[k % m.cols]!, b = m.data[k]!;
      if (!Number.isInteger(b) || b < 0 || b >= e.length - 1) throw new ArgumentError(`KBinsDiscretizer.inverseTransform: element ${k} is ${b}, not a bin number of its column`);
      const lo = e[b]!, hi = e[b + 1]!;
      out[k] = Number.isFinite(lo) && Number.isFinite(hi) ? (lo + hi) * 0.5 : Number.isFinite(lo) ? lo : Number.isFinite(hi) ? hi : 0;
    }
    return { rows: m.rows, cols: m.cols, data: out };
  }

  protected stateToJSON(s: KBinsState): unknown {
    return { binEdges: s.binEdges.map(numbersToJSON) };
  }

  static fromJSON(json: TransformerJSON | unknown): KBinsDiscretizer {
    const { params, state } = checkJSON(json, 'KBinsDiscretizer');
    const t = new KBinsDiscretizer(params as Partial<KBinsDiscretizerParams>);
    if (state) {
      if (!Array.isArray(state.binEdges)) throw new ArgumentError('KBinsDiscretizer.fromJSON: binEdges must be an array');
      t.learned = { binEdges: state.binEdges.map((e: unknown, j: number) => numbersFromJSON(e, `KBinsDiscretizer.fromJSON: binEdges[${j}]`)) };
    }
    return t;
  }
}
