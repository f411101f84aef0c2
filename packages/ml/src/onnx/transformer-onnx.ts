// @neurite/features transformers through ai.onnx.ml:
//   StandardScaler, MinMaxScaler, RobustScaler -> Scaler (y = (x - offset) * scale), MinMaxScaler's clip -> Clip
//   LogTransformer              -> Log(1 + x); MedianLogTransformer -> Log(1 + x / (1 + median)) (ONNX has
//                                  no log1p: below about 1e-7, x is lost to the 1 in float32)
//   SimpleImputer               -> Imputer (replaced_value_float: NaN or the sentinel), then the
//                                  empty columns dropped (Gather), as transform drops them; on
//                                  string columns (fitted on a table), "" marks a missing cell and
//                                  Where fills it
// (OneHotEncoder and OrdinalEncoder: encoder-onnx.ts.)
import type { LogTransformer, MedianLogTransformer, MinMaxScaler, RobustScaler, SimpleImputer, StandardScaler } from '@neurite/features';
import type { OnnxGraph } from '@neurite/nn';
import { ArgumentError } from '@neurite/tensor';
import { int64Constant, isStringValue, markStringValue, notExportable, type OnnxStep } from './onnx-step.ts';

function scaler(graph: OnnxGraph, input: string, offset: number[], scale: number[]): string {
  return graph.node('Scaler', [input], { offset: { floats: offset }, scale: { floats: scale } }, [graph.name('scaled')], 'ai.onnx.ml');
}

/** Keeps the listed columns of x (unless all are kept). */
export function keepColumns(graph: OnnxGraph, x: string, keep: number[], width: number): string {
  return keep.length === width ? x : graph.node('Gather', [x, int64Constant(graph, 'kept_columns', keep)], { axis: 1 });
}

export function standardScalerOnnx(graph: OnnxGraph, model: StandardScaler, input: string, nFeatures: number): OnnxStep {
  const p = model.getParams();
  const offset = p.withMean ? [...model.mean] : new Array<number>(nFeatures).fill(0);
  const scale = p.withStd ? [...model.scale].map((s) => 1 / s) : new Array<number>(nFeatures).fill(1);
  return { kind: 'transform', output: scaler(graph, input, offset, scale), nFeatures };
}

export function robustScalerOnnx(graph: OnnxGraph, model: RobustScaler, input: string, nFeatures: number): OnnxStep {
  const p = model.getParams();
  const offset = p.withCentering ? [...model.center] : new Array<number>(nFeatures).fill(0);
  const scale = p.withScaling ? [...model.scale].map((s) => 1 / s) : new Array<number>(nFeatures).fill(1);
  return { kind: 'transform', output: scaler(graph, input, offset, scale), nFeatures };
}

export function minMaxScalerOnnx(graph: OnnxGraph, model: MinMaxScaler, input: string, nFeatures: number): OnnxStep {
  const scale = [...model.scale], shift = [...model.offset], p = model.getParams();
  if (scale.some((s) => s === 0)) throw notExportable('MinMaxScaler with a zero scale');
  let output = scaler(graph, input, shift.map((o, j) => -o / scale[j]!), scale);
  if (p.clip) output = graph.node('Clip', [output, graph.constant('low', [p.featureRange[0]], []), graph.constant('high', [p.featureRange[1]], [])]);
  return { kind: 'transform', output, nFeatures };
}

/**
 * A SimpleImputer fitted on a table of cells: on string columns (a string input), a missing cell is
 * fed as "" (ONNX strings have no null): LabelEncoder marks the empty strings, Where puts each
 * column's value in their place; on number columns, as a matrix (NaN marks a missing cell).
 */
function cellImputerOnnx(graph: OnnxGraph, model: SimpleImputer, input: string, nFeatures: number, values: readonly (string | number | null)[]): OnnxStep {
  if (values.length !== nFeatures) throw new ArgumentError(`exportEstimatorOnnx: SimpleImputer was fitted on ${values.length} columns, the graph's input has ${nFeatures}`);
  const keep = values.flatMap((v, j) => (v === null ? [] : [j]));
  if (!isStringValue(graph, input)) {
    if (values.some((v) => typeof v === 'string')) throw notExportable('SimpleImputer fitted on string columns reading a float input (export with inputType \'string\' or \'columns\')');
    const imputed = graph.node('Imputer', [input], {
      imputed_value_floats: { floats: values.map((v) => (v === null ? 0 : (v as number))) }, replaced_value_float: { float: model.getParams().missingValue },
    }, [graph.name('imputed')], 'ai.onnx.ml');
    return { kind: 'transform', output: keepColumns(graph, imputed, keep, nFeatures), nFeatures: keep.length };
  }
  if (values.some((v) => typeof v === 'number')) throw notExportable('SimpleImputer imputing numbers in string columns');
  const empty = graph.node('LabelEncoder', [input], { keys_strings: { strings: [''] }, values_int64s: { ints: [1] }, default_int64: 0 }, [graph.name('missing')], 'ai.onnx.ml');
  const fills = graph.stringConstant('fill_values', values.map((v) => (v === null ? '' : (v as string))), [nFeatures]);
  const imputed = graph.node('Where', [graph.node('Cast', [empty], { to: 9 }), fills, input]);
  return { kind: 'transform', output: markStringValue(graph, keepColumns(graph, imputed, keep, nFeatures)), nFeatures: keep.length };
}

export function simpleImputerOnnx(graph: OnnxGraph, model: SimpleImputer, input: string, nFeatures: number): OnnxStep {
  const cells = model.cellStatistics;
  if (cells !== null) return cellImputerOnnx(graph, model, input, nFeatures, cells);
  const statistics = [...model.statistics], missing = model.getParams().missingValue;
  const imputed = graph.node('Imputer', [input], {
    imputed_value_floats: { floats: statistics.map((s) => (Number.isNaN(s) ? 0 : s)) }, replaced_value_float: { float: missing },
  }, [graph.name('imputed')], 'ai.onnx.ml');
  const keep = statistics.flatMap((s, j) => (Number.isNaN(s) ? [] : [j]));
  return { kind: 'transform', output: keepColumns(graph, imputed, keep, nFeatures), nFeatures: keep.length };
}

export function logTransformerOnnx(graph: OnnxGraph, model: LogTransformer | MedianLogTransformer, input: string, nFeatures: number): OnnxStep {
  const median = 'median' in model ? [...model.median] : undefined;
  const state = model.toJSON().state as { columns?: number } | null;
  if (!state) throw notExportable(`an unfitted ${model.constructor.name}`);
  const width = median?.length ?? state.columns;
  if (width !== nFeatures) throw new ArgumentError(`exportEstimatorOnnx: ${model.constructor.name} was fitted on ${width} features, the graph's input has ${nFeatures}`);
  const x = median ? graph.node('Div', [input, graph.constant('one_plus_median', median.map((m) => 1 + m), [nFeatures])]) : input;
  return { kind: 'transform', output: graph.node('Log', [graph.node('Add', [x, graph.constant('one', [1], [])])]), nFeatures };
}
