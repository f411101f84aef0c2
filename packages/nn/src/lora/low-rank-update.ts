// The LoRA update (alpha / r) B A of one adapter, and folding it into (or out of) a frozen base
// weight, shared by LoraLinear and LoraMultiheadAttention.
import { add, cast, matmul, mul, noGrad, sub, type Tensor } from '@neurite/tensor';

/** (alpha / r) B A as a differentiable float32 product: B [out, r], A [r, in] -> [out, in]. */
export function lowRankUpdate(loraB: Tensor, loraA: Tensor, scaling: number): Tensor {
  return mul(matmul(loraB, loraA), scaling);
}

/** weight += sign * scaling * B A, computed in float64 and rounded once (merge: +1, unmerge: -1). */
export function shiftByLowRank(weight: Tensor, loraB: Tensor, loraA: Tensor, scaling: number, sign: 1 | -1): void {
  noGrad(() => {
    const w64 = cast(weight, 'float64');
    const delta = mul(matmul(cast(loraB, 'float64'), cast(loraA, 'float64')), scaling);
    const shifted = sign > 0 ? add(w64, delta) : sub(w64, delta);
    const out = cast(shifted, 'float32');
    weight.view().set(out.view());
    for (const t of [w64, delta, shifted, out]) t.dispose();
  });
}
