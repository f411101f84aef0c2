// AdaptiveAvgPool2d. To a 1 x 1 output: ONNX's GlobalAveragePool ([N, 1, 1, C] like the layer, in
// NCHW until a layer needs channels last). To other sizes: the layer is linear in each spatial axis,
// out[i] = mean(x[floor(i H / oh) .. ceil((i + 1) H / oh))), so it is two MatMuls with averaging
// matrices, A_h [oh, H] on the height and A_w^T [W, ow] on the width of x in NCHW; exact whether or
// not the sizes divide. The input's H and W must be known: they come from a forward pass of zeros
// at batch 1 through the Sequential / Residual chains (probe-input-shapes.ts), run only for such a layer.
import { ArgumentError } from '@neurite/tensor';
import type { AdaptiveAvgPool2d } from '../layers/adaptive-pool.ts';
import type { ModuleExporter, Value } from './onnx-value.ts';

/** Rows [out, size]: row i averages positions floor(i size / out) .. ceil((i + 1) size / out) - 1, as PyTorch. */
function averaging(out: number, size: number): Float32Array {
  const a = new Float32Array(out * size);
  for (let i = 0; i < out; i++) {
    const start = Math.floor((i * size) / out), end = Math.ceil(((i + 1) * size) / out);
    for (let p = start; p < end; p++) a[i * size + p] = 1 / (end - start);
  }
  return a;
}

export function adaptiveAvgPoolOnnx(e: ModuleExporter, m: AdaptiveAvgPool2d, v: Value, path: string): Value {
  const g = e.graph;
  const x = v.nchw ? v : { name: g.node('Transpose', [v.name], { perm: [0, 3, 1, 2] }), rank: 4, nchw: true };
  if (x.rank !== 4) throw new ArgumentError(`exportOnnx: ${path || 'the model'}: AdaptiveAvgPool2d takes [N, H, W, C], got rank ${x.rank}`);
  if (m.outputSize[0] === 1 && m.outputSize[1] === 1) return { name: g.node('GlobalAveragePool', [x.name]), rank: 4, nchw: true };
  const shape = e.inputShapeOf(m);
  if (!shape) throw new ArgumentError(`exportOnnx: ${path || 'the model'}: AdaptiveAvgPool2d to [${m.outputSize.map((s) => s ?? 'same')}] needs its input size: put it in a Sequential or Residual chain with a fixed inputShape`);
  const [, h, w] = shape as [number, number, number, number];
  const oh = m.outputSize[0] ?? h, ow = m.outputSize[1] ?? w;
  const rows = g.node('MatMul', [g.constant(`${path}.rows`, averaging(oh, h), [oh, h]), x.name]); // [N, C, oh, W]
  const columns = averaging(ow, w), transposed = new Float32Array(w * ow);
  for (let j = 0; j < ow; j++) for (let p = 0; p < w; p++) transposed[p * ow + j] = columns[j * w + p]!;
  return { name: g.node('MatMul', [rows, g.constant(`${path}.columns`, transposed, [w, ow])]), rank: 4, nchw: true };
}
