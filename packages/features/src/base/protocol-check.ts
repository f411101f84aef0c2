// Compile-time proof that the numeric transformers satisfy @neurite/ml's Transformer protocol
// (ml's base/protocol.ts, mirrored here because features may not import ml; DESIGN.md section 1).
// Types only: nothing is emitted. If a class drifts from the protocol, `tsc -b` fails on this file.
// Not listed: the categorical encoders (their inverseTransform returns categories, not a Matrix) and
// the hashers (their input is samples of features or texts); ml's Pipeline and ColumnTransformer take
// them all, since a step there needs only getParams / setParams, fit and transform.
import type { Matrix, MatrixInput } from '@neurite/tensor';
import type { KBinsDiscretizer } from '../discretization/k-bins-discretizer.ts';
import type { FeatureCross } from '../discretization/feature-cross.ts';
import type { KNNImputer } from '../imputation/knn-imputer.ts';
import type { SimpleImputer } from '../imputation/simple-imputer.ts';
import type { FunctionTransformer } from '../scaling/function-transformer.ts';
import type { LogTransformer } from '../scaling/log-transformer.ts';
import type { MedianLogTransformer } from '../scaling/median-log-transformer.ts';
import type { MinMaxScaler } from '../scaling/min-max-scaler.ts';
import type { RobustScaler } from '../scaling/robust-scaler.ts';
import type { StandardScaler } from '../scaling/standard-scaler.ts';

type MlLabels = readonly number[] | readonly string[] | Float64Array | Float32Array | Int32Array;
interface MlFitOptions {
  signal?: AbortSignal;
  onProgress?: (progress: { stage: string; done: number; total?: number; value?: number }) => void;
}
interface MlTransformer {
  getParams(): Record<string, unknown>;
  setParams(params: Record<string, unknown>): this;
  fit(X: MatrixInput, y?: MlLabels, options?: MlFitOptions): this;
  transform(X: MatrixInput): Matrix;
  fitTransform(X: MatrixInput, y?: MlLabels, options?: MlFitOptions): Matrix;
  inverseTransform?(X: MatrixInput): Matrix;
}

type Assert<T extends true> = T;
type Satisfies<T> = T extends MlTransformer ? true : false;

export type ProtocolCheck = [
  Assert<Satisfies<MinMaxScaler>>, Assert<Satisfies<StandardScaler>>, Assert<Satisfies<RobustScaler>>, Assert<Satisfies<LogTransformer>>,
  Assert<Satisfies<MedianLogTransformer>>, Assert<Satisfies<FunctionTransformer>>, Assert<Satisfies<KBinsDiscretizer>>, Assert<Satisfies<FeatureCross>>,
  Assert<Satisfies<SimpleImputer>>, Assert<Satisfies<KNNImputer>>,
];
