// Rotary position embeddings (Su et al. 2021, RoFormer) on [B, T, H, D] tensors, composed from tensor
// ops so the rotation has a gradient. Angles follow llama2.c: for pair i of a head, frequency
// theta^(-2i / D) and angle position * frequency, each rounded to float32 as run.c computes them.
//   interleaved  pairs (2i, 2i+1)        (Meta, llama2.c)
//   rotate-half  pairs (i, i + D/2)      (Hugging Face)
import { concat, mul, reshape, slice, sub, add, tensor, type Tensor } from '@neurite/tensor';

export class RotaryTable {
  /** [maxPositions, D/2] cosines and sines. */
  private readonly cosValues: Float32Array;
  private readonly sinValues: Float32Array;

  constructor(readonly headDim: number, readonly maxPositions: number, readonly theta: number, readonly layout: 'interleaved' | 'rotate-half') {
    const half = headDim / 2;
    this.cosValues = new Float32Array(maxPositions * half);
    this.sinValues = new Float32Array(maxPositions * half);
    for (let p = 0; p < maxPositions; p++) {
      for (let i = 0; i < half; i++) {
        const frequency = Math.fround(1 / Math.fround(Math.pow(theta, Math.fround((2 * i) / headDim))));
        const angle = Math.fround(p * frequency);
        this.cosValues[p * half + i] = Math.cos(angle);
        this.sinValues[p * half + i] = Math.sin(angle);
      }
    }
  }

  /** Rotates x [B, T, H, D] for positions offset .. offset + T - 1. */
  apply(x: Tensor, offset: number): Tensor {
    const [b, t, h, d] = x.shape as [number, number, number, number];
    const half = d / 2;
    const from = offset * half, to = (offset + t) * half;
    const shape = this.layout === 'interleaved' ? [t, 1, half, 1] : [t, 1, half];
    const cos = tensor(this.cosValues.subarray(from, to), shape, { dtype: x.dtype });
    const sin = tensor(this.sinValues.subarray(from, to), shape, { dtype: x.dtype });
    if (this.layout === 'interleaved') {
      const pairs = reshape(x, [b, t, h, half, 2]);
      const x0 = slice(pairs, [null, null, null, null, { start: 0, stop: 1 }]);
      const x1 = slice(pairs, [null, null, null, null, { start: 1, stop: 2 }]);
      const out = concat([sub(mul(x0, cos), mul(x1, sin)), add(mul(x0, sin), mul(x1, cos))], 4);
      return reshape(out, [b, t, h, d]);
    }
    const x0 = slice(x, [null, null, null, { start: 0, stop: half }]);
    const x1 = slice(x, [null, null, null, { start: half, stop: d }]);
    return concat([sub(mul(x0, cos), mul(x1, sin)), add(mul(x1, cos), mul(x0, sin))], 3);
  }
}
