// The categorical encoders of @neurite/features through ai.onnx.ml, on numeric columns of the float
// input or on string columns (exportEstimatorOnnx's inputType 'string': a tensor(string) input):
//   OneHotEncoder  -> per column, Gather + OneHotEncoder (cats_int64s for integer categories,
//                     cats_strings for strings; zeros = 1 for handleUnknown 'ignore' and
//                     'infrequentIfExist', else the runtime rejects an unknown category as transform
//                     does), concatenated; dropped categories removed; a column with infrequent
//                     categories (minFrequency, maxCategories) sums them into its group's column
//                     through a 0/1 MatMul (with 'infrequentIfExist', an unknown one too)
//   OrdinalEncoder -> per column, Gather + LabelEncoder (keys_floats or keys_strings to the codes
//                     0, 1, ... as values_floats; default_float unknownValue, NaN by default: the
//                     runtime cannot raise, so handleUnknown 'error' gives NaN where transform throws)
//   CategoricalEmbedding -> per column, LabelEncoder from the vocabulary to the embedding rows 1 .. V,
//                     default 0 (the out-of-vocabulary row; handleUnknown 'error' gives 0 where
//                     transform throws): the indices an exported nn Embedding then reads
import type { CategoricalEmbedding, Category, OneHotEncoder, OrdinalEncoder } from '@neurite/features';
import type { OnnxAttribute, OnnxGraph } from '@neurite/nn';
import { int64Constant, isStringValue, markStringValue, notExportable, type OnnxStep } from './onnx-step.ts';
import { keepColumns } from './transformer-onnx.ts';

/** Checks that the fitted categories suit the input (strings for a string input, numbers otherwise). */
function checkKinds(owner: string, categories: readonly (readonly Category[])[], strings: boolean, nFeatures: number, integers: boolean): void {
  if (categories.length !== nFeatures) throw notExportable(`${owner} fitted on ${categories.length} columns given nFeatures ${nFeatures}`);
  categories.forEach((cats, j) => {
    if (strings && cats.some((c) => typeof c !== 'string')) throw notExportable(`${owner} with numeric categories in column ${j} of a string input (every column of inputType 'string' holds strings)`);
    if (!strings && cats.some((c) => typeof c === 'string')) throw notExportable(`${owner} with string categories (column ${j}) on a float input: export with inputType 'string'`);
    if (!strings && integers && cats.some((c) => !Number.isSafeInteger(c))) throw notExportable(`${owner} with non-integer categories (column ${j})`);
    // Float keys are float32 in the graph: two categories must not round to one.
    if (!strings && new Set(cats.map((c) => Math.fround(c as number))).size !== cats.length) throw notExportable(`${owner} with categories that are equal in float32 (column ${j})`);
  });
}

/** Column j of x as [batch, 1] (a string column stays marked as a string). */
function column(graph: OnnxGraph, x: string, j: number): string {
  const out = graph.node('Gather', [x, int64Constant(graph, 'column', [j])], { axis: 1 });
  return isStringValue(graph, x) ? markStringValue(graph, out) : out;
}

/**
 * Where each category of a column lands, as OneHotEncoder lays it out: the frequent categories in
 * order (a dropped one has no column), then one column shared by the infrequent ones (-1: none).
 */
function columnLayout(count: number, dropped: number, infrequent: ReadonlySet<number>, start: number): { columnOf: number[]; infrequentColumn: number; width: number } {
  const columnOf = new Array<number>(count).fill(-1);
  let next = start;
  for (let k = 0; k < count; k++) if (k !== dropped && !infrequent.has(k)) columnOf[k] = next++;
  const infrequentColumn = infrequent.size > 0 ? next++ : -1;
  for (const k of infrequent) columnOf[k] = infrequentColumn;
  return { columnOf, infrequentColumn, width: next - start };
}

export function oneHotEncoderOnnx(graph: OnnxGraph, model: OneHotEncoder, input: string, nFeatures: number): OnnxStep {
  const categories = model.categories, p = model.getParams(), strings = isStringValue(graph, input), infrequent = model.infrequentCategories;
  checkKinds('OneHotEncoder', categories, strings, nFeatures, true);
  const parts: string[] = [], keep: number[] = [];
  let width = 0;
  categories.forEach((cats, j) => {
    const cat: Record<string, OnnxAttribute> = strings ? { cats_strings: { strings: cats as string[] } } : { cats_int64s: { ints: cats as number[] } };
    const encoded = graph.node('OneHotEncoder', [column(graph, input, j)], { ...cat, zeros: p.handleUnknown === 'error' ? 0 : 1 }, [graph.name('one_hot')], 'ai.onnx.ml');
    let hot = graph.node('Squeeze', [encoded, int64Constant(graph, 'axes', [1])]); // [batch, categories]
    const dropped = p.drop === 'first' || (p.drop === 'if_binary' && cats.length === 2) ? 0 : -1;
    const rare = new Set(infrequent[j]!.map((c) => cats.indexOf(c as never)));
    if (rare.size === 0) {
      // Without an infrequent group: the category columns, the dropped one removed after the Concat.
      parts.push(hot);
      for (let c = 0; c < cats.length; c++) if (c !== dropped) keep.push(width + c);
      width += cats.length;
      return;
    }
    // With one: a 0/1 matrix sums each category's indicator into its output column; under
    // 'infrequentIfExist' an unknown category (a row of zeros) also counts in the infrequent column.
    const layout = columnLayout(cats.length, dropped, rare, 0);
    const unknown = p.handleUnknown === 'infrequentIfExist';
    const rows = cats.length + (unknown ? 1 : 0);
    const mapping = new Float32Array(rows * layout.width);
    layout.columnOf.forEach((out, k) => { if (out >= 0) mapping[k * layout.width + out] = 1; });
    if (unknown) {
      const seen = graph.node('ReduceSum', [hot, int64Constant(graph, 'axes', [1])], { keepdims: 1 });
      hot = graph.node('Concat', [hot, graph.node('Sub', [graph.constant('one', [1], []), seen])], { axis: 1 });
      mapping[cats.length * layout.width + layout.infrequentColumn] = 1;
    }
    parts.push(graph.node('MatMul', [hot, graph.constant('one_hot_layout', mapping, [rows, layout.width])]));
    for (let c = 0; c < layout.width; c++) keep.push(width + c);
    width += layout.width;
  });
  const all = parts.length === 1 ? parts[0]! : graph.node('Concat', parts, { axis: 1 });
  return { kind: 'transform', output: keepColumns(graph, all, keep, width), nFeatures: keep.length };
}

export function ordinalEncoderOnnx(graph: OnnxGraph, model: OrdinalEncoder, input: string, nFeatures: number): OnnxStep {
  const categories = model.categories, strings = isStringValue(graph, input), unknown = model.getParams().unknownValue;
  checkKinds('OrdinalEncoder', categories, strings, nFeatures, false);
  const parts = categories.map((cats, j) => {
    const keys: Record<string, OnnxAttribute> = strings ? { keys_strings: { strings: cats as string[] } } : { keys_floats: { floats: cats as number[] } };
    return graph.node('LabelEncoder', [column(graph, input, j)], { ...keys, values_floats: { floats: cats.map((_, c) => c) }, default_float: { float: unknown } }, [graph.name('ordinal')], 'ai.onnx.ml');
  });
  return { kind: 'transform', output: parts.length === 1 ? parts[0]! : graph.node('Concat', parts, { axis: 1 }), nFeatures };
}

export function categoricalEmbeddingOnnx(graph: OnnxGraph, model: CategoricalEmbedding, input: string, nFeatures: number): OnnxStep {
  const vocabularies = model.vocabularies, strings = isStringValue(graph, input);
  checkKinds('CategoricalEmbedding', vocabularies, strings, nFeatures, false);
  const parts = vocabularies.map((vocabulary, j) => {
    const keys: Record<string, OnnxAttribute> = strings ? { keys_strings: { strings: vocabulary as string[] } } : { keys_floats: { floats: vocabulary as number[] } };
    return graph.node('LabelEncoder', [column(graph, input, j)], { ...keys, values_floats: { floats: vocabulary.map((_, c) => c + 1) }, default_float: { float: 0 } }, [graph.name('embedding_row')], 'ai.onnx.ml');
  });
  return { kind: 'transform', output: parts.length === 1 ? parts[0]! : graph.node('Concat', parts, { axis: 1 }), nFeatures };
}
