// What each estimator converter adds to a graph, and the label helpers the classifiers share.
// A converter reads a float tensor [batch, nFeatures] and returns one of four results: a transformed
// float tensor (transformers, chained by Pipeline), a float prediction [batch, nOutputs] (regressors; 1 output unless said), an
// int64 / string label [batch] with float probabilities [batch, classes] (classifiers; scoresOnly
// when the second output holds decision values, not probabilities), or an int64 cluster label with
// the distances to every centre (clusterers; a Pipeline step before the last passes the distances on).
import type { OnnxAttribute, OnnxGraph } from '@neurite/nn';
import { ArgumentError } from '@neurite/tensor';

/** ONNX TensorProto.DataType STRING. */
export const ONNX_STRING = 8;

export type OnnxStep =
  | { kind: 'transform'; output: string; nFeatures: number }
  | { kind: 'regressor'; output: string; nOutputs?: number }
  | {
    kind: 'classifier'; label: string; labelType: number; probabilities: string; nColumns: number; classes: readonly (number | string)[]; scoresOnly?: boolean;
    /** MultiOutputClassifier: label [batch, outputs] (one column per output) and the outputs' probabilities side by side. */
    outputs?: number;
  }
  | { kind: 'clusterer'; label: string; distances: string; nClusters: number };

/** A converter: adds the estimator's nodes reading `input` ([batch, nFeatures] float) to `graph`. */
export type OnnxConverter<E> = (graph: OnnxGraph, estimator: E, input: string, nFeatures: number) => OnnxStep;

/** What exportEstimatorOnnx writes; listed by its errors. */
export const EXPORTABLE_ESTIMATORS = [
  'LinearRegression', 'Ridge', 'Lasso', 'ElasticNet', 'LogisticRegression', 'GaussianNB', 'MultinomialNB', 'BernoulliNB',
  'DecisionTreeClassifier', 'DecisionTreeRegressor', 'RandomForestClassifier', 'RandomForestRegressor', 'ExtraTreesClassifier',
  'ExtraTreesRegressor', 'GradientBoostingClassifier', 'GradientBoostingRegressor', 'SVC', 'NuSVC', 'SVR', 'NuSVR', 'KNeighborsClassifier', 'KNeighborsRegressor',
  'MultiOutputRegressor', 'MultiOutputClassifier', 'SelfTrainingClassifier', 'LabelPropagation', 'LabelSpreading', 'PCA', 'StandardScaler', 'MinMaxScaler', 'RobustScaler', 'LogTransformer', 'MedianLogTransformer', 'KBinsDiscretizer', 'SimpleImputer', 'KNNImputer',
  'AdaBoostClassifier', 'AdaBoostRegressor', 'BaggingClassifier', 'BaggingRegressor', 'VotingClassifier', 'VotingRegressor', 'StackingClassifier', 'StackingRegressor', 'KMeans', 'MiniBatchKMeans',
  'OneHotEncoder, OrdinalEncoder and CategoricalEmbedding (numeric categories; string categories with inputType \'string\')', 'ColumnTransformer and Pipeline of these',
] as const;

/** An ArgumentError naming what cannot be exported and what can. */
export function notExportable(what: string): ArgumentError {
  return new ArgumentError(`exportEstimatorOnnx: ${what} cannot be exported to ONNX; exportable: ${EXPORTABLE_ESTIMATORS.join(', ')}`);
}

/**
 * The classlabels attribute of the ai.onnx.ml classifiers: integer labels as classlabels_int64s
 * (TreeEnsembleClassifier) or classlabels_ints (LinearClassifier, SVMClassifier), the label output
 * then tensor(int64); string labels as classlabels_strings (tensor(string)).
 */
export function classLabels(owner: string, classes: readonly (number | string)[], intsName = 'classlabels_int64s'): { attributes: Record<string, { ints: number[] } | { strings: string[] }>; labelType: number } {
  if (classes.every((c) => typeof c === 'string')) return { attributes: { classlabels_strings: { strings: classes as string[] } }, labelType: ONNX_STRING };
  if (classes.every((c) => typeof c === 'number' && Number.isSafeInteger(c))) return { attributes: { [intsName]: { ints: classes as number[] } }, labelType: 7 };
  throw notExportable(`${owner} with non-integer numeric class labels (${classes.join(', ')})`);
}

/**
 * Labels from class scores [batch, classes]: ArgMax (first maximum, as numpy's argmax) then
 * ai.onnx.ml LabelEncoder (opset 2) from the class index to the label.
 */
export function labelsFromScores(graph: OnnxGraph, owner: string, scores: string, classes: readonly (number | string)[]): { label: string; labelType: number } {
  return labelsFromIndex(graph, owner, graph.node('ArgMax', [scores], { axis: 1, keepdims: 0 }), classes);
}

/** Labels from class indices (int64 [batch]) through LabelEncoder. */
export function labelsFromIndex(graph: OnnxGraph, owner: string, index: string, classes: readonly (number | string)[]): { label: string; labelType: number } {
  const { labelType } = classLabels(owner, classes);
  const keys = { ints: classes.map((_, i) => i) };
  const label = labelType === ONNX_STRING
    ? graph.node('LabelEncoder', [index], { keys_int64s: keys, values_strings: { strings: classes as string[] }, default_string: '' }, [graph.name('label')], 'ai.onnx.ml')
    : graph.node('LabelEncoder', [index], { keys_int64s: keys, values_int64s: { ints: classes as number[] }, default_int64: -1 }, [graph.name('label')], 'ai.onnx.ml');
  return { label, labelType };
}

/** The index (int64 [batch]) of each label (int64 or string [batch]) among `classes`, through LabelEncoder. */
export function indexOfLabels(graph: OnnxGraph, owner: string, label: string, classes: readonly (number | string)[]): string {
  const { labelType } = classLabels(owner, classes);
  const values = { ints: classes.map((_, i) => i) };
  const keys: Record<string, OnnxAttribute> = labelType === ONNX_STRING ? { keys_strings: { strings: classes as string[] } } : { keys_int64s: { ints: classes as number[] } };
  return graph.node('LabelEncoder', [label], { ...keys, values_int64s: values, default_int64: -1 }, [graph.name('class_index')], 'ai.onnx.ml');
}

/** An int64 constant (axes, shapes, indices). */
export function int64Constant(graph: OnnxGraph, prefix: string, values: number[]): string {
  return graph.constant(prefix, values, [values.length], 7);
}

/** Values of tensor(string) in each graph (the string input and its columns), read only by the encoders. */
const stringValues = new WeakMap<OnnxGraph, Set<string>>();

export function markStringValue(graph: OnnxGraph, name: string): string {
  let names = stringValues.get(graph);
  if (!names) stringValues.set(graph, (names = new Set()));
  names.add(name);
  return name;
}

export function isStringValue(graph: OnnxGraph, name: string): boolean {
  return stringValues.get(graph)?.has(name) ?? false;
}

/** A table input: one graph input [batch, 1] per column (float or string), read only by a ColumnTransformer. */
export interface TableValue {
  columns: { name: string; kind: 'number' | 'string' }[];
}
const tableValues = new WeakMap<OnnxGraph, Map<string, TableValue>>();

export function markTableValue(graph: OnnxGraph, name: string, table: TableValue): string {
  let tables = tableValues.get(graph);
  if (!tables) tableValues.set(graph, (tables = new Map()));
  tables.set(name, table);
  return name;
}

export function tableValue(graph: OnnxGraph, name: string): TableValue | undefined {
  return tableValues.get(graph)?.get(name);
}
