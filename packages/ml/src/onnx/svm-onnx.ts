// Support vector machines through ai.onnx.ml SVMClassifier / SVMRegressor. The runtime computes each
// one-vs-one value as sum_k coef_k K(x, sv_k) + rho_p (libsvm's sign: positive votes for the first
// class of the pair) and counts votes, as libsvm and predict do. scikit-learn's public dualCoef and
// intercept flip the sign for two classes; the raw libsvm values are written here. The runtime's
// scores: [batch, pairs] equal to decisionFunction with decisionFunctionShape 'ovo' (three or more
// classes); with two classes [batch, 2] = [decisionFunction, -decisionFunction]. With probability:
// true they are predictProba's probabilities instead; with three or more classes the runtime's label
// is then the most probable class (onnxruntime's SVMClassifier), which can differ from predict's
// one-vs-one vote on rows where the two disagree, as they can in scikit-learn. With breakTies (three
// or more classes, no probabilities) the label is the first maximum of the 'ovr' decision function,
// rebuilt from the one-vs-one values in standard ops, as predict.
// kernel_params = [gamma, coef0, degree].
import type { OnnxGraph } from '@neurite/nn';
import type { BaseSVC, BaseSVCParams } from '../svm/base-svc.ts';
import type { BaseSVR } from '../svm/svr.ts';
import type { KernelParams } from '../svm/params.ts';
import { classLabels, int64Constant, labelsFromScores, type OnnxStep } from './onnx-step.ts';

function kernelAttributes(params: KernelParams, gamma: number): Record<string, string | { floats: number[] }> {
  return { kernel_type: params.kernel.toUpperCase(), kernel_params: { floats: [gamma, params.coef0, params.degree] } };
}

export function svcOnnx(graph: OnnxGraph, model: BaseSVC<BaseSVCParams>, input: string): OnnxStep {
  const classes = model.classes, k = classes.length, params = model.getParams();
  const { attributes, labelType } = classLabels(model.constructor.name, classes, 'classlabels_ints');
  const sign = k === 2 ? -1 : 1;
  const label = graph.name('label'), scores = graph.name('scores');
  graph.node('SVMClassifier', [input], {
    ...attributes, ...kernelAttributes(params, model.gamma),
    vectors_per_class: [...model.nSupport], support_vectors: { floats: [...model.supportVectors.data] },
    coefficients: { floats: [...model.dualCoef.data].map((v) => sign * v) }, rho: { floats: [...model.intercept].map((v) => sign * v) },
    ...(params.probability && k > 2 ? { prob_a: { floats: [...model.probA] }, prob_b: { floats: [...model.probB] } } : {}), post_transform: 'NONE',
  }, [label, scores], 'ai.onnx.ml');
  if (!params.probability) {
    const pairs = (k * (k - 1)) / 2;
    // breakTies: predict takes the first maximum of the 'ovr' decision function instead of the vote.
    const tieBroken = params.breakTies && k > 2 ? labelsFromScores(graph, model.constructor.name, ovrFromOvo(graph, scores, k), classes) : { label, labelType };
    return { kind: 'classifier', label: tieBroken.label, labelType, probabilities: scores, nColumns: k === 2 ? 2 : pairs, classes, scoresOnly: true };
  }
  const probabilities = k === 2 ? plattBinary(graph, scores, model.probA[0]!, model.probB[0]!) : scores;
  return { kind: 'classifier', label, labelType, probabilities, nColumns: k, classes };
}

/**
 * scikit-learn's 'ovr' decision function from the one-vs-one values [batch, pairs] (pairs (i, j) in
 * order, i < j), as ovrFromOvo: the votes (i when the value is >= 0, else j) plus each class's summed
 * confidence c squashed to c / (3 (|c| + 1)). Both are products with 0/1 (and -1) pair-to-class matrices.
 */
function ovrFromOvo(graph: OnnxGraph, ovo: string, k: number): string {
  const pairs = (k * (k - 1)) / 2;
  const first = new Float32Array(pairs * k), second = new Float32Array(pairs * k), signed = new Float32Array(pairs * k);
  let p = 0;
  for (let i = 0; i < k; i++) {
    for (let j = i + 1; j < k; j++, p++) {
      first[p * k + i] = 1;
      second[p * k + j] = 1;
      signed[p * k + i] = 1;
      signed[p * k + j] = -1;
    }
  }
  const wins = graph.node('Cast', [graph.node('GreaterOrEqual', [ovo, graph.constant('zero', [0], [])])], { to: 1 });
  const losses = graph.node('Sub', [graph.constant('one', [1], []), wins]);
  const votes = graph.node('Add', [
    graph.node('MatMul', [wins, graph.constant('first_of_pair', first, [pairs, k])]), graph.node('MatMul', [losses, graph.constant('second_of_pair', second, [pairs, k])]),
  ]);
  const confidence = graph.node('MatMul', [ovo, graph.constant('pair_signs', signed, [pairs, k])]);
  const squashed = graph.node('Div', [confidence, graph.node('Mul', [graph.node('Add', [graph.node('Abs', [confidence]), graph.constant('one', [1], [])]), graph.constant('three', [3], [])])]);
  return graph.node('Add', [votes, squashed]);
}

/**
 * Two classes with probability: true, from standard ops as libsvm's svm_predict_probability:
 * p0 = clip(1 / (1 + exp(A f + B)), 1e-7, 1 - 1e-7), p1 = 1 - p0, with f the libsvm value (column 1
 * of the runtime's scores). The runtime's own binary Platt output goes through the iterative
 * pairwise coupling, which libsvm skips for two classes, and differs by up to its tolerance.
 */
function plattBinary(graph: OnnxGraph, scores: string, a: number, b: number): string {
  const f = graph.node('Slice', [scores, int64Constant(graph, 'starts', [1]), int64Constant(graph, 'ends', [2]), int64Constant(graph, 'axes', [1])]);
  const z = graph.node('Add', [graph.node('Mul', [f, graph.constant('prob_a', [a], [])]), graph.constant('prob_b', [b], [])]);
  const p0 = graph.node('Clip', [graph.node('Sigmoid', [graph.node('Neg', [z])]), graph.constant('min_prob', [1e-7], []), graph.constant('max_prob', [1 - 1e-7], [])]);
  return graph.node('Concat', [p0, graph.node('Sub', [graph.constant('one', [1], []), p0])], { axis: 1 });
}

export function svrOnnx(graph: OnnxGraph, model: BaseSVR<KernelParams>, input: string): OnnxStep {
  const params = model.getParams(), nSV = model.supportVectors.rows;
  const output = graph.node('SVMRegressor', [input], {
    ...kernelAttributes(params, model.gamma), n_supports: nSV, support_vectors: { floats: [...model.supportVectors.data] },
    coefficients: { floats: [...model.dualCoef.data] }, rho: { floats: [model.intercept[0]!] }, post_transform: 'NONE', one_class: 0,
  }, [graph.name('variable')], 'ai.onnx.ml');
  return { kind: 'regressor', output };
}
