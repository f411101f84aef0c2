// The activation fused into the convolution's store: unary op codes of src/ops/op-codes.ts
// (relu 9, leakyRelu 10, sigmoid 11, tanh 12, gelu 13), anything else none. Same maths as
// elementwise.ts's unary ops.
import { madd, sigmoid4, tanh4 } from './math';
import { GELU, LEAKY_RELU, RELU, SIGMOID, TANH } from './op-codes';
const GELU_C: f32 = 0.7978845608028654; // sqrt(2/pi)
const GELU_K: f32 = 0.044715;

@inline export function activate(v: v128, act: i32, alpha: f32): v128 {
  const zero = f32x4.splat(0.0);
  if (act == RELU) return f32x4.pmax(v, zero);
  if (act == LEAKY_RELU) return v128.bitselect(f32x4.mul(v, f32x4.splat(alpha)), v, f32x4.lt(v, zero));
  if (act == SIGMOID) return sigmoid4(v);
  if (act == TANH) return tanh4(v);
  if (act == GELU) {
    const inner = f32x4.mul(f32x4.splat(GELU_C), madd(f32x4.mul(f32x4.splat(GELU_K), v), f32x4.mul(v, v), v));
    return f32x4.mul(f32x4.mul(f32x4.splat(0.5), v), f32x4.add(f32x4.splat(1.0), tanh4(inner)));
  }
  return v;
}

