// The meta-ensembles, written around their members' own graphs (each member converted as it would
// be alone, reading the same input), as skl2onnx writes them:
//   AdaBoostClassifier (SAMME): each member's class index one-hot, scaled to its vote
//     (w + w / (K - 1) on the predicted class, -w / (K - 1) elsewhere, over the total weight), summed;
//     label ArgMax, probabilities Softmax(votes / (K - 1)) (for two classes this is softmax([-d, d] / 2))
//   AdaBoostRegressor: the weighted median of the members' predictions: TopK sorts them (ties by
//     member order, as the estimator's stable sort), CumSum of the sorted weights, the first that
//     reaches half the total (ArgMax of a mask), GatherElements
//   VotingClassifier: 'soft' the weighted mean of the members' probabilities, label ArgMax;
//     'hard' the weighted votes of the members' labels (OneHot of the class index), label ArgMax
//     (first maximum), probabilities the weighted mean as predictProba (or, when a member has no
//     probabilities, the votes over the total weight as "scores")
//   VotingRegressor: the weighted mean of the members' predictions
//   BaggingClassifier / BaggingRegressor: each member on its feature subset (Gather), the mean of the
//     members' probabilities (a member without probabilities: its label one-hot) or predictions
//   MultiOutputRegressor: each output's regressor on the same input, concatenated [batch, outputs]
//   MultiOutputClassifier: each output's classifier; label [batch, outputs] (the labels side by side,
//     all int64 or all strings) and probabilities [batch, sum of the outputs' classes] (each output's
//     predictProba columns in turn: tensors, which every runtime reads, where skl2onnx writes a
//     sequence of tensors that onnxruntime-web and onnxruntime-node cannot read)
//   StackingClassifier / StackingRegressor: the members' meta-features (probabilities, only the
//     second column for two classes; a regressor's prediction),
//     the input appended with passthrough, then the final estimator's graph on them
import type { OnnxGraph } from '@neurite/nn';
import type { AdaBoostClassifier } from '../ensemble/adaboost-classifier.ts';
import type { AdaBoostRegressor } from '../ensemble/adaboost-regressor.ts';
import type { BaggingClassifier } from '../ensemble/bagging-classifier.ts';
import type { BaggingRegressor } from '../ensemble/bagging-regressor.ts';
import type { StackingClassifier, StackingRegressor } from '../ensemble/stacking.ts';
import type { VotingClassifier, VotingRegressor } from '../ensemble/voting.ts';
import type { MultiOutputClassifier, MultiOutputRegressor } from '../ensemble/multi-output.ts';
import { indexOfLabels, int64Constant, labelsFromIndex, labelsFromScores, notExportable, type OnnxConverter, type OnnxStep } from './onnx-step.ts';

type Convert = OnnxConverter<unknown>;
type ClassifierStep = Extract<OnnxStep, { kind: 'classifier' }>;

function memberClassifier(graph: OnnxGraph, convert: Convert, owner: string, member: unknown, input: string, nFeatures: number): ClassifierStep {
  const step = convert(graph, member, input, nFeatures);
  if (step.kind !== 'classifier') throw notExportable(`${owner} with a member that is not a classifier`);
  if (step.outputs !== undefined) throw notExportable(`${owner} with a multi-output member`);
  return step;
}

function memberRegressor(graph: OnnxGraph, convert: Convert, owner: string, member: unknown, input: string, nFeatures: number): string {
  const step = convert(graph, member, input, nFeatures);
  if (step.kind !== 'regressor') throw notExportable(`${owner} with a member that is not a regressor`);
  if ((step.nOutputs ?? 1) !== 1) throw notExportable(`${owner} with a member of ${step.nOutputs} outputs`);
  return step.output;
}

/** A member's probabilities [batch, own classes] as columns of `classes` (zeros for classes it lacks), as alignedProba. */
function aligned(graph: OnnxGraph, step: ClassifierStep, classes: readonly (number | string)[]): string {
  if (step.classes.length === classes.length && step.classes.every((c, k) => c === classes[k])) return step.probabilities;
  const selection = new Float32Array(step.classes.length * classes.length);
  step.classes.forEach((c, j) => {
    const k = classes.indexOf(c as never);
    if (k >= 0) selection[j * classes.length + k] = 1;
  });
  return graph.node('MatMul', [step.probabilities, graph.constant('align', selection, [step.classes.length, classes.length])]);
}

/** OneHot of class indices int64 [batch] into [batch, K] with values [off, on]. */
function oneHot(graph: OnnxGraph, index: string, k: number, off: number, on: number): string {
  return graph.node('OneHot', [index, int64Constant(graph, 'depth', [k]), graph.constant('values', [off, on], [2])], { axis: -1 });
}

function sum(graph: OnnxGraph, parts: string[]): string {
  return parts.length === 1 ? parts[0]! : graph.node('Sum', parts);
}

const scale = (graph: OnnxGraph, x: string, by: number): string => (by === 1 ? x : graph.node('Mul', [x, graph.constant('scale', [by], [])]));

export function adaBoostClassifierOnnx(graph: OnnxGraph, model: AdaBoostClassifier, input: string, nFeatures: number, convert: Convert): OnnxStep {
  const classes = model.classes, k = classes.length, members = model.estimators, weights = model.estimatorWeights;
  const codes = classes.map((_, i) => i);
  let total = 0;
  for (const w of weights) total += w;
  const votes = sum(graph, members.map((member, t) => {
    const step = memberClassifier(graph, convert, 'AdaBoostClassifier', member, input, nFeatures);
    const w = weights[t]! / total;
    return oneHot(graph, indexOfLabels(graph, 'AdaBoostClassifier', step.label, codes), k, -w / (k - 1), w);
  }));
  const { label, labelType } = labelsFromScores(graph, 'AdaBoostClassifier', votes, classes);
  const probabilities = graph.node('Softmax', [scale(graph, votes, 1 / (k - 1))], { axis: 1 });
  return { kind: 'classifier', label, labelType, probabilities, nColumns: k, classes };
}

export function adaBoostRegressorOnnx(graph: OnnxGraph, model: AdaBoostRegressor, input: string, nFeatures: number, convert: Convert): OnnxStep {
  const members = model.estimators, weights = model.estimatorWeights, t = members.length;
  const predictions = members.map((member) => memberRegressor(graph, convert, 'AdaBoostRegressor', member, input, nFeatures));
  if (t === 1) return { kind: 'regressor', output: predictions[0]! };
  let total = 0;
  for (const w of weights) total += w;
  const all = graph.node('Concat', predictions, { axis: 1 }); // [batch, T]
  const [sorted, order] = [graph.name('sorted'), graph.name('order')];
  graph.node('TopK', [all, int64Constant(graph, 'k', [t])], { axis: 1, largest: 0, sorted: 1 }, [sorted, order]);
  const cumulative = graph.node('CumSum', [graph.node('Gather', [graph.constant('weights', weights.subarray(0, t), [t]), order], { axis: 0 }), int64Constant(graph, 'axis', [1])]);
  const reached = graph.node('Cast', [graph.node('GreaterOrEqual', [cumulative, graph.constant('half', [0.5 * total], [])])], { to: 1 });
  const first = graph.node('ArgMax', [reached], { axis: 1, keepdims: 1 }); // [batch, 1]
  return { kind: 'regressor', output: graph.node('GatherElements', [sorted, first], { axis: 1 }) };
}

function votingWeights(weights: readonly number[] | null, count: number): { w: number[]; total: number } {
  const w = weights === null ? new Array<number>(count).fill(1) : [...weights];
  return { w, total: w.reduce((a, b) => a + b, 0) };
}

export function votingClassifierOnnx(graph: OnnxGraph, model: VotingClassifier, input: string, nFeatures: number, convert: Convert): OnnxStep {
  const classes = model.classes, k = classes.length, p = model.getParams();
  const members = Object.values(model.namedEstimators);
  const { w, total } = votingWeights(p.weights, members.length);
  const steps = members.map((member) => memberClassifier(graph, convert, 'VotingClassifier', member, input, nFeatures));
  const withProbabilities = steps.every((s) => !s.scoresOnly);
  if (p.voting === 'soft' && !withProbabilities) throw notExportable("VotingClassifier with voting 'soft' and a member without probabilities (SVC / NuSVC need probability: true)");
  const mean = withProbabilities ? scale(graph, sum(graph, steps.map((s, t) => scale(graph, aligned(graph, s, classes), w[t]!))), 1 / total) : undefined;
  if (p.voting === 'soft') {
    const { label, labelType } = labelsFromScores(graph, 'VotingClassifier', mean!, classes);
    return { kind: 'classifier', label, labelType, probabilities: mean!, nColumns: k, classes };
  }
  const votes = sum(graph, steps.map((s, t) => oneHot(graph, indexOfLabels(graph, 'VotingClassifier', s.label, classes), k, 0, w[t]!)));
  const { label, labelType } = labelsFromScores(graph, 'VotingClassifier', votes, classes);
  if (mean) return { kind: 'classifier', label, labelType, probabilities: mean, nColumns: k, classes };
  return { kind: 'classifier', label, labelType, probabilities: scale(graph, votes, 1 / total), nColumns: k, classes, scoresOnly: true };
}

export function votingRegressorOnnx(graph: OnnxGraph, model: VotingRegressor, input: string, nFeatures: number, convert: Convert): OnnxStep {
  const members = Object.values(model.namedEstimators);
  const { w, total } = votingWeights(model.getParams().weights, members.length);
  const weighted = members.map((member, t) => scale(graph, memberRegressor(graph, convert, 'VotingRegressor', member, input, nFeatures), w[t]! / total));
  return { kind: 'regressor', output: sum(graph, weighted) };
}

/** The meta-features [batch, width] of a stack's members (and the input with passthrough). */
function metaFeatures(graph: OnnxGraph, owner: string, parts: { output: string; cols: number }[], input: string, nFeatures: number, passthrough: boolean): { meta: string; width: number } {
  if (passthrough) parts.push({ output: input, cols: nFeatures });
  const width = parts.reduce((s, b) => s + b.cols, 0);
  if (parts.length === 0) throw notExportable(`${owner} with no members`);
  return { meta: parts.length === 1 ? parts[0]!.output : graph.node('Concat', parts.map((b) => b.output), { axis: 1 }), width };
}

/** Columns [start, end) of x. */
function columns(graph: OnnxGraph, x: string, start: number, end: number): string {
  return graph.node('Slice', [x, int64Constant(graph, 'starts', [start]), int64Constant(graph, 'ends', [end]), int64Constant(graph, 'axes', [1])]);
}

export function stackingClassifierOnnx(graph: OnnxGraph, model: StackingClassifier, input: string, nFeatures: number, convert: Convert): OnnxStep {
  const classes = model.classes, k = classes.length, codes = classes.map((_, i) => i);
  const parts = Object.entries(model.namedEstimators).map(([name, member]) => {
    const step = memberClassifier(graph, convert, 'StackingClassifier', member, input, nFeatures);
    if (step.scoresOnly) throw notExportable(`StackingClassifier member "${name}" without probabilities`);
    const p = aligned(graph, step, codes);
    return k === 2 ? { output: columns(graph, p, 1, 2), cols: 1 } : { output: p, cols: k };
  });
  const { meta, width } = metaFeatures(graph, 'StackingClassifier', parts, input, nFeatures, model.getParams().passthrough);
  const final = memberClassifier(graph, convert, 'StackingClassifier', model.finalEstimator, meta, width);
  if (final.scoresOnly) throw notExportable('StackingClassifier with a final estimator without probabilities');
  const probabilities = aligned(graph, final, codes);
  const { label, labelType } = labelsFromIndex(graph, 'StackingClassifier', indexOfLabels(graph, 'StackingClassifier', final.label, codes), classes);
  return { kind: 'classifier', label, labelType, probabilities, nColumns: k, classes };
}

export function stackingRegressorOnnx(graph: OnnxGraph, model: StackingRegressor, input: string, nFeatures: number, convert: Convert): OnnxStep {
  const parts = Object.values(model.namedEstimators).map((member) => ({ output: memberRegressor(graph, convert, 'StackingRegressor', member, input, nFeatures), cols: 1 }));
  const { meta, width } = metaFeatures(graph, 'StackingRegressor', parts, input, nFeatures, model.getParams().passthrough);
  return { kind: 'regressor', output: memberRegressor(graph, convert, 'StackingRegressor', model.finalEstimator, meta, width) };
}

/** The input's columns a bagging member was fitted on (the input itself when they are all, in order). */
function featureSubset(graph: OnnxGraph, input: string, features: Int32Array, nFeatures: number): string {
  if (features.length === nFeatures && features.every((f, j) => f === j)) return input;
  return graph.node('Gather', [input, int64Constant(graph, 'features', Array.from(features))], { axis: 1 });
}

export function baggingClassifierOnnx(graph: OnnxGraph, model: BaggingClassifier, input: string, nFeatures: number, convert: Convert): OnnxStep {
  const classes = model.classes, k = classes.length, codes = classes.map((_, i) => i), features = model.estimatorsFeatures;
  const members = model.estimators;
  const parts = members.map((member, t) => {
    const step = memberClassifier(graph, convert, 'BaggingClassifier', member, featureSubset(graph, input, features[t]!, nFeatures), features[t]!.length);
    return step.scoresOnly ? oneHot(graph, indexOfLabels(graph, 'BaggingClassifier', step.label, codes), k, 0, 1) : aligned(graph, step, codes);
  });
  const probabilities = scale(graph, sum(graph, parts), 1 / members.length);
  const { label, labelType } = labelsFromScores(graph, 'BaggingClassifier', probabilities, classes);
  return { kind: 'classifier', label, labelType, probabilities, nColumns: k, classes };
}

export function baggingRegressorOnnx(graph: OnnxGraph, model: BaggingRegressor, input: string, nFeatures: number, convert: Convert): OnnxStep {
  const features = model.estimatorsFeatures, members = model.estimators;
  const parts = members.map((member, t) => memberRegressor(graph, convert, 'BaggingRegressor', member, featureSubset(graph, input, features[t]!, nFeatures), features[t]!.length));
  return { kind: 'regressor', output: scale(graph, sum(graph, parts), 1 / members.length) };
}

export function multiOutputRegressorOnnx(graph: OnnxGraph, model: MultiOutputRegressor, input: string, nFeatures: number, convert: Convert): OnnxStep {
  const columns = model.estimators.map((member) => memberRegressor(graph, convert, 'MultiOutputRegressor', member, input, nFeatures));
  const output = columns.length === 1 ? columns[0]! : graph.node('Concat', columns, { axis: 1 });
  return { kind: 'regressor', output, nOutputs: columns.length };
}

export function multiOutputClassifierOnnx(graph: OnnxGraph, model: MultiOutputClassifier, input: string, nFeatures: number, convert: Convert): OnnxStep {
  const steps = model.estimators.map((member) => memberClassifier(graph, convert, 'MultiOutputClassifier', member, input, nFeatures));
  if (steps.some((s) => s.scoresOnly)) throw notExportable('MultiOutputClassifier with a member without probabilities');
  const labelType = steps[0]!.labelType;
  if (steps.some((s) => s.labelType !== labelType)) throw notExportable('MultiOutputClassifier mixing integer and string labels across outputs');
  const axes = int64Constant(graph, 'axes', [1]);
  const labels = steps.map((s) => graph.node('Unsqueeze', [s.label, axes]));
  const concat = (parts: string[]): string => (parts.length === 1 ? parts[0]! : graph.node('Concat', parts, { axis: 1 }));
  return {
    kind: 'classifier', label: concat(labels), labelType, probabilities: concat(steps.map((s) => s.probabilities)), nColumns: steps.reduce((n, s) => n + s.nColumns, 0),
    classes: steps.flatMap((s) => s.classes), outputs: steps.length,
  };
}
