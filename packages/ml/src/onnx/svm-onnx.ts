// Support vector machines through ai.onnx.ml SVMClassifier / SVMRegressor. The runtime computes each
// one-vs-one value as sum_k coef_k K(x, sv_k) + rho_p (libsvm's sign: positive votes for the first
// class of the pair) and counts votes, as libsvm and predict do. scikit-learn's public dualCoef and
// intercept flip the sign for two classes; the raw libsvm values are written here. The runtime's
// scores: [batch, pairs] equal to decisionFunction with decisionFunctionShape 'ovo' (three or more
// classes); with two classes [batch, 2] = [decisionFunction, -decisionFunction].
// kernel_params = [gamma, coef0, degree].
import type { OnnxGraph } from '@neurite/nn';
import type { BaseSVC, BaseSVCParams } from '../svm/base-svc.ts';
import type { BaseSVR } from '../svm/svr.ts';
import type { KernelParams } from '../svm/params.ts';
import { classLabels, notExportable, type OnnxStep } from './onnx-step.ts';

function kernelAttributes(params: KernelParams, gamma: number): Record<string, string | { floats: number[] }> {
  return { kernel_type: params.kernel.toUpperCase(), kernel_params: { floats: [gamma, params.coef0, params.degree] } };
}

export function svcOnnx(graph: OnnxGraph, model: BaseSVC<BaseSVCParams>, input: string): OnnxStep {
  const classes = model.classes, k = classes.length, params = model.getParams();
  if (params.probability) throw notExportable(`${model.constructor.name} with probability: true (Platt scaling is not written yet)`);
  const { attributes, labelType } = classLabels(model.constructor.name, classes, 'classlabels_ints');
  const sign = k === 2 ? -1 : 1;
  const label = graph.name('label'), scores = graph.name('scores');
  graph.node('SVMClassifier', [input], {
    ...attributes, ...kernelAttributes(params, model.gamma),
    vectors_per_class: [...model.nSupport], support_vectors: { floats: [...model.supportVectors.data] },
    coefficients: { floats: [...model.dualCoef.data].map((v) => sign * v) }, rho: { floats: [...model.intercept].map((v) => sign * v) },
    post_transform: 'NONE',
  }, [label, scores], 'ai.onnx.ml');
  return { kind: 'classifier', label, labelType, probabilities: scores, nColumns: k === 2 ? 2 : (k * (k - 1)) / 2 };
}

export function svrOnnx(graph: OnnxGraph, model: BaseSVR<KernelParams>, input: string): OnnxStep {
  const params = model.getParams(), nSV = model.supportVectors.rows;
  const output = graph.node('SVMRegressor', [input], {
    ...kernelAttributes(params, model.gamma), n_supports: nSV, support_vectors: { floats: [...model.supportVectors.data] },
    coefficients: { floats: [...model.dualCoef.data] }, rho: { floats: [model.intercept[0]!] }, post_transform: 'NONE', one_class: 0,
  }, [graph.name('variable')], 'ai.onnx.ml');
  return { kind: 'regressor', output };
}
