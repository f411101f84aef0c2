// Max pooling (NHWC) for float64, in TypeScript until the pool kernels have a float64 export.
import type { Floats } from './for-each-offset.ts';

export interface PoolGeometry {
  n: number; h: number; w: number; c: number; kh: number; kw: number;
  oh: number; ow: number; sh: number; sw: number; ph: number; pw: number;
}

/** Max pooling with the flat input index of each window's first maximum (first NaN wins). */
export function maxPoolJs(g: PoolGeometry, x: Floats, y: Floats, argmax: Int32Array): void {
  for (let b = 0; b < g.n; b++) for (let oy = 0; oy < g.oh; oy++) for (let ox = 0; ox < g.ow; ox++) for (let ch = 0; ch < g.c; ch++) {
    let best = -Infinity, at = -1;
    for (let ky = 0; ky < g.kh; ky++) {
      const iy = oy * g.sh - g.ph + ky;
      if (iy < 0 || iy >= g.h) continue;
      for (let kx = 0; kx < g.kw; kx++) {
        const ix = ox * g.sw - g.pw + kx;
        if (ix < 0 || ix >= g.w) continue;
        const idx = ((b * g.h + iy) * g.w + ix) * g.c + ch;
        const v = x[idx]!;
        if (at < 0 || v > best || (Number.isNaN(v) && !Number.isNaN(best))) {
          best = v;
          at = idx;
        }
      }
    }
    const o = ((b * g.oh + oy) * g.ow + ox) * g.c + ch;
    y[o] = best;
    argmax[o] = at;
  }
}

export function maxPoolBackwardJs(dy: Floats, argmax: Int32Array, dx: Floats): void {
  dx.fill(0);
  for (let i = 0; i < dy.length; i++) dx[argmax[i]!]! += dy[i]!;
}
