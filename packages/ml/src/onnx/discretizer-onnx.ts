// KBinsDiscretizer through standard ops, as skl2onnx writes it: per column, the bin is the number of
// interior edges <= x (GreaterOrEqual against the edges, Cast, ReduceSum; a NaN, which transform
// rejects, falls in bin 0); 'ordinal' concatenates the bins, 'onehot' compares each with 0 ..
// nBins - 1 (Equal, Cast). Edges are float32 in the graph: an input within float32 rounding of an
// edge may land in the neighbouring bin.
import type { KBinsDiscretizer } from '@neurite/features';
import type { OnnxGraph } from '@neurite/nn';
import { ArgumentError } from '@neurite/tensor';
import { int64Constant, type OnnxStep } from './onnx-step.ts';

export function kBinsDiscretizerOnnx(graph: OnnxGraph, model: KBinsDiscretizer, input: string, nFeatures: number): OnnxStep {
  const edges = model.binEdges, onehot = model.getParams().encode === 'onehot';
  if (edges.length !== nFeatures) throw new ArgumentError(`exportEstimatorOnnx: KBinsDiscretizer was fitted on ${edges.length} features, the graph's input has ${nFeatures}`);
  const parts: string[] = [];
  let width = 0;
  edges.forEach((full, j) => {
    const column = graph.node('Gather', [input, int64Constant(graph, 'column', [j])], { axis: 1 }); // [batch, 1]
    const interior = [...full.subarray(1, full.length - 1)];
    const bins = interior.length + 1;
    const bin = interior.length === 0
      ? graph.node('Expand', [graph.constant('zero', [0], []), graph.node('Shape', [column])])
      : graph.node('ReduceSum', [graph.node('Cast', [graph.node('GreaterOrEqual', [column, graph.constant('edges', interior, [interior.length])])], { to: 1 }), int64Constant(graph, 'axes', [1])], { keepdims: 1 });
    if (!onehot) {
      parts.push(bin);
      width += 1;
      return;
    }
    const indices = graph.constant('bins', Array.from({ length: bins }, (_, b) => b), [bins]);
    parts.push(graph.node('Cast', [graph.node('Equal', [bin, indices])], { to: 1 })); // [batch, bins]
    width += bins;
  });
  return { kind: 'transform', output: parts.length === 1 ? parts[0]! : graph.node('Concat', parts, { axis: 1 }), nFeatures: width };
}
