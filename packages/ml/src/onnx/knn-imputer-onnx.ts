// KNNImputer (missing values NaN) with the fit rows as constants, as transform: nan_euclidean
// distances to every fit row over the coordinates present in both, sqrt(n / p * sum (x - y)^2)
// (exact differences, batch x fit rows x columns floats; NaN when p = 0); then per column j, among
// the fit rows where j is present, the k nearest (TopK; a NaN distance counts as +Infinity and gets
// weight 0, ties to the lower row), their values averaged uniformly or by 1 / distance (a donor at
// distance 0 takes all the weight); a receiver with no finite distance gets the column's mean. Only
// missing cells are replaced (Where on IsNaN). Columns empty in fit are dropped, or zeros with
// keepEmptyFeatures.
import type { KNNImputer } from '@neurite/features';
import type { OnnxGraph } from '@neurite/nn';
import { ArgumentError } from '@neurite/tensor';
import { int64Constant, notExportable, type OnnxStep } from './onnx-step.ts';

export function knnImputerOnnx(graph: OnnxGraph, model: KNNImputer, input: string, nFeatures: number): OnnxStep {
  const p = model.getParams();
  if (!Number.isNaN(p.missingValue)) throw notExportable('KNNImputer with a missingValue other than NaN');
  const state = model.toJSON().state as { rows: number; cols: number; data: (number | null | string)[]; means: (number | null | string)[] } | null;
  if (!state) throw notExportable('an unfitted KNNImputer');
  const n = state.rows, d = state.cols;
  if (d !== nFeatures) throw new ArgumentError(`exportEstimatorOnnx: KNNImputer was fitted on ${d} features, the graph's input has ${nFeatures}`);
  // The saved numbers write NaN as null or "NaN".
  const number = (v: number | null | string): number => (typeof v === 'number' ? v : NaN);
  const fit = state.data.map(number), means = state.means.map(number);
  const present = fit.map((v) => (Number.isNaN(v) ? 0 : 1)), filled = fit.map((v) => (Number.isNaN(v) ? 0 : v));
  const zero = graph.constant('zero', [0], []);
  const missing = graph.node('IsNaN', [input]);
  const known = graph.node('Cast', [graph.node('Not', [missing])], { to: 1 }); // [B, d]
  const x0 = graph.node('Where', [missing, zero, input]);
  const fitPresent = graph.constant('fit_present', present, [n, d]);
  const difference = graph.node('Sub', [graph.node('Unsqueeze', [x0, int64Constant(graph, 'axes', [1])]), graph.constant('fit_rows', filled, [n, d])]); // [B, n, d]
  const both = graph.node('Mul', [graph.node('Unsqueeze', [known, int64Constant(graph, 'axes', [1])]), fitPresent]);
  const sum = graph.node('ReduceSum', [graph.node('Mul', [graph.node('Mul', [difference, difference]), both]), int64Constant(graph, 'axes', [2])], { keepdims: 0 }); // [B, n]
  const common = graph.node('MatMul', [known, graph.node('Transpose', [fitPresent], { perm: [1, 0] })]); // [B, n]
  const distance = graph.node('Sqrt', [graph.node('Mul', [graph.node('Div', [sum, common]), graph.constant('columns', [d], [])])]); // NaN where nothing is shared
  const infinity = graph.constant('infinity', [Infinity], []);
  const ranked = graph.node('Where', [graph.node('IsNaN', [distance]), infinity, distance]);
  const outputs: string[] = [];
  for (let j = 0; j < d; j++) {
    const column = graph.node('Gather', [input, int64Constant(graph, 'column', [j])], { axis: 1 }); // [B, 1]
    if (Number.isNaN(means[j]!)) {
      if (p.keepEmptyFeatures) outputs.push(graph.node('Expand', [zero, graph.node('Shape', [column])]));
      continue;
    }
    const donors = Array.from({ length: n }, (_, r) => present[r * d + j]!);
    const k = Math.min(p.nNeighbors, donors.reduce((a: number, b) => a + b, 0));
    const candidates = graph.node('Where', [graph.node('Cast', [graph.constant('donors', donors, [n])], { to: 9 }), ranked, infinity]);
    const kept = graph.name('kept'), rows = graph.name('donor_rows');
    graph.node('TopK', [candidates, int64Constant(graph, 'k', [k])], { axis: 1, largest: 0, sorted: 1 }, [kept, rows]);
    const values = graph.node('Gather', [graph.constant('donor_values', Array.from({ length: n }, (_, r) => filled[r * d + j]!), [n]), rows], { axis: 0 }); // [B, k]
    let weights: string;
    if (p.weights === 'uniform') weights = graph.node('Cast', [graph.node('Not', [graph.node('IsInf', [kept])])], { to: 1 });
    else {
      const exact = graph.node('Cast', [graph.node('Equal', [kept, zero])], { to: 1 });
      const anyExact = graph.node('Greater', [graph.node('ReduceSum', [exact, int64Constant(graph, 'axes', [1])], { keepdims: 1 }), zero]);
      weights = graph.node('Where', [anyExact, exact, graph.node('Reciprocal', [kept])]); // 1 / Infinity = 0
    }
    const total = graph.node('ReduceSum', [weights, int64Constant(graph, 'axes', [1])], { keepdims: 1 });
    const mean = graph.node('Div', [graph.node('ReduceSum', [graph.node('Mul', [weights, values]), int64Constant(graph, 'axes', [1])], { keepdims: 1 }), total]);
    const imputed = graph.node('Where', [graph.node('Equal', [total, zero]), graph.constant('column_mean', [means[j]!], []), mean]);
    outputs.push(graph.node('Where', [graph.node('IsNaN', [column]), imputed, column]));
  }
  if (outputs.length === 0) throw notExportable('KNNImputer whose columns were all empty in fit');
  return { kind: 'transform', output: outputs.length === 1 ? outputs[0]! : graph.node('Concat', outputs, { axis: 1 }), nFeatures: outputs.length };
}
