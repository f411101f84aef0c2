// Leave-one-out: n folds, each testing one sample on all the others.
import { ArgumentError, type MatrixInput } from '@neurite/tensor';
import type { Labels } from '../base/protocol.ts';
import { checkLabelCount, type Fold, sampleCount } from './indexing.ts';
import type { Splitter } from './k-fold.ts';

export class LeaveOneOut implements Splitter {
  private n = -1;

  /** The number of folds of the last split (the sample count); -1 before any split. */
  getNSplits(): number {
    return this.n;
  }

  split(X: MatrixInput | number, y?: Labels): Fold[] {
    const n = sampleCount(X, 'LeaveOneOut.split: X');
    checkLabelCount(y, n, 'LeaveOneOut.split: y');
    if (n < 2) throw new ArgumentError(`LeaveOneOut.split: needs at least 2 samples, got ${n}`);
    this.n = n;
    const folds: Fold[] = [];
    for (let i = 0; i < n; i++) {
      const train = new Int32Array(n - 1);
      for (let j = 0, at = 0; j < n; j++) if (j !== i) train[at++] = j;
      folds.push({ train, test: Int32Array.of(i) });
    }
    return folds;
  }
}
