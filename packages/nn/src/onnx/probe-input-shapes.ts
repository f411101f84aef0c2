// The input sizes of the layers whose export needs them (an AdaptiveAvgPool2d to anything but 1 x 1,
// a HierarchicalAttention, a RotaryEmbedding), from a forward pass of zeros at batch 1 through Sequential and Residual
// chains; exportOnnx runs it only when the model holds such a layer.
import { noGrad, scope, type Tensor, zeros } from '@neurite/tensor';
import { AdaptiveAvgPool2d } from '../layers/adaptive-pool.ts';
import { Residual, Sequential } from '../layers/sequential.ts';
import type { Module } from '../module/module.ts';
import { HierarchicalAttention } from '../transformer/hierarchical-attention.ts';
import { RotaryEmbedding } from '../transformer/positional-encoding.ts';

/** Whether the model holds a layer whose export needs its input sizes: an AdaptiveAvgPool2d to anything but 1 x 1, a HierarchicalAttention. */
export function needsInputShapes(model: Module): boolean {
  return model.namedModules().some(([, m]) => (m instanceof AdaptiveAvgPool2d && (m.outputSize[0] !== 1 || m.outputSize[1] !== 1)) || m instanceof HierarchicalAttention || m instanceof RotaryEmbedding);
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
