// The exponential of the fused decoders' attention: e^x for x <= 0 (scores minus their maximum).
// exp4's reduction and Cephes polynomial (math.ts), with the polynomial evaluated by Estrin's scheme
// instead of Horner's: the same six coefficients in three independent pairs, so each exponential's
// chain of dependent operations is about half as long. The softmax's exponentials are a long run
// of independent vectors, and with Horner's chain the plain build (mul and add apart) kept too few in
// flight. Results may differ from exp4's in the last bit (another rounding order).
import { madd, nmadd } from './math';

const EXP_LO: f32 = -87.33654475055310; // below: 0 (flushes exp's subnormal results)

// Splatted constants in static memory (one load each, as math.ts's table): log2(e), 1.5 * 2^23,
// ln2 hi, ln2 lo, the Cephes coefficients highest degree first, 1, the lower bound.
const TABLE = memory.data<f32>([
  1.44269504088896341, 1.44269504088896341, 1.44269504088896341, 1.44269504088896341,
  12582912.0, 12582912.0, 12582912.0, 12582912.0,
  0.693359375, 0.693359375, 0.693359375, 0.693359375,
  -2.12194440e-4, -2.12194440e-4, -2.12194440e-4, -2.12194440e-4,
  1.9875691500e-4, 1.9875691500e-4, 1.9875691500e-4, 1.9875691500e-4,
  1.3981999507e-3, 1.3981999507e-3, 1.3981999507e-3, 1.3981999507e-3,
  8.3334519073e-3, 8.3334519073e-3, 8.3334519073e-3, 8.3334519073e-3,
  4.1665795894e-2, 4.1665795894e-2, 4.1665795894e-2, 4.1665795894e-2,
  1.6666665459e-1, 1.6666665459e-1, 1.6666665459e-1, 1.6666665459e-1,
  5.0000001201e-1, 5.0000001201e-1, 5.0000001201e-1, 5.0000001201e-1,
  1.0, 1.0, 1.0, 1.0,
  EXP_LO, EXP_LO, EXP_LO, EXP_LO,
], 16);

@inline function constant(k: i32): v128 {
  return v128.load(TABLE + (<usize>k << 4));
}

/** e^x per lane for x <= 0 (or NaN: NaN); 0 below -87.34 and for -Inf. Max relative error ~2 ulp. */
@inline export function expNonPositive4(x: v128): v128 {
  const magic = constant(1);
  const t = f32x4.add(f32x4.mul(x, constant(0)), magic);
  const n = f32x4.sub(t, magic);
  let r = nmadd(n, constant(2), x);
  r = nmadd(n, constant(3), r);
  const r2 = f32x4.mul(r, r);
  const r4 = f32x4.mul(r2, r2);
  const high = madd(constant(4), r, constant(5)); // c0 r + c1
  const middle = madd(constant(6), r, constant(7)); // c2 r + c3
  const low = madd(constant(8), r, constant(9)); // c4 r + c5
  const p = madd(high, r4, madd(middle, r2, low)); // c0 r^5 + ... + c5
  const y = madd(p, r2, f32x4.add(r, constant(10)));
  // n sits in the low mantissa bits of t: bits(t) - bits(magic) == n.
  const scale = i32x4.shl(i32x4.add(i32x4.sub(t, magic), i32x4.splat(127)), 23);
  return v128.andnot(f32x4.mul(y, scale), f32x4.lt(x, constant(11)));
}
