// KNeighborsClassifier and KNeighborsRegressor, with the training rows as a constant, as skl2onnx
// writes them: the distances [batch, nSamplesFit] to every training row, TopK (the k smallest,
// sorted; ties to the smaller index, as kneighbors), then the neighbours' targets gathered and weighted.
//   euclidean  exact differences (x [batch, 1, d] - X [n, d], squared, summed over d; no
//              |x|^2 - 2 x.X + |X|^2 cancellation, so exact matches stay at distance 0), Sqrt of the k kept
//   manhattan  the same differences, absolute, summed
//   cosine     1 - (x / |x|) . (X / |X|)^T (a zero row keeps norm 1), clipped to [0, 2]
// The differences take batch x nSamplesFit x d floats: export a large training set with small batches.
// Weights: uniform, or 1 / distance (a query with neighbours at distance 0 weighs those 1 and the
// rest 0, as neighborWeights). Classifier: the weighted one-hot votes summed per class, label ArgMax
// (first maximum), probabilities the votes over their sum. Regressor: the weighted mean of the
// neighbours' target rows, [batch, nOutputs].
import type { OnnxGraph } from '@neurite/nn';
import { ArgumentError } from '@neurite/tensor';
import type { NeighborsParams } from '../neighbors/neighbors-base.ts';
import type { KNeighborsClassifier } from '../neighbors/k-neighbors-classifier.ts';
import type { KNeighborsRegressor } from '../neighbors/k-neighbors-regressor.ts';
import { int64Constant, labelsFromScores, notExportable, type OnnxStep } from './onnx-step.ts';

interface FittedRows {
  rows: number;
  cols: number;
  X: number[];
}

/** The fitted rows of a neighbours estimator (from its saved state). */
function fittedRows(model: KNeighborsClassifier | KNeighborsRegressor, nFeatures: number): FittedRows & { y: number[] } {
  const state = model.toJSON().state as (FittedRows & { y: number[] }) | null;
  if (!state) throw notExportable(`an unfitted ${model.constructor.name}`);
  if (state.cols !== nFeatures) throw new ArgumentError(`exportEstimatorOnnx: ${model.constructor.name} was fitted on ${state.cols} features, the graph's input has ${nFeatures}`);
  return state;
}

/** Distances [batch, k] and indices int64 [batch, k] of the k nearest training rows. */
function nearest(graph: OnnxGraph, params: NeighborsParams, train: FittedRows, input: string): { distances: string; indices: string } {
  const { rows: n, cols: d, X } = train, k = params.nNeighbors;
  if (k > n) throw notExportable(`a ${n}-row neighbours model asking for ${k} neighbours`);
  let reduced: string;
  if (params.metric === 'cosine') {
    const unit = new Float32Array(n * d);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += X[i * d + j]! ** 2;
      const norm = Math.sqrt(s) || 1;
      for (let j = 0; j < d; j++) unit[j * n + i] = X[i * d + j]! / norm; // transposed: [d, n]
    }
    const norm = graph.node('Sqrt', [graph.node('ReduceSum', [graph.node('Mul', [input, input]), int64Constant(graph, 'axes', [1])], { keepdims: 1 })]);
    const zero = graph.constant('zero', [0], []);
    const safeNorm = graph.node('Where', [graph.node('Equal', [norm, zero]), graph.constant('one', [1], []), norm]);
    const similarity = graph.node('MatMul', [graph.node('Div', [input, safeNorm]), graph.constant('unit_rows', unit, [d, n])]);
    reduced = graph.node('Clip', [graph.node('Sub', [graph.constant('one', [1], []), similarity]), zero, graph.constant('two', [2], [])]);
  } else {
    const difference = graph.node('Sub', [graph.node('Unsqueeze', [input, int64Constant(graph, 'axes', [1])]), graph.constant('training_rows', X, [n, d])]); // [batch, n, d]
    const terms = params.metric === 'manhattan' ? graph.node('Abs', [difference]) : graph.node('Mul', [difference, difference]);
    reduced = graph.node('ReduceSum', [terms, int64Constant(graph, 'axes', [2])], { keepdims: 0 }); // [batch, n]
  }
  const kept = graph.name('kept'), indices = graph.name('neighbors');
  graph.node('TopK', [reduced, int64Constant(graph, 'k', [k])], { axis: 1, largest: 0, sorted: 1 }, [kept, indices]);
  return { distances: params.metric === 'euclidean' ? graph.node('Sqrt', [kept]) : kept, indices };
}

/** Neighbour weights [batch, k]. */
function weights(graph: OnnxGraph, params: NeighborsParams, distances: string): string {
  if (params.weights === 'uniform') return graph.node('Expand', [graph.constant('one', [1], []), graph.node('Shape', [distances])]);
  const exact = graph.node('Cast', [graph.node('Equal', [distances, graph.constant('zero', [0], [])])], { to: 1 });
  const anyExact = graph.node('Greater', [graph.node('ReduceSum', [exact, int64Constant(graph, 'axes', [1])], { keepdims: 1 }), graph.constant('zero', [0], [])]);
  return graph.node('Where', [anyExact, exact, graph.node('Reciprocal', [distances])]);
}

export function kNeighborsClassifierOnnx(graph: OnnxGraph, model: KNeighborsClassifier, input: string, nFeatures: number): OnnxStep {
  const train = fittedRows(model, nFeatures), params = model.getParams(), classes = model.classes;
  const { distances, indices } = nearest(graph, params, train, input);
  const classIndex = graph.node('Gather', [int64Constant(graph, 'training_classes', train.y), indices], { axis: 0 }); // [batch, k]
  const oneHot = graph.node('OneHot', [classIndex, int64Constant(graph, 'depth', [classes.length]), graph.constant('values', [0, 1], [2])], { axis: -1 }); // [batch, k, C]
  const weighted = graph.node('Mul', [oneHot, graph.node('Unsqueeze', [weights(graph, params, distances), int64Constant(graph, 'axes', [2])])]);
  const votes = graph.node('ReduceSum', [weighted, int64Constant(graph, 'axes', [1])], { keepdims: 0 }); // [batch, C]
  const probabilities = graph.node('Div', [votes, graph.node('ReduceSum', [votes, int64Constant(graph, 'axes', [1])], { keepdims: 1 })]);
  const { label, labelType } = labelsFromScores(graph, 'KNeighborsClassifier', votes, classes);
  return { kind: 'classifier', label, labelType, probabilities, nColumns: classes.length, classes };
}

export function kNeighborsRegressorOnnx(graph: OnnxGraph, model: KNeighborsRegressor, input: string, nFeatures: number): OnnxStep {
  const train = fittedRows(model, nFeatures), params = model.getParams(), outputs = model.nOutputs;
  const { distances, indices } = nearest(graph, params, train, input);
  const targets = graph.node('Gather', [graph.constant('training_targets', train.y, [train.rows, outputs]), indices], { axis: 0 }); // [batch, k, outputs]
  const w = weights(graph, params, distances);
  const total = graph.node('ReduceSum', [graph.node('Mul', [targets, graph.node('Unsqueeze', [w, int64Constant(graph, 'axes', [2])])]), int64Constant(graph, 'axes', [1])], { keepdims: 0 });
  const output = graph.node('Div', [total, graph.node('ReduceSum', [w, int64Constant(graph, 'axes', [1])], { keepdims: 1 })]);
  return { kind: 'regressor', output, nOutputs: outputs };
}
