// Regression targets with one or several outputs, as scikit-learn's regressors read y: a 1-D array
// (one output) or a 2-D table n x outputs (number[][], { data, shape }, a Matrix or a rank-2 Tensor).
// Multi-output predictions come back row-major (sample by sample, outputs side by side), and scores
// are the mean R^2 over the outputs (scikit-learn's multioutput='uniform_average').
import { type Matrix, type MatrixInput, ShapeError, toMatrix } from '@neurite/tensor';
import { toTargets } from './labels.ts';
import type { Labels } from './protocol.ts';

/** y of a regressor: one value per sample, or a table of samples by outputs. */
export type RegressionTargets = Labels | MatrixInput;

export interface TargetTable {
  /** rows x outputs, row-major. */
  values: Float64Array;
  rows: number;
  outputs: number;
  /** Whether y was 2-D (even with one column), so predictions keep that shape. */
  multiOutput: boolean;
}

/** Whether y is a 2-D table rather than a flat array of targets. */
export function isTable(y: RegressionTargets): y is MatrixInput {
  if (Array.isArray(y)) return y.length > 0 && Array.isArray(y[0]);
  if (y === null || typeof y !== 'object' || ArrayBuffer.isView(y)) return false;
  return 'shape' in y || 'rows' in y;
}

/** Reads y as a table: 1-D y is one output. Checks the row count against X. */
export function readRegressionTargets(y: RegressionTargets, rows: number, what = 'y'): TargetTable {
  if (!isTable(y)) return { values: toTargets(y as Labels, rows, what), rows, outputs: 1, multiOutput: false };
  const m = toMatrix(y, what);
  if (m.rows !== rows) throw new ShapeError(`${what}: ${m.rows} rows of targets for ${rows} samples`);
  if (m.cols < 1) throw new ShapeError(`${what}: expected at least one output column, got none`);
  return { values: m.data, rows, outputs: m.cols, multiOutput: true };
}

/** Column k of a row-major rows x outputs table. */
export function outputColumn(values: Float64Array, rows: number, outputs: number, k: number): Float64Array {
  if (outputs === 1) return values;
  const out = new Float64Array(rows);
  for (let i = 0; i < rows; i++) out[i] = values[i * outputs + k]!;
  return out;
}

/** R^2 of one output (scikit-learn's r2_score: 1 when both sums are 0, 0 when only SS_tot is). */
function r2Column(yTrue: Float64Array, yPred: Float64Array, rows: number, outputs: number, k: number): number {
  let mean = 0;
  for (let i = 0; i < rows; i++) mean += yTrue[i * outputs + k]!;
  mean /= rows;
  let res = 0, tot = 0;
  for (let i = 0; i < rows; i++) {
    res += (yTrue[i * outputs + k]! - yPred[i * outputs + k]!) ** 2;
    tot += (yTrue[i * outputs + k]! - mean) ** 2;
  }
  if (tot === 0) return res === 0 ? 1 : 0;
  return 1 - res / tot;
}

/** Mean R^2 over the outputs of row-major predictions against y. */
export function meanR2(y: RegressionTargets, prediction: Float64Array, rows: number, outputs: number): number {
  const table = readRegressionTargets(y, rows);
  if (table.outputs !== outputs) throw new ShapeError(`y: ${table.outputs} outputs, the model predicts ${outputs}`);
  let total = 0;
  for (let k = 0; k < outputs; k++) total += r2Column(table.values, prediction, rows, outputs, k);
  return total / outputs;
}

/** Row-major predictions as a rows x outputs Matrix. */
export function asOutputMatrix(prediction: Float64Array, rows: number, outputs: number): Matrix {
  return { rows, cols: outputs, data: prediction };
}
