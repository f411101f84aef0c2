// Binary elementwise ops for float32, float64 and int32 from one generic source: the same-shape
// case and strided broadcasting. Op codes must match src/ops/op-codes.ts (BinaryOp). Each export
// switches on the op once; the per-op body is inlined with a constant op and element type T, so
// every instance compiles to its own straight loop (the float32 one is the code it always was).
// int32 supports add, sub, mul (wrapping), maximum, minimum and the comparisons; div and pow trap.
import { ADD, DIV, EQ, GE, GT, LE, LT, MAXIMUM, MINIMUM, MUL, NE, POW, SUB } from './op-codes';

/** Lanes of T in a v128. */
@inline function lanes<T>(): i32 {
  return 16 / sizeof<T>();
}

@inline function binVec<T>(op: i32, a: v128, b: v128): v128 {
  const one = v128.splat<T>(<T>1);
  switch (op) {
    case ADD: return v128.add<T>(a, b);
    case SUB: return v128.sub<T>(a, b);
    case MUL: return v128.mul<T>(a, b);
    case DIV: {
      if (isInteger<T>()) return unreachable();
      else return v128.div<T>(a, b);
    }
    case MAXIMUM: {
      if (isInteger<T>()) return v128.max<T>(a, b);
      else return v128.bitselect(a, b, v128.or(v128.gt<T>(a, b), v128.ne<T>(a, a))); // NaN wins
    }
    case MINIMUM: {
      if (isInteger<T>()) return v128.min<T>(a, b);
      else return v128.bitselect(a, b, v128.or(v128.lt<T>(a, b), v128.ne<T>(a, a)));
    }
    case EQ: return v128.and(v128.eq<T>(a, b), one);
    case NE: return v128.and(v128.ne<T>(a, b), one);
    case LT: return v128.and(v128.lt<T>(a, b), one);
    case LE: return v128.and(v128.le<T>(a, b), one);
    case GT: return v128.and(v128.gt<T>(a, b), one);
    case GE: return v128.and(v128.ge<T>(a, b), one);
    default: return a;
  }
}

@inline function bin1<T>(op: i32, a: T, b: T): T {
  if (op == POW) {
    if (isInteger<T>()) return unreachable();
    else if (sizeof<T>() == 4) return <T>Mathf.pow(<f32>a, <f32>b);
    else return <T>Math.pow(<f64>a, <f64>b);
  }
  return v128.extract_lane<T>(binVec<T>(op, v128.splat<T>(a), v128.splat<T>(b)), 0);
}

/** One row: out[i] = a[i*sa] op b[i*sb]; sa and sb in {0, 1} get SIMD, others go scalar. */
@inline function binRow<T>(op: i32, n: i32, a: usize, sa: i32, b: usize, sb: i32, out: usize): void {
  const L = lanes<T>();
  const shift = alignof<T>();
  let i = 0;
  if (op != POW) {
    if (sa == 1 && sb == 1) {
      for (; i + L <= n; i += L) {
        const o = <usize>i << shift;
        v128.store(out + o, binVec<T>(op, v128.load(a + o), v128.load(b + o)));
      }
    } else if (sa == 1 && sb == 0) {
      const vb = v128.load_splat<T>(b);
      for (; i + L <= n; i += L) {
        const o = <usize>i << shift;
        v128.store(out + o, binVec<T>(op, v128.load(a + o), vb));
      }
    } else if (sa == 0 && sb == 1) {
      const va = v128.load_splat<T>(a);
      for (; i + L <= n; i += L) {
        const o = <usize>i << shift;
        v128.store(out + o, binVec<T>(op, va, v128.load(b + o)));
      }
    }
  }
  for (; i < n; i++) {
    store<T>(out + (<usize>i << shift), bin1<T>(op, load<T>(a + (<usize>(i * sa) << shift)), load<T>(b + (<usize>(i * sb) << shift))));
  }
}

@inline function binStrided<T>(op: i32, rank: i32, shape: usize, sa: usize, sb: usize, a: usize, b: usize, out: usize): void {
  const shift = alignof<T>();
  const last = rank - 1;
  const n = load<i32>(shape + (<usize>last << 2));
  const innerA = load<i32>(sa + (<usize>last << 2));
  const innerB = load<i32>(sb + (<usize>last << 2));
  let rows = 1;
  for (let d = 0; d < last; d++) rows *= load<i32>(shape + (<usize>d << 2));
  for (let r = 0; r < rows; r++) {
    // Decompose the row index over the outer dimensions, last outer dimension fastest.
    let rem = r;
    let offA = 0, offB = 0;
    for (let d = last - 1; d >= 0; d--) {
      const size = load<i32>(shape + (<usize>d << 2));
      const idx = rem % size;
      rem /= size;
      offA += idx * load<i32>(sa + (<usize>d << 2));
      offB += idx * load<i32>(sb + (<usize>d << 2));
    }
    binRow<T>(op, n, a + (<usize>offA << shift), innerA, b + (<usize>offB << shift), innerB, out + (<usize>(r * n) << shift));
  }
}

@inline function binaryStrided<T>(op: i32, rank: i32, shape: usize, sa: usize, sb: usize, a: usize, b: usize, out: usize): void {
  switch (op) {
    case ADD: binStrided<T>(ADD, rank, shape, sa, sb, a, b, out); break;
    case SUB: binStrided<T>(SUB, rank, shape, sa, sb, a, b, out); break;
    case MUL: binStrided<T>(MUL, rank, shape, sa, sb, a, b, out); break;
    case DIV: binStrided<T>(DIV, rank, shape, sa, sb, a, b, out); break;
    case POW: binStrided<T>(POW, rank, shape, sa, sb, a, b, out); break;
    case MAXIMUM: binStrided<T>(MAXIMUM, rank, shape, sa, sb, a, b, out); break;
    case MINIMUM: binStrided<T>(MINIMUM, rank, shape, sa, sb, a, b, out); break;
    case EQ: binStrided<T>(EQ, rank, shape, sa, sb, a, b, out); break;
    case NE: binStrided<T>(NE, rank, shape, sa, sb, a, b, out); break;
    case LT: binStrided<T>(LT, rank, shape, sa, sb, a, b, out); break;
    case LE: binStrided<T>(LE, rank, shape, sa, sb, a, b, out); break;
    case GT: binStrided<T>(GT, rank, shape, sa, sb, a, b, out); break;
    case GE: binStrided<T>(GE, rank, shape, sa, sb, a, b, out); break;
    default: unreachable();
  }
}

@inline function binarySame<T>(op: i32, n: i32, a: usize, b: usize, out: usize): void {
  switch (op) {
    case ADD: binRow<T>(ADD, n, a, 1, b, 1, out); break;
    case SUB: binRow<T>(SUB, n, a, 1, b, 1, out); break;
    case MUL: binRow<T>(MUL, n, a, 1, b, 1, out); break;
    case DIV: binRow<T>(DIV, n, a, 1, b, 1, out); break;
    case POW: binRow<T>(POW, n, a, 1, b, 1, out); break;
    case MAXIMUM: binRow<T>(MAXIMUM, n, a, 1, b, 1, out); break;
    case MINIMUM: binRow<T>(MINIMUM, n, a, 1, b, 1, out); break;
    case EQ: binRow<T>(EQ, n, a, 1, b, 1, out); break;
    case NE: binRow<T>(NE, n, a, 1, b, 1, out); break;
    case LT: binRow<T>(LT, n, a, 1, b, 1, out); break;
    case LE: binRow<T>(LE, n, a, 1, b, 1, out); break;
    case GT: binRow<T>(GT, n, a, 1, b, 1, out); break;
    case GE: binRow<T>(GE, n, a, 1, b, 1, out); break;
    default: unreachable();
  }
}

/**
 * out = a op b with broadcasting. `shape` (rank i32s) is the output shape; `strides_a` and
 * `strides_b` (rank i32s each, in elements) are the operands' strides, 0 on broadcast
 * dimensions. out is contiguous and must not alias a broadcast operand. rank >= 1, every size > 0.
 */
export function binary_f32(op: i32, rank: i32, shape: usize, strides_a: usize, strides_b: usize, a: usize, b: usize, out: usize): void {
  binaryStrided<f32>(op, rank, shape, strides_a, strides_b, a, b, out);
}

/** out[i] = a[i] op b[i] for i < n: the same-shape case, without shape and stride arrays. */
export function binary_same_f32(op: i32, n: i32, a: usize, b: usize, out: usize): void {
  binarySame<f32>(op, n, a, b, out);
}

/** binary_f32 in float64. */
export function binary_f64(op: i32, rank: i32, shape: usize, strides_a: usize, strides_b: usize, a: usize, b: usize, out: usize): void {
  binaryStrided<f64>(op, rank, shape, strides_a, strides_b, a, b, out);
}

/** binary_same_f32 in float64. */
export function binary_same_f64(op: i32, n: i32, a: usize, b: usize, out: usize): void {
  binarySame<f64>(op, n, a, b, out);
}

/** binary_f32 in int32 (wrapping add, sub, mul; maximum, minimum; comparisons give 0 or 1; div and pow trap). */
export function binary_i32(op: i32, rank: i32, shape: usize, strides_a: usize, strides_b: usize, a: usize, b: usize, out: usize): void {
  binaryStrided<i32>(op, rank, shape, strides_a, strides_b, a, b, out);
}

/** binary_same_f32 in int32 (ops as binary_i32). */
export function binary_same_i32(op: i32, n: i32, a: usize, b: usize, out: usize): void {
  binarySame<i32>(op, n, a, b, out);
}
