// TypeScript reductions over x viewed as [outer, axis, inner] (float64 path and fallbacks).
import type { Numbers } from './js-elementwise.ts';

export type ReduceOpName = 'sum' | 'mean' | 'max' | 'min' | 'prod' | 'sumSquares' | 'logSumExp';

/** out[o, i] = op over a of x[o, a, i]. Empty axis: sum 0, mean NaN, max -Inf, min +Inf, prod 1, logSumExp -Inf. */
export function reduceJs(op: ReduceOpName, x: Numbers, outer: number, axis: number, inner: number, out: Numbers): void {
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * axis * inner + i;
      let acc: number;
      switch (op) {
        case 'sum': case 'mean': acc = 0; for (let a = 0; a < axis; a++) acc += x[base + a * inner]!; if (op === 'mean') acc /= axis; break;
        case 'sumSquares': acc = 0; for (let a = 0; a < axis; a++) { const v = x[base + a * inner]!; acc += v * v; } break;
        case 'prod': acc = 1; for (let a = 0; a < axis; a++) acc *= x[base + a * inner]!; break;
        case 'max': acc = -Infinity; for (let a = 0; a < axis; a++) { const v = x[base + a * inner]!; if (v > acc || Number.isNaN(v)) acc = v; if (Number.isNaN(acc)) break; } break;
        case 'min': acc = Infinity; for (let a = 0; a < axis; a++) { const v = x[base + a * inner]!; if (v < acc || Number.isNaN(v)) acc = v; if (Number.isNaN(acc)) break; } break;
        case 'logSumExp': {
          let m = -Infinity;
          for (let a = 0; a < axis; a++) { const v = x[base + a * inner]!; if (v > m || Number.isNaN(v)) m = v; }
          if (m === -Infinity || !Number.isFinite(m)) { acc = m; break; }
          let s = 0;
          for (let a = 0; a < axis; a++) s += Math.exp(x[base + a * inner]! - m);
          acc = m + Math.log(s);
          break;
        }
      }
      out[o * inner + i] = acc;
    }
  }
}

/** Index of the first maximum (or minimum) along the axis; NaN counts as the extreme. -1 on an empty axis. */
export function argReduceJs(op: 'argmax' | 'argmin', x: Numbers, outer: number, axis: number, inner: number, out: Int32Array): void {
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * axis * inner + i;
      let best = -1, bestV = op === 'argmax' ? -Infinity : Infinity;
      for (let a = 0; a < axis; a++) {
        const v = x[base + a * inner]!;
        if (Number.isNaN(v)) { best = a; break; }
        if (best < 0 || (op === 'argmax' ? v > bestV : v < bestV)) { best = a; bestV = v; }
      }
      out[o * inner + i] = best;
    }
  }
}

/** Two-pass mean and variance (divisor axis - correction). */
export function momentsJs(x: Numbers, outer: number, axis: number, inner: number, correction: number, mean: Numbers, variance: Numbers): void {
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * axis * inner + i;
      let s = 0;
      for (let a = 0; a < axis; a++) s += x[base + a * inner]!;
      const m = s / axis;
      let q = 0;
      for (let a = 0; a < axis; a++) { const d = x[base + a * inner]! - m; q += d * d; }
      mean[o * inner + i] = m;
      variance[o * inner + i] = q / (axis - correction);
    }
  }
}

export function cumsumJs(x: Numbers, outer: number, axis: number, inner: number, reverse: boolean, out: Numbers): void {
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * axis * inner + i;
      let s = 0;
      if (reverse) for (let a = axis - 1; a >= 0; a--) { s += x[base + a * inner]!; out[base + a * inner] = s; }
      else for (let a = 0; a < axis; a++) { s += x[base + a * inner]!; out[base + a * inner] = s; }
    }
  }
}
