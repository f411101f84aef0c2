// exportOnnx: a Neurite model as an ONNX model (opset 17, IR 8) that onnxruntime and other ONNX
// runtimes run. Supported: Sequential and Residual graphs of Linear (with its fused activation),
// Conv2d, MaxPool2d, AvgPool2d, GlobalAvgPool2d, AdaptiveAvgPool2d, Conv1d, MaxPool1d, AvgPool1d, BatchNorm1d/2d (eval),
// LayerNorm, GroupNorm, Embedding, Flatten, Dropout and Identity (eval: no-ops), RNN/LSTM/GRU (ONNX's
// recurrent ops), MultiheadAttention (self-attention), HierarchicalAttention, TransformerEncoderLayer / TransformerEncoder,
// TransformerDecoderLayer / TransformerDecoder (a second input "memory"), the sinusoidal, learned and
// rotary positional encodings (export-transformer.ts), and the activations ReLU, LeakyReLU, Sigmoid, Tanh,
// GELU (exact and tanh), Softmax and LogSoftmax, BernoulliRBM (its hidden probabilities); the GPT-2
// and Llama language models (export-language-model.ts) and the BERT encoders (export-bert.ts) in
// Hugging Face's ONNX layout.
// The input keeps Neurite's layout (NHWC for images; inputLayout 'nchw' adds a leading Transpose so
// callers can feed NCHW; [L, B, E] for sequence-first attention layers, whose batch axis is axis 1);
// convolutions and pools run in ONNX's NCHW between transposes inserted only where the layout changes.
// The batch axis is symbolic: one file serves every batch size (dynamicAxes makes others symbolic).
import { ArgumentError, type Tensor } from '@neurite/tensor';
import { GELU, LeakyReLU, LogSoftmax, ReLU, Sigmoid, Softmax, Tanh } from '../layers/activations.ts';
import { AdaptiveAvgPool2d } from '../layers/adaptive-pool.ts';
import { BernoulliRBM } from '../models/rbm.ts';
import { AvgPool2d, Conv2d, GlobalAvgPool2d, MaxPool2d } from '../layers/conv.ts';
import { Dropout } from '../layers/dropout.ts';
import { Embedding } from '../layers/embedding.ts';
import { Flatten } from '../layers/flatten.ts';
import { Identity } from '../layers/identity.ts';
import { Linear } from '../layers/linear.ts';
import { BatchNorm, LayerNorm } from '../layers/normalization.ts';
import { GRU, LSTM, RNN } from '../layers/recurrent.ts';
import { Residual, Sequential } from '../layers/sequential.ts';
import { LoraLinear } from '../lora/lora-linear.ts';
import type { Module } from '../module/module.ts';
import { adaptiveAvgPoolOnnx } from './export-adaptive-pool.ts';
import { needsInputShapes, probeInputShapes } from './probe-input-shapes.ts';
import { isLayer1dOrGroupNorm, layer1dOnnx } from './export-layers-1d.ts';
import { decoderMemory, hasAttention, isSequenceFirst, isTransformerModule, transformerOnnx } from './export-transformer.ts';
import { ONNX_BOOL, ONNX_FLOAT, ONNX_INT32, ONNX_INT64, OnnxGraph } from './onnx-graph.ts';
import type { ModuleExporter, Value } from './onnx-value.ts';
import { dynamicDims, type ExportOnnxOptions } from './export-onnx-options.ts';
import { exportBert, exportLanguageModel, isBert, isLanguageModel } from './export-token-models.ts';

export type { ExportOnnxOptions };

const values = (t: Tensor): Float32Array => Float32Array.from(t.toArray());

class Exporter implements ModuleExporter {
  constructor(
    readonly graph: OnnxGraph, readonly opset: number, readonly causal: boolean, readonly memory: string | undefined,
    readonly selfPadding: string | undefined, readonly memoryPadding: string | undefined,
    private readonly shapes: ReadonlyMap<Module, readonly number[]> = new Map(),
  ) {}

  inputShapeOf(m: Module): readonly number[] | undefined {
    return this.shapes.get(m);
  }

  nhwc(v: Value): Value {
    return v.nchw ? { name: this.graph.node('Transpose', [v.name], { perm: [0, 2, 3, 1] }), rank: v.rank, nchw: false } : v;
  }

  nchw(v: Value): Value {
    if (v.rank !== 4) throw new ArgumentError(`exportOnnx: a 2-D convolution or pool needs a rank-4 input [N, H, W, C], got rank ${v.rank}`);
    return v.nchw ? v : { name: this.graph.node('Transpose', [v.name], { perm: [0, 3, 1, 2] }), rank: 4, nchw: true };
  }

  activation(kind: string, v: Value, alpha?: number): Value {
    const g = this.graph;
    const same = (name: string): Value => ({ ...v, name });
    switch (kind) {
      case 'none': return v;
      case 'relu': return same(g.node('Relu', [v.name]));
      case 'sigmoid': return same(g.node('Sigmoid', [v.name]));
      case 'tanh': return same(g.node('Tanh', [v.name]));
      case 'leakyRelu': return same(g.node('LeakyRelu', [v.name], { alpha: alpha ?? 0.01 }));
      case 'gelu': {
        // 0.5 x (1 + erf(x / sqrt 2)) (opset 17 has no Gelu)
        const scaled = g.node('Mul', [v.name, g.constant('inv_sqrt2', [Math.SQRT1_2], [])]);
        const one = g.node('Add', [g.node('Erf', [scaled]), g.constant('one', [1], [])]);
        return same(g.node('Mul', [g.node('Mul', [v.name, one]), g.constant('half', [0.5], [])]));
      }
      case 'geluTanh': {
        // 0.5 x (1 + tanh(sqrt(2 / pi) (x + 0.044715 x^3)))
        const cube = g.node('Mul', [g.node('Mul', [v.name, v.name]), v.name]);
        const inner = g.node('Mul', [g.node('Add', [v.name, g.node('Mul', [cube, g.constant('c', [0.044715], [])])]), g.constant('k', [Math.sqrt(2 / Math.PI)], [])]);
        const one = g.node('Add', [g.node('Tanh', [inner]), g.constant('one', [1], [])]);
        return same(g.node('Mul', [g.node('Mul', [v.name, one]), g.constant('half', [0.5], [])]));
      }
      default: throw new ArgumentError(`exportOnnx: activation '${kind}' has no ONNX export`);
    }
  }

  /**
   * RNN / LSTM / GRU layers as ONNX's own ops, layer by layer: batch-first [N, T, F] is transposed to
   * ONNX's [T, N, F]; gate blocks are reordered from PyTorch's (LSTM i f g o, GRU r z n) to ONNX's
   * (LSTM i o f c, GRU z r h); GRU keeps PyTorch's linear_before_reset.
   */
  recurrent(m: LSTM | GRU | RNN, v: Value, path: string): Value {
    const g = this.graph;
    const h = m.hiddenSize;
    const order = m instanceof LSTM ? [0, 3, 1, 2] : m instanceof GRU ? [1, 0, 2] : [0];
    const named = new Map(m.namedParameters());
    const reorder = (data: Float32Array, rowsPerGate: number, cols: number): Float32Array => {
      const out = new Float32Array(data.length);
      order.forEach((from, to) => out.set(data.subarray(from * rowsPerGate * cols, (from + 1) * rowsPerGate * cols), to * rowsPerGate * cols));
      return out;
    };
    let x = g.node('Transpose', [v.name], { perm: [1, 0, 2] });
    for (let layer = 0; layer < m.numLayers; layer++) {
      const inputSize = layer === 0 ? m.inputSize : h;
      const gates = order.length;
      const w = g.constant(`${path}.W${layer}`, reorder(values(named.get(`weight_ih_l${layer}`)!), h, inputSize), [1, gates * h, inputSize]);
      const r = g.constant(`${path}.R${layer}`, reorder(values(named.get(`weight_hh_l${layer}`)!), h, h), [1, gates * h, h]);
      const inputs = [x, w, r];
      if (m.hasBias) {
        const b = new Float32Array(2 * gates * h);
        b.set(reorder(values(named.get(`bias_ih_l${layer}`)!), h, 1), 0);
        b.set(reorder(values(named.get(`bias_hh_l${layer}`)!), h, 1), gates * h);
        inputs.push(g.constant(`${path}.B${layer}`, b, [1, 2 * gates * h]));
      }
      const op = m instanceof LSTM ? 'LSTM' : m instanceof GRU ? 'GRU' : 'RNN';
      const attributes: Record<string, number | string> = { hidden_size: h };
      if (m instanceof GRU) attributes['linear_before_reset'] = 1;
      const y = g.node(op, inputs, attributes); // [T, 1, N, H]
      x = g.node('Reshape', [y, g.constant('seq_shape', [0, -1, h], [3], ONNX_INT64)]);
    }
    return { name: g.node('Transpose', [x], { perm: [1, 0, 2] }), rank: 3, nchw: false };
  }

  module(m: Module, v: Value, path: string): Value {
    const g = this.graph;
    if (m instanceof Sequential) {
      let out = v;
      for (const [name, child] of m.namedChildren()) out = this.module(child, out, path ? `${path}.${name}` : name);
      return out;
    }
    if (m instanceof Residual) {
      const body = this.nhwc(this.module(m.body, v, `${path}.body`));
      const skip = this.nhwc(m.shortcut ? this.module(m.shortcut, v, `${path}.shortcut`) : v);
      const sum: Value = { name: g.node('Add', [body.name, skip.name]), rank: body.rank, nchw: false };
      return m.activation ? this.module(m.activation, sum, `${path}.activation`) : sum;
    }
    if (m instanceof Identity || m instanceof Dropout) return v;
    if (m instanceof ReLU) return this.activation('relu', v);
    if (m instanceof Sigmoid) return this.activation('sigmoid', v);
    if (m instanceof Tanh) return this.activation('tanh', v);
    if (m instanceof LeakyReLU) return this.activation('leakyRelu', v, m.alpha);
    if (m instanceof GELU) return this.activation(m.approximate === 'tanh' ? 'geluTanh' : 'gelu', v);
    if (m instanceof Softmax || m instanceof LogSoftmax) {
      const x = this.nhwc(v);
      return { ...x, name: g.node(m instanceof Softmax ? 'Softmax' : 'LogSoftmax', [x.name], { axis: m.axis }) };
    }
    if (m instanceof Linear) {
      const x = this.nhwc(v);
      const w = m.weight; // [out, in]
      const [out, inF] = w.shape as [number, number];
      const data = values(w);
      const transposed = new Float32Array(inF * out);
      for (let o = 0; o < out; o++) for (let i = 0; i < inF; i++) transposed[i * out + o] = data[o * inF + i]!;
      let y = g.node('MatMul', [x.name, g.constant(`${path}.weight`, transposed, [inF, out])]);
      if (m.bias) y = g.node('Add', [y, g.constant(`${path}.bias`, values(m.bias), [out])]);
      return this.activation(m.activation, { name: y, rank: x.rank, nchw: false });
    }
    if (m instanceof Flatten) {
      if (m.startAxis !== 1) throw new ArgumentError(`exportOnnx: ${path}: Flatten with startAxis ${m.startAxis} has no export (startAxis 1 only)`);
      const x = this.nhwc(v);
      return { name: g.node('Reshape', [x.name, g.constant('flat_shape', [0, -1], [2], ONNX_INT64)]), rank: 2, nchw: false };
    }
    if (m instanceof Conv2d) {
      const x = this.nchw(v);
      const [kh, kw] = m.kernelSize;
      const named = new Map(m.namedParameters());
      const w = values(named.get('weight')!); // [kh, kw, cin, cout]
      const cin = m.inChannels, cout = m.outChannels;
      const oihw = new Float32Array(w.length);
      for (let a = 0; a < kh; a++) for (let b = 0; b < kw; b++) for (let i = 0; i < cin; i++) for (let o = 0; o < cout; o++) oihw[((o * cin + i) * kh + a) * kw + b] = w[((a * kw + b) * cin + i) * cout + o]!;
      let pads: number[];
      if (m.padding === 'valid') pads = [0, 0, 0, 0];
      else if (m.padding === 'same') {
        const total = [m.dilation[0] * (kh - 1), m.dilation[1] * (kw - 1)];
        pads = [Math.floor(total[0]! / 2), Math.floor(total[1]! / 2), total[0]! - Math.floor(total[0]! / 2), total[1]! - Math.floor(total[1]! / 2)];
      } else pads = [m.padding[0], m.padding[1], m.padding[0], m.padding[1]];
      const inputs = [x.name, g.constant(`${path}.weight`, oihw, [cout, cin, kh, kw])];
      const bias = named.get('bias');
      if (bias) inputs.push(g.constant(`${path}.bias`, values(bias), [cout]));
      const y: Value = { name: g.node('Conv', inputs, { kernel_shape: [kh, kw], strides: [...m.stride], dilations: [...m.dilation], pads }), rank: 4, nchw: true };
      return this.activation(m.activation, y);
    }
    if (m instanceof MaxPool2d || m instanceof AvgPool2d) {
      const x = this.nchw(v);
      const attributes: Record<string, number | number[]> = {
        kernel_shape: [...m.kernelSize], strides: [...m.stride], pads: [m.padding[0], m.padding[1], m.padding[0], m.padding[1]], ceil_mode: m.ceilMode ? 1 : 0,
      };
      if (m instanceof AvgPool2d) attributes['count_include_pad'] = m.countIncludePad ? 1 : 0;
      else attributes['dilations'] = [...m.dilation];
      return { name: g.node(m instanceof MaxPool2d ? 'MaxPool' : 'AveragePool', [x.name], attributes), rank: 4, nchw: true };
    }
    if (m instanceof GlobalAvgPool2d) {
      const x = this.nchw(v);
      const pooled = g.node('GlobalAveragePool', [x.name]);
      return { name: g.node('Reshape', [pooled, g.constant('flat_shape', [0, -1], [2], ONNX_INT64)]), rank: 2, nchw: false };
    }
    if (m instanceof BatchNorm) {
      // Eval mode: an affine map of the channel (last) axis, y = x * scale + shift.
      const x = this.nhwc(v);
      const buffers = new Map(m.namedBuffers());
      const mean = values(buffers.get('running_mean')!), variance = values(buffers.get('running_var')!);
      const named = new Map(m.namedParameters());
      const gamma = named.get('weight') ? values(named.get('weight')!) : undefined, beta = named.get('bias') ? values(named.get('bias')!) : undefined;
      const c = mean.length;
      const scale = new Float32Array(c), shift = new Float32Array(c);
      for (let i = 0; i < c; i++) {
        scale[i] = (gamma?.[i] ?? 1) / Math.sqrt(variance[i]! + m.eps);
        shift[i] = (beta?.[i] ?? 0) - mean[i]! * scale[i]!;
      }
      const y = g.node('Add', [g.node('Mul', [x.name, g.constant(`${path}.scale`, scale, [c])]), g.constant(`${path}.shift`, shift, [c])]);
      return { name: y, rank: x.rank, nchw: false };
    }
    if (m instanceof LayerNorm) {
      const x = this.nhwc(v);
      const named = new Map(m.namedParameters());
      const size = m.normalizedShape.reduce((a, b) => a * b, 1);
      const inputs = [x.name, g.constant(`${path}.weight`, named.get('weight') ? values(named.get('weight')!) : new Float32Array(size).fill(1), [...m.normalizedShape])];
      if (named.get('bias')) inputs.push(g.constant(`${path}.bias`, values(named.get('bias')!), [...m.normalizedShape]));
      return { name: g.node('LayerNormalization', inputs, { axis: -m.normalizedShape.length, epsilon: m.eps }), rank: x.rank, nchw: false };
    }
    if (m instanceof Embedding) {
      const [n, d] = m.weight.shape as [number, number];
      return { name: g.node('Gather', [g.constant(`${path}.weight`, values(m.weight), [n, d]), v.name], { axis: 0 }), rank: v.rank + 1, nchw: false };
    }
    if (m instanceof LSTM || m instanceof GRU || m instanceof RNN) return this.recurrent(m, this.nhwc(v), path);
    if (m instanceof LoraLinear) {
      if (!m.merged) throw new ArgumentError(`exportOnnx: ${path} has an unmerged LoRA adapter: call merge() first (the adapter is folded into the weights the file holds)`);
      return this.module(m.baseLayer, v, `${path}.base_layer`);
    }
    if (isLayer1dOrGroupNorm(m)) return layer1dOnnx(this, m, v, path);
    if (m instanceof AdaptiveAvgPool2d) return adaptiveAvgPoolOnnx(this, m, v, path);
    if (m instanceof BernoulliRBM) {
      // The hidden probabilities (forward, the learned features): sigmoid(x W + hiddenBias), W [visible, hidden].
      const x = this.nhwc(v), named = new Map(m.namedParameters()), w = named.get('weight')!;
      const y = g.node('Add', [g.node('MatMul', [x.name, g.constant(`${path}.weight`, values(w), [...w.shape])]), g.constant(`${path}.hiddenBias`, values(named.get('hiddenBias')!), [w.shape[1]!])]);
      return this.activation('sigmoid', { name: y, rank: x.rank, nchw: false });
    }
    if (isTransformerModule(m)) return transformerOnnx(this, m, v, path);
    throw new ArgumentError(
      `exportOnnx: ${path || 'the model'} is a ${m.constructor.name}, which has no ONNX export yet; supported: Sequential, Residual, Linear, Conv2d, MaxPool2d, ` +
        'AvgPool2d, GlobalAvgPool2d, AdaptiveAvgPool2d, Conv1d, MaxPool1d, AvgPool1d, BatchNorm1d/2d, LayerNorm, GroupNorm, Embedding, Flatten, Dropout, Identity, RNN, LSTM, GRU, ' +
        'MultiheadAttention, HierarchicalAttention, TransformerEncoderLayer, TransformerEncoder, TransformerDecoderLayer, TransformerDecoder, SinusoidalPositionalEncoding, ' +
        'LearnedPositionalEmbedding, RotaryEmbedding, BernoulliRBM, ReLU, LeakyReLU, Sigmoid, Tanh, GELU, Softmax, LogSoftmax',
    );
  }
}

/** The model as ONNX bytes (see the file comment for what is supported). The model is exported in eval mode. */
export function exportOnnx(model: Module, options: ExportOnnxOptions = {}): Uint8Array {
  if (isLanguageModel(model) || isBert(model)) options = { inputShape: [], ...options };
  if (options === null || typeof options !== 'object' || !Array.isArray(options.inputShape)) throw new ArgumentError('exportOnnx: options.inputShape (the input shape without the batch axis) is required');
  const shape = options.inputShape.map((d, i) => {
    if (!Number.isInteger(d) || d < 1) throw new ArgumentError(`exportOnnx: inputShape[${i}] must be a positive integer, got ${d}`);
    return d;
  });
  const opset = options.opset ?? 17;
  if (!Number.isInteger(opset) || opset < 17 || opset > 23) throw new ArgumentError(`exportOnnx: opset must be an integer in [17, 23], got ${options.opset}`);
  const layout = options.inputLayout ?? 'nhwc';
  if (layout !== 'nhwc' && layout !== 'nchw') throw new ArgumentError(`exportOnnx: inputLayout must be 'nhwc' or 'nchw', got ${String(options.inputLayout)}`);
  if (layout === 'nchw' && shape.length !== 3) throw new ArgumentError('exportOnnx: inputLayout \'nchw\' needs an image inputShape [H, W, C]');
  const inputType = options.inputType;
  if (inputType !== undefined && inputType !== 'float32' && inputType !== 'int32' && inputType !== 'int64') throw new ArgumentError(`exportOnnx: inputType must be 'float32', 'int32' or 'int64', got ${String(inputType)}`);
  const elemType = inputType === 'int32' ? ONNX_INT32 : inputType === 'int64' ? ONNX_INT64 : ONNX_FLOAT;
  const pastKeyValues = options.pastKeyValues ?? false;
  if (typeof pastKeyValues !== 'boolean') throw new ArgumentError(`exportOnnx: pastKeyValues must be a boolean, got ${String(pastKeyValues)}`);
  const attentionMask = options.attentionMask ?? false;
  if (typeof attentionMask !== 'boolean') throw new ArgumentError(`exportOnnx: attentionMask must be a boolean, got ${String(attentionMask)}`);
  const languageModel = isLanguageModel(model);
  if (pastKeyValues && !languageModel) throw new ArgumentError(`exportOnnx: pastKeyValues applies to the GPT-2 and Llama language models, not a ${model.constructor.name}`);
  if (attentionMask && !languageModel && !isBert(model)) throw new ArgumentError(`exportOnnx: attentionMask applies to the GPT-2 and Llama language models, not a ${model.constructor.name} (BERT models always take attention_mask)`);
  if ((languageModel || isBert(model)) && inputType === 'float32') throw new ArgumentError("exportOnnx: a language model takes token ids: inputType 'int32' or 'int64'");
  const graph = new OnnxGraph();
  if (isBert(model)) return exportBert(model, graph, opset, inputType === 'int64' ? ONNX_INT64 : ONNX_INT32);
  if (isLanguageModel(model)) return exportLanguageModel(model, graph, opset, inputType === 'int64' ? ONNX_INT64 : ONNX_INT32, pastKeyValues, attentionMask);
  const inputName = options.inputName ?? 'input', outputName = options.outputName ?? 'output';
  const reserved = ['memory', 'key_padding_mask', 'memory_key_padding_mask'];
  if (reserved.includes(inputName) || reserved.includes(outputName) || inputName === outputName) {
    throw new ArgumentError(`exportOnnx: inputName and outputName must differ from each other and from ${reserved.map((r) => `"${r}"`).join(', ')}, got "${inputName}" and "${outputName}"`);
  }
  const isCausal = options.isCausal ?? false;
  if (typeof isCausal !== 'boolean') throw new ArgumentError(`exportOnnx: isCausal must be a boolean, got ${String(isCausal)}`);
  const named: (number | string)[] = dynamicDims(shape, options.dynamicAxes);
  const dims = layout === 'nchw' ? [named[2]!, named[0]!, named[1]!] : named;
  // Sequence-first attention layers take [L, B, E]: the batch axis is axis 1.
  const sequenceFirst = layout === 'nhwc' && shape.length === 2 && isSequenceFirst(model);
  graph.input(inputName, elemType, sequenceFirst ? [dims[0]!, 'batch', ...dims.slice(1)] : ['batch', ...dims]);
  const memorySpec = decoderMemory(model);
  const memory = memorySpec ? graph.input('memory', ONNX_FLOAT, memorySpec.batchFirst ? ['batch', 'memory_sequence', memorySpec.dim] : ['memory_sequence', 'batch', memorySpec.dim]) : undefined;
  const keyPaddingMask = options.keyPaddingMask ?? false;
  if (typeof keyPaddingMask !== 'boolean') throw new ArgumentError(`exportOnnx: keyPaddingMask must be a boolean, got ${String(keyPaddingMask)}`);
  if (keyPaddingMask && !hasAttention(model)) throw new ArgumentError(`exportOnnx: keyPaddingMask applies to models with attention layers, not a ${model.constructor.name}`);
  if (keyPaddingMask && shape.length !== 2) throw new ArgumentError('exportOnnx: keyPaddingMask needs a sequence inputShape [sequence, features]');
  const paddingBias = (name: string, keys: string | number): string => {
    const mask = graph.input(name, ONNX_BOOL, ['batch', keys]);
    const bias = graph.node('Where', [mask, graph.constant('padding_bias', [-1e9], []), graph.constant('zero', [0], [])]);
    return graph.node('Unsqueeze', [bias, graph.constant('axes12', [1, 2], [2], ONNX_INT64)]);
  };
  const selfPadding = keyPaddingMask ? paddingBias('key_padding_mask', dims[0]!) : undefined;
  const memoryPadding = keyPaddingMask && memory ? paddingBias('memory_key_padding_mask', 'memory_sequence') : undefined;
  const wasTraining = model.training;
  model.eval();
  try {
    let shapes: Map<Module, readonly number[]> | undefined;
    if (needsInputShapes(model)) {
      if (Object.keys(options.dynamicAxes ?? {}).length > 0) throw new ArgumentError('exportOnnx: an AdaptiveAvgPool2d to a size other than 1 x 1, a HierarchicalAttention or a RotaryEmbedding needs fixed input sizes (no dynamicAxes)');
      shapes = probeInputShapes(model, shape, elemType !== ONNX_FLOAT);
    }
    const exporter = new Exporter(graph, opset, isCausal, memory, selfPadding, memoryPadding, shapes);
    const first: Value = layout === 'nchw' ? { name: inputName, rank: 4, nchw: true } : { name: inputName, rank: shape.length + 1, nchw: false };
    const last = exporter.nhwc(exporter.module(model, first, ''));
    graph.node('Identity', [last.name], {}, [outputName]);
    const outDims = Array.from({ length: last.rank - 1 }, (_, i) => `d${i + 1}`);
    graph.output(outputName, ONNX_FLOAT, sequenceFirst && last.rank === 3 ? ['d0', 'batch', 'd2'] : ['batch', ...outDims]);
  } finally {
    model.train(wasTraining);
  }
  const layoutName = layout === 'nchw' ? 'NCHW' : shape.length === 3 ? 'NHWC' : sequenceFirst ? 'sequence first, batch axis 1' : 'features last';
  const memoryDoc = memorySpec ? `; memory: ${memorySpec.batchFirst ? `[batch, memory_sequence, ${memorySpec.dim}]` : `[memory_sequence, batch, ${memorySpec.dim}]`}` : '';
  return graph.encode({ opset, producer: 'neurite', docString: `input ${inputName}: ${sequenceFirst ? `[${dims[0]}, batch, ${dims.slice(1).join(', ')}]` : `[batch, ${dims.join(', ')}]`} (${layoutName})${memoryDoc}` });
}
