// A small builder of ONNX graphs, encoded with protobufjs from the official onnx.proto (its JSON
// descriptor, onnx-proto.json). Initializers carry little-endian raw_data; the batch axis of inputs
// and outputs is symbolic ("batch") so one file serves any batch size.
import protobuf from 'protobufjs/light.js';
import { ONNX_PROTO_DESCRIPTOR } from './onnx-proto.ts';

const root = protobuf.Root.fromJSON(ONNX_PROTO_DESCRIPTOR as protobuf.INamespace);
const ModelProto = root.lookupType('onnx.ModelProto');

/** ONNX TensorProto.DataType values used here. */
export const ONNX_FLOAT = 1;
export const ONNX_INT32 = 6;
export const ONNX_INT64 = 7;
export const ONNX_STRING = 8;
export const ONNX_BOOL = 9;

/** Attribute values: an int or float, a list of ints, a string, or explicit float / string / int lists. */
export type OnnxAttribute = number | number[] | string | { floats: number[] } | { strings: string[] } | { ints: number[] } | { float: number };

export class OnnxGraph {
  private readonly nodes: object[] = [];
  private readonly initializers: object[] = [];
  private readonly inputs: object[] = [];
  private readonly outputs: object[] = [];
  private counter = 0;
  private readonly domains = new Set<string>();
  /** Names of the graph's inputs, which fresh names avoid. */
  private readonly inputNames = new Set<string>();

  /** A fresh value name with a readable prefix (never an input's name). */
  name(prefix: string): string {
    let name: string;
    do name = `${prefix.replace(/[^A-Za-z0-9_]/g, '_')}_${this.counter++}`;
    while (this.inputNames.has(name));
    return name;
  }

  private valueInfo(name: string, elemType: number, dims: (number | string)[]): object {
    return {
      name,
      type: { tensor_type: { elem_type: elemType, shape: { dim: dims.map((d) => (typeof d === 'string' ? { dim_param: d } : { dim_value: d })) } } },
    };
  }

  input(name: string, elemType: number, dims: (number | string)[]): string {
    this.inputNames.add(name);
    this.inputs.push(this.valueInfo(name, elemType, dims));
    return name;
  }

  output(name: string, elemType: number, dims: (number | string)[]): void {
    this.outputs.push(this.valueInfo(name, elemType, dims));
  }

  /** An output of type seq(map(keyType, valueType)), as ai.onnx.ml ZipMap writes it. */
  mapSequenceOutput(name: string, keyType: number, valueType = ONNX_FLOAT): void {
    this.outputs.push({ name, type: { sequence_type: { elem_type: { map_type: { key_type: keyType, value_type: { tensor_type: { elem_type: valueType } } } } } } });
  }

  /** A constant tensor (float32 or int64 values) in the graph's initializers; returns its name. */
  constant(prefix: string, values: ArrayLike<number>, dims: number[], elemType = ONNX_FLOAT): string {
    const name = this.name(prefix);
    let raw: Uint8Array;
    if (elemType === ONNX_INT64) {
      const out = new BigInt64Array(values.length);
      for (let i = 0; i < values.length; i++) out[i] = BigInt(values[i]!);
      raw = new Uint8Array(out.buffer);
    } else {
      raw = new Uint8Array(Float32Array.from(values).buffer);
    }
    this.initializers.push({ name, dims, data_type: elemType, raw_data: raw });
    return name;
  }

  /** A constant tensor of strings (UTF-8) in the graph's initializers; returns its name. */
  stringConstant(prefix: string, values: readonly string[], dims: number[]): string {
    const name = this.name(prefix);
    const encoder = new TextEncoder();
    this.initializers.push({ name, dims, data_type: ONNX_STRING, string_data: values.map((v) => encoder.encode(v)) });
    return name;
  }

  /** Adds a node; returns the name of its (first) output. */
  node(opType: string, inputs: string[], attributes: Record<string, OnnxAttribute> = {}, outputs = [this.name(opType)], domain = ''): string {
    const encoder = new TextEncoder();
    const attribute = Object.entries(attributes).map(([name, v]) => {
      if (typeof v === 'number') return Number.isInteger(v) && !(name in FLOAT_ATTRIBUTES) ? { name, type: 2, i: v } : { name, type: 1, f: v };
      if (typeof v === 'string') return { name, type: 3, s: encoder.encode(v) };
      if (Array.isArray(v)) return { name, type: 7, ints: v };
      if ('float' in v) return { name, type: 1, f: v.float };
      if ('strings' in v) return { name, type: 8, strings: v.strings.map((x) => encoder.encode(x)) };
      if ('ints' in v) return { name, type: 7, ints: v.ints };
      return { name, type: 6, floats: v.floats };
    });
    if (domain) this.domains.add(domain);
    this.nodes.push({ op_type: opType, input: inputs, output: outputs, name: outputs[0], attribute, ...(domain ? { domain } : {}) });
    return outputs[0]!;
  }

  /** The serialized ModelProto. Nodes of the ai.onnx.ml domain import it at `mlOpset` (default 3). */
  encode(options: { opset: number; producer: string; docString?: string; mlOpset?: number }): Uint8Array {
    const opsetImport = [{ domain: '', version: options.opset }];
    for (const domain of this.domains) opsetImport.push({ domain, version: domain === 'ai.onnx.ml' ? options.mlOpset ?? 3 : 1 });
    const model = {
      ir_version: 8,
      producer_name: options.producer,
      doc_string: options.docString ?? '',
      opset_import: opsetImport,
      graph: { name: 'neurite', node: this.nodes, initializer: this.initializers, input: this.inputs, output: this.outputs },
    };
    const error = ModelProto.verify(model);
    if (error) throw new Error(`ONNX model does not match onnx.proto: ${error}`);
    return ModelProto.encode(ModelProto.fromObject(model)).finish();
  }
}

/** Attributes that ONNX types as floats even when their value is integral. */
const FLOAT_ATTRIBUTES: Record<string, true> = { alpha: true, beta: true, epsilon: true, momentum: true };
