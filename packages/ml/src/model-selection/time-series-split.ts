// Time-series cross-validation as scikit-learn's TimeSeriesSplit: every test block follows its
// training rows in time; folds of testSize (default n / (nSplits + 1)) from the end, training on
// everything before the test block less `gap` rows, at most maxTrainSize of the latest.
import { ArgumentError, type MatrixInput } from '@neurite/tensor';
import type { Labels } from '../base/protocol.ts';
import { checkLabelCount, type Fold, sampleCount } from './indexing.ts';
import type { Splitter } from './k-fold.ts';

export interface TimeSeriesSplitOptions {
  nSplits?: number;
  maxTrainSize?: number | null;
  testSize?: number | null;
  gap?: number;
}

export class TimeSeriesSplit implements Splitter {
  readonly nSplits: number;
  readonly maxTrainSize: number | null;
  readonly testSize: number | null;
  readonly gap: number;

  constructor(options: TimeSeriesSplitOptions = {}) {
    const check = (name: string, v: unknown, min: number): void => {
      if (typeof v !== 'number' || !Number.isInteger(v) || v < min) throw new ArgumentError(`TimeSeriesSplit: ${name} must be an integer >= ${min}, got ${String(v)}`);
    };
    this.nSplits = options.nSplits ?? 5;
    check('nSplits', this.nSplits, 2);
    this.maxTrainSize = options.maxTrainSize ?? null;
    if (this.maxTrainSize !== null) check('maxTrainSize', this.maxTrainSize, 1);
    this.testSize = options.testSize ?? null;
    if (this.testSize !== null) check('testSize', this.testSize, 1);
    this.gap = options.gap ?? 0;
    check('gap', this.gap, 0);
  }

  getNSplits(): number {
    return this.nSplits;
  }

  split(X: MatrixInput | number, y?: Labels): Fold[] {
    const n = sampleCount(X, 'TimeSeriesSplit.split: X');
    checkLabelCount(y, n, 'TimeSeriesSplit.split: y');
    const k = this.nSplits, folds = k + 1;
    const testSize = this.testSize ?? Math.floor(n / folds);
    if (folds > n) throw new ArgumentError(`TimeSeriesSplit.split: nSplits + 1 = ${folds} is more than the ${n} samples`);
    if (n - this.gap - testSize * k <= 0) throw new ArgumentError(`TimeSeriesSplit.split: ${n} samples leave no training rows for ${k} test blocks of ${testSize} after a gap of ${this.gap}`);
    const out: Fold[] = [];
    for (let start = n - k * testSize; start < n; start += testSize) {
      const trainEnd = start - this.gap;
      const trainStart = this.maxTrainSize !== null && this.maxTrainSize < trainEnd ? trainEnd - this.maxTrainSize : 0;
      out.push({
        train: Int32Array.from({ length: trainEnd - trainStart }, (_, i) => trainStart + i),
        test: Int32Array.from({ length: Math.min(testSize, n - start) }, (_, i) => start + i),
      });
    }
    return out;
  }
}
