import { createReferenceBackend } from '@neurite/kernels';
import { describe, expect, it } from 'vitest';
import { ArgumentError, getBackend, init, matmul, memory, mul, scope, setBackend, sum, tensor } from './index.ts';
import { expectClose } from './testing.ts';

describe('setup: init() and setBackend() hand the runtime its backend and the autograd sweep', () => {
  it('Tensor.backward() works on a backend given to setBackend (the reference kernels), float32 and float64', async () => {
    const loaded = await init();
    const reference = createReferenceBackend();
    setBackend(reference);
    expect(getBackend()).toBe(reference);
    for (const dtype of ['float32', 'float64'] as const) {
      const x = tensor([[1, 2], [3, 4]], undefined, { dtype, requiresGrad: true });
      const loss = scope(() => sum(mul(matmul(x, x), x)));
      loss.backward();
      // d/dX sum((X X) * X) = X X + G X^T + X^T G with G = X: [[7, 10], [15, 22]] + [[5, 11], [11, 25]] + [[10, 14], [14, 20]].
      expectClose(x.grad!, [[22, 35], [40, 67]], { dtype, atol: 1e-5, rtol: 1e-6 });
      loss.dispose();
      x.dispose();
    }
    expect(memory().liveTensors).toBe(0);
    setBackend(loaded);
    expect(() => setBackend({} as never)).toThrow(ArgumentError);
  });
});
