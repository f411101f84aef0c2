// SelfTrainingClassifier: the fitted inner estimator's graph (its probabilities), with the label
// taken again as the first maximum of those probabilities, as SelfTrainingClassifier.predict does
// (an SVC with probability: true would otherwise give its own decision-function label).
// LabelPropagation and LabelSpreading, with the training rows and their label distributions as
// constants, as predictProba: squared distances from exact differences (batch x rows x features
// floats); 'rbf' weights exp(-gamma (d^2 - min d^2)) (the row's common factor exp(-gamma min d^2)
// cancels in the normalisation and keeps far queries from underflowing in float32), 'knn' the
// nNeighbors nearest rows (TopK, ties to the lower index); the weighted distributions summed and
// normalised (a zero sum gives 1 / classes), label their first maximum.
import type { OnnxGraph } from '@neurite/nn';
import { ArgumentError } from '@neurite/tensor';
import type { LabelPropagation, LabelSpreading } from '../semi-supervised/label-propagation.ts';
import type { SelfTrainingClassifier } from '../semi-supervised/self-training.ts';
import { int64Constant, labelsFromScores, notExportable, type OnnxConverter, type OnnxStep } from './onnx-step.ts';

export function selfTrainingClassifierOnnx(graph: OnnxGraph, model: SelfTrainingClassifier, input: string, nFeatures: number, convert: OnnxConverter<unknown>): OnnxStep {
  const classes = model.classes;
  const inner = convert(graph, model.getParams().estimator, input, nFeatures);
  if (inner.kind !== 'classifier' || inner.scoresOnly || inner.outputs !== undefined) throw notExportable('SelfTrainingClassifier around an estimator without single-output probabilities');
  const { label, labelType } = labelsFromScores(graph, 'SelfTrainingClassifier', inner.probabilities, classes);
  return { ...inner, label, labelType, classes };
}

export function labelPropagationOnnx(graph: OnnxGraph, model: LabelPropagation | LabelSpreading, input: string, nFeatures: number): OnnxStep {
  const state = model.toJSON().state as { x: number[]; cols: number; classes: number[]; distributions: number[] } | null;
  if (!state) throw notExportable(`an unfitted ${model.constructor.name}`);
  if (state.cols !== nFeatures) throw new ArgumentError(`exportEstimatorOnnx: ${model.constructor.name} was fitted on ${state.cols} features, the graph's input has ${nFeatures}`);
  const n = state.x.length / state.cols, c = state.classes.length, p = model.getParams();
  const difference = graph.node('Sub', [graph.node('Unsqueeze', [input, int64Constant(graph, 'axes', [1])]), graph.constant('training_rows', state.x, [n, nFeatures])]);
  const squared = graph.node('ReduceSum', [graph.node('Mul', [difference, difference]), int64Constant(graph, 'axes', [2])], { keepdims: 0 }); // [batch, n]
  const distributions = graph.constant('label_distributions', state.distributions, [n, c]);
  let summed: string;
  if (p.kernel === 'knn') {
    const kept = graph.name('kept'), indices = graph.name('neighbors');
    graph.node('TopK', [squared, int64Constant(graph, 'k', [Math.min(p.nNeighbors, n)])], { axis: 1, largest: 0, sorted: 1 }, [kept, indices]);
    summed = graph.node('ReduceSum', [graph.node('Gather', [distributions, indices], { axis: 0 }), int64Constant(graph, 'axes', [1])], { keepdims: 0 });
  } else {
    // The row minimum through TopK (ReduceMin's axes change form at opset 18).
    const nearest = graph.name('nearest');
    graph.node('TopK', [squared, int64Constant(graph, 'k', [1])], { axis: 1, largest: 0, sorted: 1 }, [nearest, graph.name('nearest_index')]);
    const weights = graph.node('Exp', [graph.node('Mul', [graph.node('Sub', [squared, nearest]), graph.constant('minus_gamma', [-p.gamma], [])])]);
    summed = graph.node('MatMul', [weights, distributions]);
  }
  const total = graph.node('ReduceSum', [summed, int64Constant(graph, 'axes', [1])], { keepdims: 1 });
  const empty = graph.node('Equal', [total, graph.constant('zero', [0], [])]);
  const probabilities = graph.node('Where', [empty, graph.constant('uniform', [1 / c], []), graph.node('Div', [summed, graph.node('Where', [empty, graph.constant('one', [1], []), total])])]);
  const { label, labelType } = labelsFromScores(graph, model.constructor.name, probabilities, state.classes);
  return { kind: 'classifier', label, labelType, probabilities, nColumns: c, classes: state.classes };
}
