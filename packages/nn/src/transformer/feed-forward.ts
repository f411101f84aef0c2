// The position-wise feed-forward block of PyTorch's transformer layers (linear1, activation,
// dropout, linear2) and the activation names they take.
import { gelu, relu, ShapeError, type Tensor } from '@neurite/tensor';

export type TransformerActivation = 'relu' | 'gelu';

/** relu or exact gelu (PyTorch's F.relu / F.gelu defaults). */
export function applyActivation(name: TransformerActivation, x: Tensor): Tensor {
  if (name === 'relu') return relu(x);
  if (name === 'gelu') return gelu(x);
  throw new ShapeError(`activation must be 'relu' or 'gelu', got ${String(name)}`);
}
