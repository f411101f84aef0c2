// The loop every cross-validated procedure runs (crossValidate, GridSearchCV, learningCurve,
// validationCurve): for each fold, and for each variant of the estimator within the fold (a
// parameter candidate, a training-set size), a fresh clone is configured, fitted on the training
// rows and handed with its fold's rows to the caller to score; each fit checks the AbortSignal first
// and reports its progress after.
import { cloneEstimator } from '../base/clone.ts';
import { checkAborted, report } from '../base/estimator.ts';
import type { MatrixInput } from '@neurite/tensor';
import type { FitOptions, Labels, Params, Predictor } from '../base/protocol.ts';
import { type Fold, type Samples, takeLabels, takeRows } from './indexing.ts';

/** One fitted clone and the rows it was fitted and is to be scored on. */
export interface FoldFit<E extends Predictor> {
  model: E;
  /** Fold and variant indices. */
  fold: number;
  variant: number;
  xTrain: MatrixInput;
  yTrain: Labels;
  xTest: MatrixInput;
  yTest: Labels;
  /** Seconds spent in fit. */
  fitSeconds: number;
}

export interface FoldLoop {
  /** The progress stage, also the name in abort errors unless `what` is given. */
  stage: string;
  what?: string;
  /** Variants per fold (default 1). */
  variants?: number;
  /** Hyperparameters set on the clone of variant v (setParams). */
  paramsOf?: (variant: number) => Params;
  /** The training rows of variant v in fold f (default: the fold's training rows). */
  trainRowsOf?: (fold: number, variant: number) => Int32Array;
}

function now(): number {
  return globalThis.performance?.now() ?? 0;
}

/**
 * Fits a clone of `estimator` per fold and variant (folds outer, variants inner) and calls `score`
 * with each; the number it returns goes into the progress report as its value.
 */
export function fitFolds<E extends Predictor>(
  estimator: E,
  x: Samples,
  y: Labels,
  folds: readonly Fold[],
  loop: FoldLoop,
  options: FitOptions | undefined,
  score: (fit: FoldFit<E>) => number | void,
): void {
  const variants = loop.variants ?? 1;
  const total = folds.length * variants;
  let done = 0;
  folds.forEach((fold, f) => {
    const xTest = takeRows(x, fold.test), yTest = takeLabels(y, fold.test);
    const whole = loop.trainRowsOf ? null : { x: takeRows(x, fold.train), y: takeLabels(y, fold.train) };
    for (let v = 0; v < variants; v++) {
      checkAborted(options, loop.what ?? loop.stage);
      const rows = loop.trainRowsOf?.(f, v);
      const xTrain = whole?.x ?? takeRows(x, rows!), yTrain = whole?.y ?? takeLabels(y, rows!);
      const model = cloneEstimator(estimator);
      if (loop.paramsOf) model.setParams(loop.paramsOf(v));
      const t = now();
      model.fit(xTrain, yTrain, { signal: options?.signal });
      const value = score({ model, fold: f, variant: v, xTrain, yTrain, xTest, yTest, fitSeconds: (now() - t) / 1000 });
      report(options, { stage: loop.stage, done: ++done, total, ...(typeof value === 'number' ? { value } : {}) });
    }
  });
}
