// Moments (two-pass mean and variance) of float64 and cumulative sums of float64 and int32 over
// one axis of [outer, axis, inner], with the contracts of reduce.ts's moments_f32 and cumsum_f32.
// Strided axes (inner > 1) run f64x2 / i32x4 lanes across neighbouring outputs.

/**
 * mean[o, j] and variance[o, j] = sum (x - mean)^2 / max(axis - correction, 0) over a; axis >= 1.
 * Two passes, the first summing x - x[first] (exact means for constant rows).
 */
export function moments_f64(outer: i32, axis: i32, inner: i32, x: usize, mean: usize, variance: usize, correction: f64): void {
  const denom: f64 = max(<f64>axis - correction, 0);
  const stride = <usize>inner << 3;
  for (let o = 0; o < outer; o++) {
    const xo = x + <usize>o * <usize>axis * stride;
    const oo = <usize>o * stride;
    let j = 0;
    for (; j + 2 <= inner; j += 2) {
      const p = xo + (<usize>j << 3);
      const x0 = v128.load(p);
      let s = f64x2.splat(0);
      for (let a = 1; a < axis; a++) s = f64x2.add(s, f64x2.sub(v128.load(p + <usize>a * stride), x0));
      const mu = f64x2.add(x0, f64x2.div(s, f64x2.splat(<f64>axis)));
      let d = f64x2.splat(0);
      for (let a = 0; a < axis; a++) {
        const t = f64x2.sub(v128.load(p + <usize>a * stride), mu);
        d = f64x2.add(d, f64x2.mul(t, t));
      }
      v128.store(mean + oo + (<usize>j << 3), mu);
      v128.store(variance + oo + (<usize>j << 3), f64x2.div(d, f64x2.splat(denom)));
    }
    for (; j < inner; j++) {
      const p = xo + (<usize>j << 3);
      const x0 = load<f64>(p);
      let s: f64 = 0;
      for (let a = 1; a < axis; a++) s += load<f64>(p + <usize>a * stride) - x0;
      const mu = x0 + s / <f64>axis;
      let d: f64 = 0;
      for (let a = 0; a < axis; a++) {
        const t = load<f64>(p + <usize>a * stride) - mu;
        d += t * t;
      }
      store<f64>(mean + oo + (<usize>j << 3), mu);
      store<f64>(variance + oo + (<usize>j << 3), d / denom);
    }
  }
}

@inline function cumsumLoop<T>(outer: i32, axis: i32, inner: i32, x: usize, out: usize, reverse: i32): void {
  const shift = alignof<T>();
  const L = 16 / sizeof<T>();
  const stride = <usize>inner << shift;
  const step: isize = reverse ? -<isize>stride : <isize>stride;
  const startOff: usize = reverse ? <usize>(axis - 1) * stride : 0;
  for (let o = 0; o < outer; o++) {
    const base = <usize>o * <usize>axis * stride + startOff;
    let j = 0;
    for (; j + L <= inner; j += L) {
      let off = base + (<usize>j << shift);
      let s = v128.splat<T>(<T>0);
      for (let a = 0; a < axis; a++) {
        s = v128.add<T>(s, v128.load(x + off));
        v128.store(out + off, s);
        off += step;
      }
    }
    for (; j < inner; j++) {
      let off = base + (<usize>j << shift);
      let s: T = <T>0;
      for (let a = 0; a < axis; a++) {
        s += load<T>(x + off);
        store<T>(out + off, s);
        off += step;
      }
    }
  }
}

/** out[o, a, j] = sum of x[o, b, j] for b <= a (reverse = 0) or b >= a (reverse = 1); out may equal x. */
export function cumsum_f64(outer: i32, axis: i32, inner: i32, x: usize, out: usize, reverse: i32): void {
  cumsumLoop<f64>(outer, axis, inner, x, out, reverse);
}

/** cumsum_f64 in int32 (wrapping). */
export function cumsum_i32(outer: i32, axis: i32, inner: i32, x: usize, out: usize, reverse: i32): void {
  cumsumLoop<i32>(outer, axis, inner, x, out, reverse);
}
