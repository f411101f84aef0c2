// AdaptiveAvgPool2d. To a 1 x 1 output: ONNX's GlobalAveragePool ([N, 1, 1, C] like the layer, in
// NCHW until a layer needs channels last). To other sizes: the layer is linear in each spatial axis,
// out[i] = mean(x[floor(i H / oh) .. ceil((i + 1) H / oh))), so it is two MatMuls with averaging
// matrices, A_h [oh, H] on the height and A_w^T [W, ow] on the width of x in NCHW; exact whether or
// not the sizes divide. The input's H and W must be known: they come from a forward pass of zeros
// at batch 1 through the Sequential / Residual chains (probeInputShapes), run only for such a layer.
import { ArgumentError, noGrad, scope, type Tensor, zeros } from '@neurite/tensor';
import { AdaptiveAvgPool2d } from '../layers/adaptive-pool.ts';
import { Residual, Sequential } from '../layers/sequential.ts';
import { HierarchicalAttention } from '../transformer/hierarchical-attention.ts';
import type { Module } from '../module/module.ts';
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

/** Whether the model holds a layer whose export needs its input sizes: an AdaptiveAvgPool2d to anything but 1 x 1, a HierarchicalAttention. */
export function needsInputShapes(model: Module): boolean {
  return model.namedModules().some(([, m]) => (m instanceof AdaptiveAvgPool2d && (m.outputSize[0] !== 1 || m.outputSize[1] !== 1)) || m instanceof HierarchicalAttention);
}

/**
 * The input shape of every module reached through Sequential and Residual chains, from a forward
 * pass (no gradients) of zeros [1, ...inputShape] (int32 for token ids); the tensors are freed.
 */
export function probeInputShapes(model: Module, inputShape: readonly number[], ids: boolean): Map<Module, readonly number[]> {
  const shapes = new Map<Module, readonly number[]>();
  const walk = (m: Module, x: Tensor): Tensor => {
    shapes.set(m, x.shape);
    if (m instanceof Sequential) {
      let y = x;
      for (const [, child] of m.namedChildren()) y = walk(child, y);
      return y;
    }
    if (m instanceof Residual) {
      walk(m.body, x);
      if (m.shortcut) walk(m.shortcut, x);
    }
    return m.forward(x);
  };
  noGrad(() => scope(() => { walk(model, zeros([1, ...inputShape], { dtype: ids ? 'int32' : 'float32' })); }));
  return shapes;
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
