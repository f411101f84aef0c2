// exportEstimatorOnnx: a fitted estimator (or a Pipeline of them) as the bytes of an ONNX model of
// opset 17 with the ai.onnx.ml domain at opset 3. One input "input" [batch, nFeatures] (the batch
// axis symbolic): float, or string with inputType 'string' (read first by a OneHotEncoder or an
// OrdinalEncoder); or, with inputType 'columns', one input [batch, 1] per column of the mixed table
// a leading ColumnTransformer was fitted on (float or string as fitted), named by its column names
// (column_0, column_1, ... without names), as skl2onnx names a data frame's columns. Outputs, as onnxruntime returns them (without ZipMap, probabilities stay a tensor):
//   classifiers:  "label" [batch] ([batch, outputs] for a MultiOutputClassifier, with its outputs'
//                 probabilities side by side) (tensor(int64) for integer classes, tensor(string) for string
//                 classes) and "probabilities" [batch, classes] (predictProba's columns, in the
//                 order of `classes`); for SVC / NuSVC "scores" instead, as the runtime's SVMClassifier
//                 returns them: decisionFunction with decisionFunctionShape 'ovo' [batch, pairs],
//                 or [batch, 2] = [decisionFunction, -decisionFunction] with two classes;
//                 with probability: true, "probabilities" as predictProba
//                 with zipMap: true, "probabilities" is skl2onnx's ZipMap output instead: a sequence
//                 of maps (one per row) from each class label to its probability
//   regressors:   "variable" [batch, 1] (predict), or [batch, outputs] for a model fitted on a 2-D y
//                 (predictOutputs)
//   transformers: "variable" [batch, width] (transform)
//   clusterers:   "label" [batch] (int64, predict) and "scores" [batch, clusters] (transform: distances)
import { CategoricalEmbedding, KBinsDiscretizer, KNNImputer, LogTransformer, MedianLogTransformer, MinMaxScaler, OneHotEncoder, OrdinalEncoder, RobustScaler, SimpleImputer, StandardScaler } from '@neurite/features';
import { ONNX_FLOAT, type OnnxAttribute, OnnxGraph } from '@neurite/nn';
import { ArgumentError } from '@neurite/tensor';
import { CentroidClusterer } from '../cluster/centroid-clusterer.ts';
import { ColumnTransformer } from '../compose/column-transformer.ts';
import { AdaBoostClassifier } from '../ensemble/adaboost-classifier.ts';
import { AdaBoostRegressor } from '../ensemble/adaboost-regressor.ts';
import { BaggingClassifier } from '../ensemble/bagging-classifier.ts';
import { BaggingRegressor } from '../ensemble/bagging-regressor.ts';
import { StackingClassifier, StackingRegressor } from '../ensemble/stacking.ts';
import { VotingClassifier, VotingRegressor } from '../ensemble/voting.ts';
import { MultiOutputClassifier, MultiOutputRegressor } from '../ensemble/multi-output.ts';
import { PCA } from '../decomposition/pca.ts';
import { SelfTrainingClassifier } from '../semi-supervised/self-training.ts';
import { LabelPropagation, LabelSpreading } from '../semi-supervised/label-propagation.ts';
import { KNeighborsClassifier } from '../neighbors/k-neighbors-classifier.ts';
import { KNeighborsRegressor } from '../neighbors/k-neighbors-regressor.ts';
import { Pipeline } from '../compose/pipeline.ts';
import { GradientBoostingClassifier } from '../ensemble/gradient-boosting-classifier.ts';
import { GradientBoostingRegressor } from '../ensemble/gradient-boosting-regressor.ts';
import { RandomForestClassifier } from '../ensemble/random-forest-classifier.ts';
import { RandomForestRegressor } from '../ensemble/random-forest-regressor.ts';
import { ElasticNet } from '../linear/elastic-net.ts';
import { LinearRegression } from '../linear/linear-regression.ts';
import { LogisticRegression } from '../linear/logistic-regression.ts';
import { Ridge } from '../linear/ridge.ts';
import { BernoulliNB } from '../naive-bayes/bernoulli-nb.ts';
import { GaussianNB } from '../naive-bayes/gaussian-nb.ts';
import { MultinomialNB } from '../naive-bayes/multinomial-nb.ts';
import { BaseSVC } from '../svm/base-svc.ts';
import { BaseSVR } from '../svm/svr.ts';
import { DecisionTreeClassifier } from '../tree/decision-tree-classifier.ts';
import { DecisionTreeRegressor } from '../tree/decision-tree-regressor.ts';
import { centroidClustererOnnx } from './cluster-onnx.ts';
import { pcaOnnx } from './decomposition-onnx.ts';
import { kBinsDiscretizerOnnx } from './discretizer-onnx.ts';
import { knnImputerOnnx } from './knn-imputer-onnx.ts';
import { labelPropagationOnnx, selfTrainingClassifierOnnx } from './semi-supervised-onnx.ts';
import { kNeighborsClassifierOnnx, kNeighborsRegressorOnnx } from './neighbors-onnx.ts';
import { columnTransformerOnnx } from './column-transformer-onnx.ts';
import { linearRegressorOnnx, logisticRegressionOnnx } from './linear-onnx.ts';
import { bernoulliNBOnnx, gaussianNBOnnx, multinomialNBOnnx } from './naive-bayes-onnx.ts';
import { categoricalEmbeddingOnnx, oneHotEncoderOnnx, ordinalEncoderOnnx } from './encoder-onnx.ts';
import {
  adaBoostClassifierOnnx, adaBoostRegressorOnnx, baggingClassifierOnnx, baggingRegressorOnnx, multiOutputClassifierOnnx, multiOutputRegressorOnnx, stackingClassifierOnnx, stackingRegressorOnnx,
  votingClassifierOnnx, votingRegressorOnnx,
} from './ensemble-onnx.ts';
import { isStringValue, markStringValue, markTableValue, notExportable, ONNX_STRING, type OnnxStep, tableValue, type TableValue } from './onnx-step.ts';
import { svcOnnx, svrOnnx } from './svm-onnx.ts';
import { logTransformerOnnx, minMaxScalerOnnx, robustScalerOnnx, simpleImputerOnnx, standardScalerOnnx } from './transformer-onnx.ts';
import {
  decisionTreeClassifierOnnx, decisionTreeRegressorOnnx, gradientBoostingClassifierOnnx, gradientBoostingRegressorOnnx, randomForestClassifierOnnx,
  randomForestRegressorOnnx,
} from './tree-onnx.ts';

export interface ExportEstimatorOnnxOptions {
  /** Columns of the input X (each converter checks it against the fitted estimator). */
  nFeatures: number;
  /** The default opset (17 or later; default 17). */
  opset?: number;
  /** Stored as the model's doc_string. */
  docString?: string;
  /**
   * 'float32' (default), or 'string' for string columns: a tensor(string) input that a OneHotEncoder
   * or OrdinalEncoder fitted on string categories reads first (alone or as a Pipeline's first step),
   * or a SimpleImputer fitted on string columns before one (a missing cell is fed as "");
   * or 'columns' for a mixed table (numbers and strings): one input [batch, 1] per column, named by
   * the column names, for a ColumnTransformer (alone or a Pipeline's first step) fitted on that table.
   */
  inputType?: 'float32' | 'string' | 'columns';
  /**
   * Classifiers: write "probabilities" as skl2onnx's ZipMap does, a sequence of maps from class label
   * to probability (one per row), instead of a [batch, classes] tensor. Default false: onnxruntime-web
   * and onnxruntime-node read tensors only (Python's onnxruntime and the C / C# / Java APIs read maps).
   */
  zipMap?: boolean;
}

/** Adds one estimator's nodes; Pipelines chain their steps, ColumnTransformers concatenate their parts. */
function convert(graph: OnnxGraph, model: unknown, input: string, nFeatures: number): OnnxStep {
  if (model instanceof Pipeline) {
    const steps = model.getParams().steps;
    let x = input, width = nFeatures;
    for (let i = 0; i < steps.length; i++) {
      const [name, step] = steps[i]!;
      if (step === 'passthrough' || step === null) {
        if (i === steps.length - 1) return { kind: 'transform', output: x, nFeatures: width };
        continue;
      }
      const result = convert(graph, step, x, width);
      if (i === steps.length - 1) return result;
      if (result.kind === 'clusterer') {
        // A clusterer before the last step transforms: its distances to the centres.
        x = result.distances;
        width = result.nClusters;
        continue;
      }
      if (result.kind !== 'transform') throw notExportable(`Pipeline step "${name}" (not a transformer before the last step)`);
      x = result.output;
      width = result.nFeatures;
    }
  }
  if (tableValue(graph, input) && !(model instanceof ColumnTransformer)) {
    const name = model !== null && typeof model === 'object' ? model.constructor.name : String(model);
    throw notExportable(`${name} reading a table input (inputType 'columns' is read by a ColumnTransformer first)`);
  }
  if (isStringValue(graph, input) && !(model instanceof OneHotEncoder || model instanceof OrdinalEncoder || model instanceof SimpleImputer || model instanceof CategoricalEmbedding)) {
    const name = model !== null && typeof model === 'object' ? model.constructor.name : String(model);
    throw notExportable(`${name} reading the string input (a OneHotEncoder, OrdinalEncoder or SimpleImputer must read the strings first)`);
  }
  if (model instanceof ColumnTransformer) return columnTransformerOnnx(graph, model, input, nFeatures, convert);
  checkWidth(model, nFeatures);
  if (model instanceof LinearRegression || model instanceof Ridge || model instanceof ElasticNet) return linearRegressorOnnx(graph, model, input);
  if (model instanceof LogisticRegression) return logisticRegressionOnnx(graph, model, input);
  if (model instanceof GaussianNB) return gaussianNBOnnx(graph, model, input, nFeatures);
  if (model instanceof MultinomialNB) return multinomialNBOnnx(graph, model, input, nFeatures);
  if (model instanceof BernoulliNB) return bernoulliNBOnnx(graph, model, input, nFeatures);
  if (model instanceof DecisionTreeClassifier) return decisionTreeClassifierOnnx(graph, model, input);
  if (model instanceof DecisionTreeRegressor) return decisionTreeRegressorOnnx(graph, model, input);
  // ExtraTreesClassifier / ExtraTreesRegressor extend the random forests.
  if (model instanceof RandomForestClassifier) return randomForestClassifierOnnx(graph, model, input);
  if (model instanceof RandomForestRegressor) return randomForestRegressorOnnx(graph, model, input);
  if (model instanceof GradientBoostingClassifier) return gradientBoostingClassifierOnnx(graph, model, input);
  if (model instanceof GradientBoostingRegressor) return gradientBoostingRegressorOnnx(graph, model, input);
  if (model instanceof BaseSVC) return svcOnnx(graph, model, input);
  if (model instanceof BaseSVR) return svrOnnx(graph, model, input);
  if (model instanceof AdaBoostClassifier) return adaBoostClassifierOnnx(graph, model, input, nFeatures, convert);
  if (model instanceof AdaBoostRegressor) return adaBoostRegressorOnnx(graph, model, input, nFeatures, convert);
  if (model instanceof BaggingClassifier) return baggingClassifierOnnx(graph, model, input, nFeatures, convert);
  if (model instanceof BaggingRegressor) return baggingRegressorOnnx(graph, model, input, nFeatures, convert);
  if (model instanceof VotingClassifier) return votingClassifierOnnx(graph, model, input, nFeatures, convert);
  if (model instanceof VotingRegressor) return votingRegressorOnnx(graph, model, input, nFeatures, convert);
  if (model instanceof StackingClassifier) return stackingClassifierOnnx(graph, model, input, nFeatures, convert);
  if (model instanceof StackingRegressor) return stackingRegressorOnnx(graph, model, input, nFeatures, convert);
  if (model instanceof KNeighborsClassifier) return kNeighborsClassifierOnnx(graph, model, input, nFeatures);
  if (model instanceof KNeighborsRegressor) return kNeighborsRegressorOnnx(graph, model, input, nFeatures);
  if (model instanceof MultiOutputRegressor) return multiOutputRegressorOnnx(graph, model, input, nFeatures, convert);
  if (model instanceof MultiOutputClassifier) return multiOutputClassifierOnnx(graph, model, input, nFeatures, convert);
  if (model instanceof CentroidClusterer) return centroidClustererOnnx(graph, model, input);
  if (model instanceof PCA) return pcaOnnx(graph, model, input, nFeatures);
  if (model instanceof RobustScaler) return robustScalerOnnx(graph, model, input, nFeatures);
  if (model instanceof LogTransformer || model instanceof MedianLogTransformer) return logTransformerOnnx(graph, model, input, nFeatures);
  if (model instanceof KBinsDiscretizer) return kBinsDiscretizerOnnx(graph, model, input, nFeatures);
  if (model instanceof KNNImputer) return knnImputerOnnx(graph, model, input, nFeatures);
  if (model instanceof SelfTrainingClassifier) return selfTrainingClassifierOnnx(graph, model, input, nFeatures, convert);
  if (model instanceof LabelPropagation || model instanceof LabelSpreading) return labelPropagationOnnx(graph, model, input, nFeatures);
  if (model instanceof StandardScaler) return standardScalerOnnx(graph, model, input, nFeatures);
  if (model instanceof MinMaxScaler) return minMaxScalerOnnx(graph, model, input, nFeatures);
  if (model instanceof SimpleImputer) return simpleImputerOnnx(graph, model, input, nFeatures);
  if (model instanceof OneHotEncoder) return oneHotEncoderOnnx(graph, model, input, nFeatures);
  if (model instanceof OrdinalEncoder) return ordinalEncoderOnnx(graph, model, input, nFeatures);
  if (model instanceof CategoricalEmbedding) return categoricalEmbeddingOnnx(graph, model, input, nFeatures);
  const name = model !== null && typeof model === 'object' ? model.constructor.name : String(model);
  throw notExportable(name);
}

/** The names of the graph's outputs, which a table's column names must not take. */
const OUTPUT_NAMES = ['label', 'probabilities', 'scores', 'variable'];

/** The ColumnTransformer that reads a model's input first (the model, or a Pipeline's first step). */
function leadingColumnTransformer(model: unknown): ColumnTransformer | undefined {
  if (model instanceof ColumnTransformer) return model;
  if (!(model instanceof Pipeline)) return undefined;
  const first = model.getParams().steps.find(([, step]) => step !== 'passthrough' && step !== null);
  return first ? leadingColumnTransformer(first[1]) : undefined;
}

/** The graph inputs of a table: one [batch, 1] per column of the table the ColumnTransformer was fitted on. */
function tableInputs(graph: OnnxGraph, model: unknown, nFeatures: number): string {
  const columnTransformer = leadingColumnTransformer(model);
  if (!columnTransformer) throw notExportable(`${model !== null && typeof model === 'object' ? model.constructor.name : String(model)} with inputType 'columns' (a ColumnTransformer, alone or first in a Pipeline, reads the table)`);
  const state = columnTransformer.toJSON().state as { inputColumns: number; kinds: ('number' | 'string')[]; names: readonly string[] | null } | null;
  if (!state) throw notExportable('an unfitted ColumnTransformer');
  if (state.inputColumns !== nFeatures) throw new ArgumentError(`exportEstimatorOnnx: the ColumnTransformer was fitted on ${state.inputColumns} columns, nFeatures is ${nFeatures}`);
  const table: TableValue = { columns: state.kinds.map((kind, j) => ({ name: state.names?.[j] ?? `column_${j}`, kind })) };
  if (new Set(table.columns.map((c) => c.name)).size !== nFeatures) throw notExportable('a table whose column names repeat');
  const reserved = table.columns.find((c) => OUTPUT_NAMES.includes(c.name));
  if (reserved) throw notExportable(`a table with a column named "${reserved.name}" (the name of an output)`);
  for (const c of table.columns) graph.input(c.name, c.kind === 'string' ? ONNX_STRING : ONNX_FLOAT, ['batch', 1]);
  return markTableValue(graph, graph.name('table'), table);
}

/** The fitted feature count, where the estimator states one, must equal the graph's width. */
function checkWidth(model: unknown, nFeatures: number): void {
  const fitted = (model as { nFeaturesIn?: unknown }).nFeaturesIn;
  if (typeof fitted === 'number' && fitted !== nFeatures) throw new ArgumentError(`exportEstimatorOnnx: ${(model as object).constructor.name} was fitted on ${fitted} features, the graph's input has ${nFeatures}`);
}

/** The ONNX bytes of a fitted estimator or Pipeline; see the header for the inputs and outputs. */
export function exportEstimatorOnnx(model: unknown, options: ExportEstimatorOnnxOptions): Uint8Array {
  const { nFeatures } = options, opset = options.opset ?? 17;
  if (!Number.isInteger(nFeatures) || nFeatures < 1) throw new ArgumentError(`exportEstimatorOnnx: nFeatures must be an integer >= 1, got ${String(nFeatures)}`);
  if (!Number.isInteger(opset) || opset < 17) throw new ArgumentError(`exportEstimatorOnnx: opset must be an integer >= 17, got ${String(opset)}`);
  const inputType = options.inputType ?? 'float32', zipMap = options.zipMap ?? false;
  if (inputType !== 'float32' && inputType !== 'string' && inputType !== 'columns') throw new ArgumentError(`exportEstimatorOnnx: inputType must be 'float32', 'string' or 'columns', got ${String(inputType)}`);
  if (typeof zipMap !== 'boolean') throw new ArgumentError(`exportEstimatorOnnx: zipMap must be a boolean, got ${String(zipMap)}`);
  const graph = new OnnxGraph();
  const input = inputType === 'columns' ? tableInputs(graph, model, nFeatures)
    : inputType === 'string' ? markStringValue(graph, graph.input('input', ONNX_STRING, ['batch', nFeatures])) : graph.input('input', ONNX_FLOAT, ['batch', nFeatures]);
  const result = convert(graph, model, input, nFeatures);
  if (result.kind === 'transform' && (tableValue(graph, result.output) || isStringValue(graph, result.output))) throw notExportable('a model whose output is its table or strings (end it with an encoder)');
  if (zipMap && result.kind === 'classifier' && result.outputs !== undefined) throw new ArgumentError('exportEstimatorOnnx: zipMap needs a single-output classifier (a MultiOutputClassifier writes its probabilities side by side)');
  if (zipMap && (result.kind !== 'classifier' || result.scoresOnly)) {
    throw new ArgumentError(`exportEstimatorOnnx: zipMap needs a classifier with probabilities (${result.kind === 'classifier' ? 'SVC / NuSVC with probability: true' : `this model is a ${result.kind === 'transform' ? 'transformer' : result.kind}`})`);
  }
  if (result.kind === 'classifier') {
    const scores = result.scoresOnly ? 'scores' : 'probabilities';
    graph.node('Identity', [result.label], {}, ['label']);
    graph.output('label', result.labelType, result.outputs === undefined ? ['batch'] : ['batch', result.outputs]);
    if (zipMap) {
      const classes = result.classes;
      const labels: Record<string, OnnxAttribute> = result.labelType === ONNX_STRING ? { classlabels_strings: { strings: classes as string[] } } : { classlabels_int64s: { ints: classes as number[] } };
      graph.node('ZipMap', [result.probabilities], labels, [scores], 'ai.onnx.ml');
      graph.mapSequenceOutput(scores, result.labelType);
    } else {
      graph.node('Identity', [result.probabilities], {}, [scores]);
      graph.output(scores, ONNX_FLOAT, ['batch', result.nColumns]);
    }
  } else if (result.kind === 'clusterer') {
    graph.node('Identity', [result.label], {}, ['label']);
    graph.node('Identity', [result.distances], {}, ['scores']);
    graph.output('label', 7, ['batch']);
    graph.output('scores', ONNX_FLOAT, ['batch', result.nClusters]);
  } else {
    graph.node('Identity', [result.output], {}, ['variable']);
    graph.output('variable', ONNX_FLOAT, ['batch', result.kind === 'regressor' ? result.nOutputs ?? 1 : result.nFeatures]);
  }
  return graph.encode({ opset, producer: 'neurite', docString: options.docString });
}
