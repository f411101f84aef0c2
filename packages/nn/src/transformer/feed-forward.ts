// The position-wise feed-forward block of PyTorch's transformer layers (linear1, activation,
// dropout, linear2) and the activation names they take.
import { gelu, linear, relu, ShapeError, type Tensor } from '@neurite/tensor';
import { Linear } from '../layers/linear.ts';
import type { Module } from '../module/module.ts';

export type TransformerActivation = 'relu' | 'gelu';

/** relu or exact gelu (PyTorch's F.relu / F.gelu defaults). */
export function applyActivation(name: TransformerActivation, x: Tensor): Tensor {
  if (name === 'relu') return relu(x);
  if (name === 'gelu') return gelu(x);
  throw new ShapeError(`activation must be 'relu' or 'gelu', got ${String(name)}`);
}

/**
 * activation(linear1(x)): one GEMM with the activation fused into its store when linear1 is a plain
 * Linear without an activation of its own (relu's backward then reads the saved output); any other
 * module (a LoRA layer, say) runs as itself, then the activation.
 */
export function linearThenActivation(linear1: Module, name: TransformerActivation, x: Tensor): Tensor {
  if (linear1 instanceof Linear && linear1.activation === 'none' && (name === 'relu' || name === 'gelu')) {
    return linear(x, linear1.weight, linear1.bias ?? null, { weightLayout: 'oi', activation: name });
  }
  return applyActivation(name, linear1.call(x));
}
