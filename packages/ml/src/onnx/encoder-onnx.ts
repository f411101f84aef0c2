// The categorical encoders of @neurite/features through ai.onnx.ml, on numeric columns of the float
// input or on string columns (exportEstimatorOnnx's inputType 'string': a tensor(string) input):
//   OneHotEncoder  -> per column, Gather + OneHotEncoder (cats_int64s for integer categories,
//                     cats_strings for strings; zeros = 1 for handleUnknown 'ignore', else the runtime
//                     rejects an unknown category as transform does), concatenated; dropped
//                     categories removed
//   OrdinalEncoder -> per column, Gather + LabelEncoder (keys_floats or keys_strings to the codes
//                     0, 1, ... as values_floats; default_float unknownValue, NaN by default: the
//                     runtime cannot raise, so handleUnknown 'error' gives NaN where transform throws)
import type { Category, OneHotEncoder, OrdinalEncoder } from '@neurite/features';
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

export function oneHotEncoderOnnx(graph: OnnxGraph, model: OneHotEncoder, input: string, nFeatures: number): OnnxStep {
  const categories = model.categories, p = model.getParams(), strings = isStringValue(graph, input);
  checkKinds('OneHotEncoder', categories, strings, nFeatures, true);
  if (model.infrequentCategories.some((c) => c.length > 0)) throw notExportable('OneHotEncoder with infrequent categories');
  if (p.handleUnknown === 'infrequentIfExist') throw notExportable("OneHotEncoder with handleUnknown 'infrequentIfExist'");
  const parts: string[] = [], keep: number[] = [];
  let width = 0;
  categories.forEach((cats, j) => {
    const cat: Record<string, OnnxAttribute> = strings ? { cats_strings: { strings: cats as string[] } } : { cats_int64s: { ints: cats as number[] } };
    const encoded = graph.node('OneHotEncoder', [column(graph, input, j)], { ...cat, zeros: p.handleUnknown === 'ignore' ? 1 : 0 }, [graph.name('one_hot')], 'ai.onnx.ml');
    parts.push(graph.node('Squeeze', [encoded, int64Constant(graph, 'axes', [1])]));
    const dropped = p.drop === 'first' || (p.drop === 'if_binary' && cats.length === 2) ? 0 : -1;
    for (let c = 0; c < cats.length; c++) if (c !== dropped) keep.push(width + c);
    width += cats.length;
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
