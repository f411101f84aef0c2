// Vector helpers of the linear-algebra kernels, generic over the element type T (f32 or f64):
// contiguous dot products, axpy, Givens rotations of two rows, scaling. f32x4 or f64x2 bodies,
// scalar tails; dot products accumulate in T per lane, the lanes are summed in f64.
import { madd } from './math';
import { madd2 } from './math-f64';

/** x . y over n contiguous elements. */
export function dotT<T>(x: usize, y: usize, n: i32): f64 {
  let i = 0;
  let t: f64 = 0;
  if (sizeof<T>() == 8) {
    let s0 = f64x2.splat(0), s1 = s0;
    for (; i + 4 <= n; i += 4) {
      const o = <usize>i << 3;
      s0 = madd2(v128.load(x + o), v128.load(y + o), s0);
      s1 = madd2(v128.load(x + o, 16), v128.load(y + o, 16), s1);
    }
    s0 = f64x2.add(s0, s1);
    t = f64x2.extract_lane(s0, 0) + f64x2.extract_lane(s0, 1);
    for (; i < n; i++) t += load<f64>(x + (<usize>i << 3)) * load<f64>(y + (<usize>i << 3));
  } else {
    let s0 = f32x4.splat(0), s1 = s0;
    for (; i + 8 <= n; i += 8) {
      const o = <usize>i << 2;
      s0 = madd(v128.load(x + o), v128.load(y + o), s0);
      s1 = madd(v128.load(x + o, 16), v128.load(y + o, 16), s1);
    }
    s0 = f32x4.add(s0, s1);
    t = <f64>f32x4.extract_lane(s0, 0) + <f64>f32x4.extract_lane(s0, 1) + <f64>f32x4.extract_lane(s0, 2) + <f64>f32x4.extract_lane(s0, 3);
    for (; i < n; i++) t += <f64>load<f32>(x + (<usize>i << 2)) * <f64>load<f32>(y + (<usize>i << 2));
  }
  return t;
}

/** y += a x over n contiguous elements (x and y do not overlap unless equal). */
export function axpyT<T>(a: f64, x: usize, y: usize, n: i32): void {
  let i = 0;
  if (sizeof<T>() == 8) {
    const va = f64x2.splat(a);
    for (; i + 2 <= n; i += 2) {
      const o = <usize>i << 3;
      v128.store(y + o, madd2(va, v128.load(x + o), v128.load(y + o)));
    }
    for (; i < n; i++) {
      const o = <usize>i << 3;
      store<f64>(y + o, f64x2.extract_lane(madd2(f64x2.splat(a), f64x2.splat(load<f64>(x + o)), f64x2.splat(load<f64>(y + o))), 0));
    }
  } else {
    const af = <f32>a;
    const va = f32x4.splat(af);
    for (; i + 4 <= n; i += 4) {
      const o = <usize>i << 2;
      v128.store(y + o, madd(va, v128.load(x + o), v128.load(y + o)));
    }
    for (; i < n; i++) {
      const o = <usize>i << 2;
      store<f32>(y + o, f32x4.extract_lane(madd(f32x4.splat(af), f32x4.splat(load<f32>(x + o)), f32x4.splat(load<f32>(y + o))), 0));
    }
  }
}

/** x *= a over n contiguous elements. */
export function scaleT<T>(a: f64, x: usize, n: i32): void {
  let i = 0;
  if (sizeof<T>() == 8) {
    const va = f64x2.splat(a);
    for (; i + 2 <= n; i += 2) v128.store(x + (<usize>i << 3), f64x2.mul(v128.load(x + (<usize>i << 3)), va));
    for (; i < n; i++) store<f64>(x + (<usize>i << 3), load<f64>(x + (<usize>i << 3)) * a);
  } else {
    const af = <f32>a;
    const va = f32x4.splat(af);
    for (; i + 4 <= n; i += 4) v128.store(x + (<usize>i << 2), f32x4.mul(v128.load(x + (<usize>i << 2)), va));
    for (; i < n; i++) store<f32>(x + (<usize>i << 2), load<f32>(x + (<usize>i << 2)) * af);
  }
}

/** Givens rotation of two rows of n elements: (x, y) <- (c x - s y, s x + c y). */
export function rotateT<T>(x: usize, y: usize, n: i32, c: f64, s: f64): void {
  let i = 0;
  if (sizeof<T>() == 8) {
    const vc = f64x2.splat(c), vs = f64x2.splat(s);
    for (; i + 2 <= n; i += 2) {
      const o = <usize>i << 3;
      const a = v128.load(x + o), b = v128.load(y + o);
      v128.store(x + o, f64x2.sub(f64x2.mul(vc, a), f64x2.mul(vs, b)));
      v128.store(y + o, f64x2.add(f64x2.mul(vs, a), f64x2.mul(vc, b)));
    }
    for (; i < n; i++) {
      const o = <usize>i << 3;
      const a = load<f64>(x + o), b = load<f64>(y + o);
      store<f64>(x + o, c * a - s * b);
      store<f64>(y + o, s * a + c * b);
    }
  } else {
    const cf = <f32>c, sf = <f32>s;
    const vc = f32x4.splat(cf), vs = f32x4.splat(sf);
    for (; i + 4 <= n; i += 4) {
      const o = <usize>i << 2;
      const a = v128.load(x + o), b = v128.load(y + o);
      v128.store(x + o, f32x4.sub(f32x4.mul(vc, a), f32x4.mul(vs, b)));
      v128.store(y + o, f32x4.add(f32x4.mul(vs, a), f32x4.mul(vc, b)));
    }
    for (; i < n; i++) {
      const o = <usize>i << 2;
      const a = load<f32>(x + o), b = load<f32>(y + o);
      store<f32>(x + o, cf * a - sf * b);
      store<f32>(y + o, sf * a + cf * b);
    }
  }
}

/** Element i of a T array. */
@inline export function getT<T>(p: usize, i: i32): f64 {
  return sizeof<T>() == 8 ? load<f64>(p + (<usize>i << 3)) : <f64>load<f32>(p + (<usize>i << 2));
}

/** Stores v (rounded to T) as element i. */
@inline export function setT<T>(p: usize, i: i32, v: f64): void {
  if (sizeof<T>() == 8) store<f64>(p + (<usize>i << 3), v);
  else store<f32>(p + (<usize>i << 2), <f32>v);
}

/** Address of element (i, j) of a row-major T matrix with row stride ld. */
@inline export function atT<T>(p: usize, i: i32, j: i32, ld: i32): usize {
  return p + ((<usize>i * <usize>ld + <usize>j) << (sizeof<T>() == 8 ? 3 : 2));
}
