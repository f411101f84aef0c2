// ColumnTransformer: each part's columns taken with Gather (axis 1), its fitted transformer's graph
// (or the columns themselves for 'passthrough'), the outputs concatenated in the parts' order, the
// order of transform: the listed transformers ('drop' skipped), then the remainder if it has columns.
import type { OnnxGraph } from '@neurite/nn';
import type { ColumnTransformer } from '../compose/column-transformer.ts';
import { int64Constant, notExportable, type OnnxStep } from './onnx-step.ts';

/** Converts one transformer (the dispatcher, passed in to keep the files free of import cycles). */
export type ConvertStep = (graph: OnnxGraph, model: unknown, input: string, nFeatures: number) => OnnxStep;

/** Column indices of a selection, negatives from the end (as ColumnTransformer resolves them). */
function resolveColumns(name: string, selection: number | readonly number[] | ((columns: number) => readonly number[]), cols: number): number[] {
  const list = typeof selection === 'function' ? selection(cols) : typeof selection === 'number' ? [selection] : selection;
  return list.map((c) => {
    if (!Number.isInteger(c) || c < -cols || c >= cols) throw notExportable(`ColumnTransformer part "${name}" selecting column ${c} of ${cols}`);
    return c < 0 ? cols + c : c;
  });
}

export function columnTransformerOnnx(graph: OnnxGraph, model: ColumnTransformer, input: string, nFeatures: number, convert: ConvertStep): OnnxStep {
  const fitted = model.namedTransformers, slices = model.outputIndices, params = model.getParams();
  const used = new Uint8Array(nFeatures), plan: { name: string; columns: number[] }[] = [];
  for (const [name, transformer, selection] of params.transformers) {
    const columns = resolveColumns(name, selection, nFeatures);
    for (const c of columns) used[c] = 1;
    if (transformer !== 'drop') plan.push({ name, columns });
  }
  const rest = Array.from({ length: nFeatures }, (_, c) => c).filter((c) => !used[c]);
  if (params.remainder !== 'drop' && rest.length > 0) plan.push({ name: 'remainder', columns: rest });
  const outputs: string[] = [];
  let width = 0;
  for (const { name, columns } of plan) {
    if (!(name in fitted) || !slices[name]) throw notExportable(`ColumnTransformer whose fitted parts do not match its parameters (part "${name}")`);
    const sub = graph.node('Gather', [input, int64Constant(graph, 'columns', columns)], { axis: 1 });
    const transformer = fitted[name];
    let out = sub, cols = columns.length;
    if (transformer !== null) {
      const result = convert(graph, transformer, sub, columns.length);
      if (result.kind !== 'transform') throw notExportable(`ColumnTransformer part "${name}" (not a transformer)`);
      out = result.output;
      cols = result.nFeatures;
    }
    const [start, end] = slices[name]!;
    if (cols !== end - start) throw notExportable(`ColumnTransformer part "${name}" giving ${cols} columns where transform gives ${end - start}`);
    outputs.push(out);
    width += cols;
  }
  if (outputs.length === 0) throw notExportable('ColumnTransformer with no output columns');
  return { kind: 'transform', output: outputs.length === 1 ? outputs[0]! : graph.node('Concat', outputs, { axis: 1 }), nFeatures: width };
}
