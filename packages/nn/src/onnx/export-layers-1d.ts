// ONNX nodes of the channels-last 1-D layers (Conv1d, MaxPool1d, AvgPool1d on [N, L, C]) and of
// GroupNorm on [N, ..., C]. The 1-D ops run as ONNX's Conv / MaxPool / AveragePool on [N, C, L]
// between two Transposes; GroupNorm is written out (ONNX's GroupNormalization arrives at opset 18
// and changed meaning at 21): x as [N, positions, G, C/G], mean and biased variance over axes 1 and 3,
// then the per-channel weight and bias.
import { ArgumentError, type Tensor } from '@neurite/tensor';
import { AvgPool1d, Conv1d, MaxPool1d } from '../layers/conv1d.ts';
import { GroupNorm } from '../layers/normalization.ts';
import type { Module } from '../module/module.ts';
import { ONNX_INT64 } from './onnx-graph.ts';
import { type ModuleExporter, reduceMean, type Value } from './onnx-value.ts';

const values = (t: Tensor): Float32Array => Float32Array.from(t.toArray());

export function isLayer1dOrGroupNorm(m: Module): boolean {
  return m instanceof Conv1d || m instanceof MaxPool1d || m instanceof AvgPool1d || m instanceof GroupNorm;
}

function groupNorm(e: ModuleExporter, m: GroupNorm, x: Value, path: string): Value {
  const g = e.graph;
  if (x.rank < 2) throw new ArgumentError(`exportOnnx: GroupNorm takes [N, ..., C], got rank ${x.rank}`);
  const c = m.numChannels, groups = m.numGroups;
  const grouped = g.node('Reshape', [x.name, g.constant('groups', [0, -1, groups, c / groups], [4], ONNX_INT64)]);
  const centred = g.node('Sub', [grouped, reduceMean(e, grouped, [1, 3])]);
  const variance = reduceMean(e, g.node('Mul', [centred, centred]), [1, 3]);
  const normalized = g.node('Div', [centred, g.node('Sqrt', [g.node('Add', [variance, g.constant('eps', [m.eps], [])])])]);
  let y = g.node('Reshape', [normalized, g.node('Shape', [x.name])]);
  const named = new Map(m.namedParameters());
  if (named.get('weight')) y = g.node('Mul', [y, g.constant(`${path}.weight`, values(named.get('weight')!), [c])]);
  if (named.get('bias')) y = g.node('Add', [y, g.constant(`${path}.bias`, values(named.get('bias')!), [c])]);
  return { name: y, rank: x.rank, nchw: false };
}

/** The nodes of a Conv1d, MaxPool1d, AvgPool1d or GroupNorm; `v` is channels-last. */
export function layer1dOnnx(e: ModuleExporter, m: Module, v: Value, path: string): Value {
  const x = e.nhwc(v);
  if (m instanceof GroupNorm) return groupNorm(e, m, x, path);
  if (x.rank !== 3) throw new ArgumentError(`exportOnnx: ${path || 'the model'}: a ${m.constructor.name} takes [N, L, C], got rank ${x.rank}`);
  const g = e.graph;
  const channelsFirst = g.node('Transpose', [x.name], { perm: [0, 2, 1] });
  const back = (y: string): Value => ({ name: g.node('Transpose', [y], { perm: [0, 2, 1] }), rank: 3, nchw: false });
  if (m instanceof Conv1d) {
    const k = m.kernelSize, cin = m.inChannels, cout = m.outChannels;
    const w = values(m.weight); // [K, Cin, Cout]
    const oik = new Float32Array(w.length);
    for (let a = 0; a < k; a++) for (let i = 0; i < cin; i++) for (let o = 0; o < cout; o++) oik[(o * cin + i) * k + a] = w[(a * cin + i) * cout + o]!;
    const total = m.dilation * (k - 1);
    // 'same' pads an odd total one more after, as PyTorch.
    const pads = m.padding === 'valid' ? [0, 0] : m.padding === 'same' ? [Math.floor(total / 2), total - Math.floor(total / 2)] : [m.padding, m.padding];
    const inputs = [channelsFirst, g.constant(`${path}.weight`, oik, [cout, cin, k])];
    if (m.bias) inputs.push(g.constant(`${path}.bias`, values(m.bias), [cout]));
    const y = g.node('Conv', inputs, { kernel_shape: [k], strides: [m.stride], dilations: [m.dilation], pads });
    return back(e.activation(m.activation, { name: y, rank: 3, nchw: false }).name);
  }
  if (m instanceof MaxPool1d || m instanceof AvgPool1d) {
    const attributes: Record<string, number | number[]> = { kernel_shape: [m.kernelSize], strides: [m.stride], pads: [m.padding, m.padding], ceil_mode: m.ceilMode ? 1 : 0 };
    if (m instanceof AvgPool1d) attributes['count_include_pad'] = m.countIncludePad ? 1 : 0;
    else attributes['dilations'] = [m.dilation];
    return back(g.node(m instanceof MaxPool1d ? 'MaxPool' : 'AveragePool', [channelsFirst], attributes));
  }
  throw new ArgumentError(`exportOnnx: ${path || 'the model'} is a ${m.constructor.name}, which has no ONNX export`);
}
