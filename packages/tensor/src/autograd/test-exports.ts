// Test-only helpers for the autograd tests (not exported from the package).
import { emptyTensor, type Tensor } from '../tensor.ts';

export * from '../index.ts';

/** An uninitialized tensor shaped like x (for hand-written ops in tests). */
export function emptyLikeForTest(x: Tensor): Tensor {
  return emptyTensor(x.shape, x.dtype);
}
