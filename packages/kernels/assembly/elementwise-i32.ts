// Unary elementwise kernels on contiguous int32 data (binary ops: binary.ts). Op codes are the
// unary ones of elementwise.ts; int32 has neg, abs, sign, square and relu (wrapping: -(-2^31) and
// |-2^31| stay -2^31, squares wrap modulo 2^32); other codes trap. Copies: copy_f32 moves 4-byte
// elements of any type; fill: fill_i32 (strided.ts).
import { ABS, NEG, RELU, SIGN, SQUARE } from './op-codes';

@inline function unaryVec(op: i32, x: v128): v128 {
  const zero = i32x4.splat(0);
  switch (op) {
    case NEG: return i32x4.neg(x);
    case ABS: return i32x4.abs(x);
    case SIGN: return v128.or(i32x4.shr_s(x, 31), i32x4.shr_u(i32x4.neg(x), 31));
    case SQUARE: return i32x4.mul(x, x);
    case RELU: return i32x4.max_s(x, zero);
    default: return unreachable();
  }
}

@inline function unary1(op: i32, x: i32): i32 {
  return i32x4.extract_lane(unaryVec(op, i32x4.splat(x)), 0);
}

@inline function unaryLoop(op: i32, n: i32, x: usize, y: usize): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    v128.store(y + o, unaryVec(op, v128.load(x + o)));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    store<i32>(y + o, unary1(op, load<i32>(x + o)));
  }
}

/** y[i] = f(x[i]) for i < n, int32, for op codes neg, abs, sign, square and relu. x may equal y. */
export function unary_i32(op: i32, n: i32, x: usize, y: usize): void {
  switch (op) {
    case NEG: unaryLoop(NEG, n, x, y); break;
    case ABS: unaryLoop(ABS, n, x, y); break;
    case SIGN: unaryLoop(SIGN, n, x, y); break;
    case SQUARE: unaryLoop(SQUARE, n, x, y); break;
    case RELU: unaryLoop(RELU, n, x, y); break;
    default: unreachable();
  }
}
