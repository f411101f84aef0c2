// KMeans and MiniBatchKMeans (their fitted centres): the Euclidean distances [batch, k] to every
// centre, computed exactly as differences (x [batch, 1, d] - c [k, d], squared, summed over d; no
// |x|^2 - 2 x.c + |c|^2 cancellation), Sqrt for transform, and the label ArgMin (first minimum,
// as predict) of the squared distances. Outputs "label" (int64) and "scores" (the distances), the
// names skl2onnx gives them.
import type { OnnxGraph } from '@neurite/nn';
import type { CentroidClusterer } from '../cluster/centroid-clusterer.ts';
import { int64Constant, type OnnxStep } from './onnx-step.ts';

export function centroidClustererOnnx(graph: OnnxGraph, model: CentroidClusterer<Record<string, unknown>>, input: string): OnnxStep {
  const c = model.clusterCenters;
  const rows = graph.node('Unsqueeze', [input, int64Constant(graph, 'axes', [1])]); // [batch, 1, d]
  const difference = graph.node('Sub', [rows, graph.constant('centers', c.data, [c.rows, c.cols])]); // [batch, k, d]
  const squared = graph.node('ReduceSum', [graph.node('Mul', [difference, difference]), int64Constant(graph, 'axes', [2])], { keepdims: 0 }); // [batch, k]
  const label = graph.node('ArgMin', [squared], { axis: 1, keepdims: 0 });
  return { kind: 'clusterer', label, distances: graph.node('Sqrt', [squared]), nClusters: c.rows };
}
