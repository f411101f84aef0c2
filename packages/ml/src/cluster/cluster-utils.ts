// Small helpers shared by the clustering estimators: JSON checks, centre validation, variance.
import { ArgumentError, toMatrix, type Matrix } from '@neurite/tensor';
import type { EstimatorJSON } from '../base/estimator.ts';

/** Checks the envelope of a serialised estimator before fromJSON reads it. */
export function checkJSON(json: EstimatorJSON, type: string): void {
  if (json === null || typeof json !== 'object' || json.type !== type) {
    throw new ArgumentError(`${type}.fromJSON: expected { type: '${type}', params, state }, got type ${String((json as { type?: unknown } | null)?.type)}`);
  }
}

/** `init` given as an array: nClusters rows of finite numbers, one length. */
export function checkCentersInit(init: unknown, nClusters: number, what: string): void {
  if (!Array.isArray(init)) throw new ArgumentError(`${what} must be 'k-means++', 'random' or an array of ${nClusters} centres`);
  const m = toMatrix(init as number[][], what);
  if (m.rows !== nClusters) throw new ArgumentError(`${what}: ${m.rows} centres given for nClusters = ${nClusters}`);
}

export function matrixToRows(m: Matrix): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < m.rows; i++) out.push(Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols)));
  return out;
}

/** Mean over features of the per-feature variance (scikit-learn's _tolerance scale). */
export function meanVariance(x: Matrix): number {
  const n = x.rows, d = x.cols, data = x.data;
  if (n === 0 || d === 0) return 0;
  // Two passes over the rows (cache-friendly): means, then squared deviations.
  const mean = new Float64Array(d), squares = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let f = 0, row = i * d; f < d; f++) mean[f] += data[row + f]!;
  for (let f = 0; f < d; f++) mean[f] /= n;
  for (let i = 0; i < n; i++) {
    for (let f = 0, row = i * d; f < d; f++) {
      const t = data[row + f]! - mean[f]!;
      squares[f] += t * t;
    }
  }
  let total = 0;
  for (let f = 0; f < d; f++) total += squares[f]! / n;
  return total / d;
}
