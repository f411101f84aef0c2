// erf (torch.erf), the Gauss error function, with its exact gradient 2/sqrt(pi) exp(-x^2).
// The kernels have no erf op code yet, so the forward is composed from elementwise kernels:
//   |x| < 0.5: the Maclaurin series 2/sqrt(pi) sum_{n<=6} (-1)^n x^(2n+1) / (n! (2n+1)) (truncation
//              below 1e-9 relative there, and exact relative accuracy near 0);
//   otherwise: Abramowitz & Stegun 7.1.26, erf(|x|) = 1 - (a1 t + ... + a5 t^5) exp(-x^2) with
//              t = 1 / (1 + 0.3275911 |x|), absolute error below 1.5e-7.
// So float32 results are within a few ulps of float32 rounding, and float64 results carry the same
// ~1.5e-7 absolute error (not float64-exact, unlike PyTorch). erf(+-Inf) = +-1, erf(NaN) = NaN.
// int32 input gives float32, as the other unary maths.
import { needsGrad, noGrad, record } from '../autograd/record.ts';
import { atomic } from '../scope.ts';
import { checkTensor, type Tensor } from '../tensor.ts';
import { cast } from './copy.ts';
import { abs, add, exp, lt, mul, neg, reciprocal, sign, square, sub } from './elementwise.ts';
import { where } from './gather.ts';

const TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);
/** Series coefficients 2/sqrt(pi) (-1)^n / (n! (2n+1)), n = 0..6. */
const SERIES = [0, 1, 2, 3, 4, 5, 6].map((n) => {
  let factorial = 1;
  for (let k = 2; k <= n; k++) factorial *= k;
  return (TWO_OVER_SQRT_PI * (n % 2 === 0 ? 1 : -1)) / (factorial * (2 * n + 1));
});
/** A&S 7.1.26: p and a1..a5. */
const P = 0.3275911;
const A = [0.254829592, -0.284496736, 1.421413741, -1.453152027, 1.061405429];

/** c[0] + c[1] v + ... + c[k] v^k by Horner's rule (temporaries freed). */
function horner(v: Tensor, c: readonly number[]): Tensor {
  let acc = mul(v, c[c.length - 1]!);
  for (let i = c.length - 2; i >= 0; i--) {
    const s = add(acc, c[i]!);
    acc.dispose();
    if (i === 0) return s;
    acc = mul(s, v);
    s.dispose();
  }
  return acc;
}

function erfForward(x: Tensor): Tensor {
  const temps: Tensor[] = [];
  const t = (v: Tensor) => (temps.push(v), v);
  const a = t(abs(x)), x2 = t(square(x));
  const small = t(mul(x, t(horner(x2, SERIES))));
  const denominator = t(add(t(mul(a, P)), 1));
  const u = t(reciprocal(denominator));
  const q = t(mul(t(horner(u, [0, ...A])), t(exp(t(neg(x2))))));
  const large = t(mul(t(sign(x)), t(sub(1, q))));
  const out = where(t(lt(a, 0.5)), small, large);
  for (const v of temps) v.dispose();
  return out;
}

export function erf(x: Tensor): Tensor {
  checkTensor(x, 'erf');
  return atomic(() => {
    const xf = x.dtype === 'int32' ? cast(x, 'float32') : x;
    const out = noGrad(() => erfForward(xf));
    const result = needsGrad(xf)
      ? record('erf', [xf], out, [xf], (g, [xs]) => {
          const x2 = square(xs!);
          const m = neg(x2);
          const e = exp(m);
          const d = mul(e, TWO_OVER_SQRT_PI);
          const r = mul(g, d);
          for (const v of [x2, m, e, d]) v.dispose();
          return [r];
        })
      : out;
    if (xf !== x) xf.dispose();
    return result;
  });
}
