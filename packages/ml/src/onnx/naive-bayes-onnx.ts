// Naive Bayes from standard ONNX ops (ai.onnx.ml has no naive Bayes operator): the joint
// log-likelihood jll [batch, classes] as each estimator computes it, Softmax over classes for the
// probabilities (the log-sum-exp normalisation of predictProba) and ArgMax for the label.
//   GaussianNB:    jll_c = log prior_c - 1/2 sum_j log(2 pi var_cj) - 1/2 sum_j (x_j - theta_cj)^2 / var_cj
//   MultinomialNB: jll = X featureLogProb^T + classLogPrior
//   BernoulliNB:   jll = b (logP - log(1 - P))^T + classLogPrior + sum_j log(1 - P_cj), b = [x > binarize]
import type { OnnxGraph } from '@neurite/nn';
import type { BernoulliNB } from '../naive-bayes/bernoulli-nb.ts';
import type { GaussianNB } from '../naive-bayes/gaussian-nb.ts';
import type { MultinomialNB } from '../naive-bayes/multinomial-nb.ts';
import { int64Constant, labelsFromScores, type OnnxStep } from './onnx-step.ts';

function classify(graph: OnnxGraph, owner: string, jll: string, classes: readonly (number | string)[]): OnnxStep {
  const probabilities = graph.node('Softmax', [jll], { axis: 1 });
  const { label, labelType } = labelsFromScores(graph, owner, jll, classes);
  return { kind: 'classifier', label, labelType, probabilities, nColumns: classes.length, classes };
}

export function gaussianNBOnnx(graph: OnnxGraph, model: GaussianNB, input: string, nFeatures: number): OnnxStep {
  const classes = model.classes, k = classes.length, d = nFeatures;
  const theta = model.theta.data, variance = model.var.data, prior = model.classPrior;
  const halfInverse = new Float64Array(k * d), constant = new Float64Array(k);
  for (let c = 0; c < k; c++) {
    let s = Math.log(prior[c]!);
    for (let j = 0; j < d; j++) {
      s -= 0.5 * Math.log(2 * Math.PI * variance[c * d + j]!);
      halfInverse[c * d + j] = -0.5 / variance[c * d + j]!;
    }
    constant[c] = s;
  }
  const x = graph.node('Unsqueeze', [input, int64Constant(graph, 'axes', [1])]); // [batch, 1, d]
  const centred = graph.node('Sub', [x, graph.constant('theta', theta, [k, d])]); // [batch, k, d]
  const squared = graph.node('Mul', [centred, centred]);
  const weighted = graph.node('Mul', [squared, graph.constant('half_inverse_var', halfInverse, [k, d])]);
  const summed = graph.node('ReduceSum', [weighted, int64Constant(graph, 'axes', [2])], { keepdims: 0 });
  const jll = graph.node('Add', [summed, graph.constant('class_constant', constant, [k])]);
  return classify(graph, 'GaussianNB', jll, classes);
}

/** jll = x W + b with W [d, k] given row-major as classes x features (transposed here). */
function affine(graph: OnnxGraph, x: string, weights: ArrayLike<number>, bias: ArrayLike<number>, k: number, d: number): string {
  const transposed = new Float64Array(d * k);
  for (let c = 0; c < k; c++) for (let j = 0; j < d; j++) transposed[j * k + c] = weights[c * d + j]!;
  const product = graph.node('MatMul', [x, graph.constant('feature_log_prob', transposed, [d, k])]);
  return graph.node('Add', [product, graph.constant('class_log_prior', bias, [k])]);
}

export function multinomialNBOnnx(graph: OnnxGraph, model: MultinomialNB, input: string, nFeatures: number): OnnxStep {
  const classes = model.classes;
  return classify(graph, 'MultinomialNB', affine(graph, input, model.featureLogProb.data, model.classLogPrior, classes.length, nFeatures), classes);
}

export function bernoulliNBOnnx(graph: OnnxGraph, model: BernoulliNB, input: string, nFeatures: number): OnnxStep {
  const classes = model.classes, k = classes.length, d = nFeatures, logP = model.featureLogProb.data;
  const weights = new Float64Array(k * d), bias = Float64Array.from(model.classLogPrior);
  for (let c = 0; c < k; c++) {
    for (let j = 0; j < d; j++) {
      const negative = Math.log1p(-Math.exp(logP[c * d + j]!));
      weights[c * d + j] = logP[c * d + j]! - negative;
      bias[c]! += negative;
    }
  }
  const threshold = model.getParams().binarize as number | null;
  const binary = threshold === null ? input : graph.node('Cast', [graph.node('Greater', [input, graph.constant('binarize', [threshold], [])])], { to: 1 });
  return classify(graph, 'BernoulliNB', affine(graph, binary, weights, bias, k, d), classes);
}
