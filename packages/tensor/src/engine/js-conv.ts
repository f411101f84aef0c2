// TypeScript convolution and pooling (NHWC x, HWIO w) for the float64 path: direct loops.
import type { Floats } from './for-each-offset.ts';

export interface ConvGeometry {
  n: number; h: number; w: number; cin: number; kh: number; kw: number; cout: number;
  oh: number; ow: number; sh: number; sw: number; ph: number; pw: number; dh: number; dw: number;
}

/** Calls fn(outIndexBase, xIndexBase, wIndexBase) for every (output pixel, kernel tap) inside the image. */
function forEachTap(g: ConvGeometry, fn: (yBase: number, xBase: number, wBase: number) => void): void {
  for (let b = 0; b < g.n; b++) {
    for (let oy = 0; oy < g.oh; oy++) {
      for (let ox = 0; ox < g.ow; ox++) {
        const yBase = ((b * g.oh + oy) * g.ow + ox) * g.cout;
        for (let ky = 0; ky < g.kh; ky++) {
          const iy = oy * g.sh - g.ph + ky * g.dh;
          if (iy < 0 || iy >= g.h) continue;
          for (let kx = 0; kx < g.kw; kx++) {
            const ix = ox * g.sw - g.pw + kx * g.dw;
            if (ix < 0 || ix >= g.w) continue;
            fn(yBase, ((b * g.h + iy) * g.w + ix) * g.cin, (ky * g.kw + kx) * g.cin * g.cout);
          }
        }
      }
    }
  }
}

export function conv2dJs(g: ConvGeometry, x: Floats, w: Floats, bias: Floats | null, y: Floats): void {
  for (let i = 0; i < y.length; i++) y[i] = bias ? bias[i % g.cout]! : 0;
  forEachTap(g, (yb, xb, wb) => {
    for (let ci = 0; ci < g.cin; ci++) {
      const xv = x[xb + ci]!;
      for (let co = 0; co < g.cout; co++) y[yb + co]! += xv * w[wb + ci * g.cout + co]!;
    }
  });
}

export function conv2dBackwardInputJs(g: ConvGeometry, dy: Floats, w: Floats, dx: Floats): void {
  dx.fill(0);
  forEachTap(g, (yb, xb, wb) => {
    for (let ci = 0; ci < g.cin; ci++) {
      let s = 0;
      for (let co = 0; co < g.cout; co++) s += dy[yb + co]! * w[wb + ci * g.cout + co]!;
      dx[xb + ci]! += s;
    }
  });
}

export function conv2dBackwardFilterJs(g: ConvGeometry, x: Floats, dy: Floats, dw: Floats): void {
  dw.fill(0);
  forEachTap(g, (yb, xb, wb) => {
    for (let ci = 0; ci < g.cin; ci++) {
      const xv = x[xb + ci]!;
      for (let co = 0; co < g.cout; co++) dw[wb + ci * g.cout + co]! += xv * dy[yb + co]!;
    }
  });
}

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

/** Average pooling; `backward` scatters dy / count instead. */
export function avgPoolJs(g: PoolGeometry, src: Floats, dst: Floats, countIncludePad: boolean, backward: boolean): void {
  if (backward) dst.fill(0);
  for (let b = 0; b < g.n; b++) for (let oy = 0; oy < g.oh; oy++) for (let ox = 0; ox < g.ow; ox++) for (let ch = 0; ch < g.c; ch++) {
    const y0 = oy * g.sh - g.ph, x0 = ox * g.sw - g.pw;
    const ya = Math.max(y0, 0), yb = Math.min(y0 + g.kh, g.h), xa = Math.max(x0, 0), xb = Math.min(x0 + g.kw, g.w);
    const count = countIncludePad ? g.kh * g.kw : (yb - ya) * (xb - xa);
    const o = ((b * g.oh + oy) * g.ow + ox) * g.c + ch;
    if (backward) {
      const share = src[o]! / count;
      for (let iy = ya; iy < yb; iy++) for (let ix = xa; ix < xb; ix++) dst[((b * g.h + iy) * g.w + ix) * g.c + ch]! += share;
    } else {
      let s = 0;
      for (let iy = ya; iy < yb; iy++) for (let ix = xa; ix < xb; ix++) s += src[((b * g.h + iy) * g.w + ix) * g.c + ch]!;
      dst[o] = s / count;
    }
  }
}
