// What the module exporters pass between them: a graph value and the exporter that adds a module's nodes.
import type { Module } from '../module/module.ts';
import { ONNX_INT64, type OnnxGraph } from './onnx-graph.ts';

export interface Value {
  name: string;
  /** Rank including the batch axis. */
  rank: number;
  /** True when the value is in NCHW (after a convolution or pool) rather than Neurite's NHWC. */
  nchw: boolean;
}

/** The exporter as the layer-family files see it (export-onnx.ts implements it). */
export interface ModuleExporter {
  readonly graph: OnnxGraph;
  /** The default opset of the file (ReduceMean takes its axes as an input from opset 18). */
  readonly opset: number;
  /** Self-attention layers attend causally (exportOnnx's isCausal). */
  readonly causal: boolean;
  /** The graph input holding a decoder's memory, if any. */
  readonly memory: string | undefined;
  /** Additive biases [batch, 1, 1, keys] (-1e9 on padded keys) from the padding-mask inputs (exportOnnx's keyPaddingMask). */
  readonly selfPadding: string | undefined;
  readonly memoryPadding: string | undefined;
  /** A module's input shape from the export's probe pass (batch 1), when one ran and reached it. */
  inputShapeOf(m: Module): readonly number[] | undefined;
  module(m: Module, v: Value, path: string): Value;
  /** The value in Neurite's channels-last layout (a Transpose when it is NCHW). */
  nhwc(v: Value): Value;
  activation(kind: string, v: Value, alpha?: number): Value;
}

/** ReduceMean over `axes` with kept dimensions, in the form the opset takes. */
export function reduceMean(e: ModuleExporter, x: string, axes: number[]): string {
  const g = e.graph;
  return e.opset < 18 ? g.node('ReduceMean', [x], { axes, keepdims: 1 }) : g.node('ReduceMean', [x, g.constant('axes', axes, [axes.length], ONNX_INT64)], { keepdims: 1 });
}
