// The estimator and transformer protocol of DESIGN.md section 4, in the scikit-learn style: the
// constructor stores hyperparameters only; fit(X, y) learns and returns `this`; learned state read
// before fit throws NotFittedError. @neurite/features satisfies the Transformer shape structurally
// (it may not import ml), and Pipeline / ColumnTransformer accept anything that does.
import type { Matrix, MatrixInput } from '@neurite/tensor';

export type { MatrixInput } from '@neurite/tensor';

/** Targets: class labels (numbers or strings) or regression values. */
export type Labels = readonly number[] | readonly string[] | Float64Array | Float32Array | Int32Array;

/** Hyperparameters by name, as scikit-learn's get_params / set_params (camelCase). */
export type Params = Record<string, unknown>;

/** Progress of a long fit: a stage, work done so far and the total when known. */
export interface FitProgress {
  stage: string;
  done: number;
  total?: number;
  /** A value worth showing beside the progress (a loss, an inertia, an out-of-bag score). */
  value?: number;
}

/** Options every long fit honours. */
export interface FitOptions {
  signal?: AbortSignal;
  onProgress?: (progress: FitProgress) => void;
}

export interface Estimator {
  getParams(): Params;
  setParams(params: Params): this;
}

export interface Predictor extends Estimator {
  fit(X: MatrixInput, y: Labels, options?: FitOptions): this;
  predict(X: MatrixInput): number[] | string[] | Float64Array;
  score(X: MatrixInput, y: Labels): number;
}

export interface Classifier extends Predictor {
  readonly classes: readonly number[] | readonly string[];
  predictProba?(X: MatrixInput): Matrix;
}

/** A transformer: fit on training data only, then transform any data the same way. */
export interface Transformer extends Estimator {
  fit(X: MatrixInput, y?: Labels, options?: FitOptions): this;
  transform(X: MatrixInput): Matrix;
  fitTransform(X: MatrixInput, y?: Labels, options?: FitOptions): Matrix;
  inverseTransform?(X: MatrixInput): Matrix;
}
