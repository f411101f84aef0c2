// The exponential of the fused decoders' attention: e^x for x <= 0 (scores minus their maximum).
// exp4's reduction, Cephes polynomial and constant table (math.ts), with the polynomial evaluated
// by Estrin's scheme instead of Horner's: the same six coefficients in three independent pairs, so
// each exponential's chain of dependent operations is about half as long. The softmax's
// exponentials are a long run of independent vectors, and with Horner's chain the plain build (mul
// and add apart) kept too few in flight. Results may differ from exp4's in the last bit (another
// rounding order).
import { expConst, madd, nmadd } from './math';

/** e^x per lane for x <= 0 (or NaN: NaN); 0 below -87.34 and for -Inf. Max relative error ~2 ulp. */
@inline export function expNonPositive4(x: v128): v128 {
  const magic = expConst(1);
  const t = f32x4.add(f32x4.mul(x, expConst(0)), magic);
  const n = f32x4.sub(t, magic);
  let r = nmadd(n, expConst(2), x);
  r = nmadd(n, expConst(3), r);
  const r2 = f32x4.mul(r, r);
  const r4 = f32x4.mul(r2, r2);
  const high = madd(expConst(4), r, expConst(5)); // c0 r + c1
  const middle = madd(expConst(6), r, expConst(7)); // c2 r + c3
  const low = madd(expConst(8), r, expConst(9)); // c4 r + c5
  const p = madd(high, r4, madd(middle, r2, low)); // c0 r^5 + ... + c5
  const y = madd(p, r2, f32x4.add(r, expConst(10)));
  // n sits in the low mantissa bits of t: bits(t) - bits(magic) == n.
  const scale = i32x4.shl(i32x4.add(i32x4.sub(t, magic), i32x4.splat(127)), 23);
  return v128.andnot(f32x4.mul(y, scale), f32x4.lt(x, expConst(12)));
}
