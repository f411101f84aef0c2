// PCA through standard ops, as skl2onnx writes it: (x - mean) W with W = components^T, each column
// divided by sqrt(explainedVariance) when whitening (folded into W), output [batch, nComponents].
import type { OnnxGraph } from '@neurite/nn';
import { ArgumentError } from '@neurite/tensor';
import type { PCA } from '../decomposition/pca.ts';
import type { OnnxStep } from './onnx-step.ts';

export function pcaOnnx(graph: OnnxGraph, model: PCA, input: string, nFeatures: number): OnnxStep {
  const components = model.components, mean = model.mean, variance = model.explainedVariance, whiten = model.getParams().whiten;
  const k = components.rows, d = components.cols;
  if (d !== nFeatures) throw new ArgumentError(`exportEstimatorOnnx: PCA was fitted on ${d} features, the graph's input has ${nFeatures}`);
  const projection = new Float32Array(d * k);
  for (let j = 0; j < k; j++) {
    const divisor = whiten ? Math.sqrt(variance[j]!) : 1;
    for (let f = 0; f < d; f++) projection[f * k + j] = components.data[j * d + f]! / divisor;
  }
  const centred = graph.node('Sub', [input, graph.constant('mean', mean, [d])]);
  return { kind: 'transform', output: graph.node('MatMul', [centred, graph.constant('components', projection, [d, k])]), nFeatures: k };
}
