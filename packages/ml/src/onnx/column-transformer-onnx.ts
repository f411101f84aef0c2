// ColumnTransformer: each part's columns taken with Gather (axis 1), or from a table input (one graph
// input per column, exportEstimatorOnnx's inputType 'columns') by concatenating its column inputs,
// then its fitted transformer's graph (or the columns themselves for 'passthrough'), the outputs
// concatenated in the parts' order, the order of transform: the listed transformers ('drop'
// skipped), then the remainder if it has columns. A part's columns are all numbers or all strings.
import type { OnnxGraph } from '@neurite/nn';
import type { ColumnTransformer } from '../compose/column-transformer.ts';
import { int64Constant, isStringValue, markStringValue, notExportable, type OnnxStep, tableValue } from './onnx-step.ts';

/** Converts one transformer (the dispatcher, passed in to keep the files free of import cycles). */
export type ConvertStep = (graph: OnnxGraph, model: unknown, input: string, nFeatures: number) => OnnxStep;

export function columnTransformerOnnx(graph: OnnxGraph, model: ColumnTransformer, input: string, nFeatures: number, convert: ConvertStep): OnnxStep {
  const fitted = model.namedTransformers, slices = model.outputIndices;
  const plan = Object.entries(model.inputIndices).map(([name, columns]) => ({ name, columns }));
  for (const { name, columns } of plan) if (columns.some((c) => c >= nFeatures)) throw notExportable(`ColumnTransformer part "${name}" reading columns past the ${nFeatures} inputs`);
  const outputs: string[] = [];
  let width = 0;
  for (const { name, columns } of plan) {
    if (!(name in fitted) || !slices[name]) throw notExportable(`ColumnTransformer whose fitted parts do not match its parameters (part "${name}")`);
    const sub = partInput(graph, input, name, columns);
    const transformer = fitted[name];
    let out = sub, cols = columns.length;
    if (transformer === null && isStringValue(graph, sub)) throw notExportable(`ColumnTransformer passing string columns through (part "${name}")`);
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

/** The columns of a part as one [batch, columns] value: Gather from a matrix input, Concat of a table's column inputs. */
function partInput(graph: OnnxGraph, input: string, name: string, columns: number[]): string {
  const table = tableValue(graph, input);
  if (!table) return graph.node('Gather', [input, int64Constant(graph, 'columns', columns)], { axis: 1 });
  const kinds = new Set(columns.map((c) => table.columns[c]!.kind));
  if (kinds.size > 1) throw notExportable(`ColumnTransformer part "${name}" reading both number and string columns`);
  const names = columns.map((c) => table.columns[c]!.name);
  const sub = names.length === 1 ? names[0]! : graph.node('Concat', names, { axis: 1 });
  return kinds.has('string') ? markStringValue(graph, sub) : sub;
}
