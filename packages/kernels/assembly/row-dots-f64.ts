// Dot products of every row of a float64 matrix X [m, d] (row stride ldx doubles) with every row of
// W [n, d] (row stride ldw): out [m, n] (row stride ldo), out[i, c] = x_i . w_c, X read in place. For
// few rows of W (k ~ 10: the scores X W^T of a linear model, or with X transposed its gradient
// G^T X) over rows kept in wasm memory for a whole fit: gemm_f64 packs every block of both operands
// on each call, and with k ~ 10 packing X costs about as much as the product.
// Two rows of X against four rows of W per pass (8 f64x2 accumulators along d, then lane sums),
// then two or one rows of W; a last odd row of X against one row of W at a time. Sums run in f64x2 lanes (fused multiply-add in the
// relaxed build), so they differ from a sequential loop by rounding only. out must not overlap X or
// W. m, n, d >= 0.
import { madd2 } from './math-f64';

@inline function lanes(v: v128): f64 {
  return f64x2.extract_lane(v, 0) + f64x2.extract_lane(v, 1);
}

/** out[c] (stride 8 bytes) = x . w_c for `count` rows of W from w (row stride rw bytes), one row of X. */
function dotRow(x: usize, w: usize, rw: usize, count: i32, d: i32, out: usize): void {
  for (let c = 0; c < count; c++) {
    const wc = w + <usize>c * rw;
    let a0 = f64x2.splat(0), a1 = a0;
    let j = 0;
    for (; j + 4 <= d; j += 4) {
      const off = <usize>j << 3;
      a0 = madd2(v128.load(x + off), v128.load(wc + off), a0);
      a1 = madd2(v128.load(x + off, 16), v128.load(wc + off, 16), a1);
    }
    let s = lanes(f64x2.add(a0, a1));
    for (; j < d; j++) s += load<f64>(x + (<usize>j << 3)) * load<f64>(wc + (<usize>j << 3));
    store<f64>(out + (<usize>c << 3), s);
  }
}

/** Rows x0 and x1 against rows w0 and w0 + rw: out0[0..2) and out1[0..2). */
@inline function pairTwo(x0: usize, x1: usize, w0: usize, rw: usize, d: i32, o0: usize, o1: usize): void {
  const w1 = w0 + rw, d2 = d & ~1;
  let a00 = f64x2.splat(0), a01 = a00, a10 = a00, a11 = a00;
  for (let j = 0; j < d2; j += 2) {
    const off = <usize>j << 3;
    const p = v128.load(x0 + off), q = v128.load(x1 + off);
    let v = v128.load(w0 + off);
    a00 = madd2(p, v, a00);
    a10 = madd2(q, v, a10);
    v = v128.load(w1 + off);
    a01 = madd2(p, v, a01);
    a11 = madd2(q, v, a11);
  }
  let s00 = lanes(a00), s01 = lanes(a01), s10 = lanes(a10), s11 = lanes(a11);
  if (d2 < d) {
    const off = <usize>d2 << 3;
    const p = load<f64>(x0 + off), q = load<f64>(x1 + off), v0 = load<f64>(w0 + off), v1 = load<f64>(w1 + off);
    s00 += p * v0; s01 += p * v1; s10 += q * v0; s11 += q * v1;
  }
  store<f64>(o0, s00); store<f64>(o0, s01, 8);
  store<f64>(o1, s10); store<f64>(o1, s11, 8);
}

/** Rows x0 and x1 against one row w0: out0[0] and out1[0]. */
@inline function pairOne(x0: usize, x1: usize, w0: usize, d: i32, o0: usize, o1: usize): void {
  const d4 = d & ~3;
  let a0 = f64x2.splat(0), b0 = a0, a1 = a0, b1 = a0;
  for (let j = 0; j < d4; j += 4) {
    const off = <usize>j << 3;
    const v = v128.load(w0 + off), u = v128.load(w0 + off, 16);
    a0 = madd2(v128.load(x0 + off), v, a0);
    b0 = madd2(v128.load(x0 + off, 16), u, b0);
    a1 = madd2(v128.load(x1 + off), v, a1);
    b1 = madd2(v128.load(x1 + off, 16), u, b1);
  }
  let s0 = lanes(f64x2.add(a0, b0)), s1 = lanes(f64x2.add(a1, b1));
  for (let j = d4; j < d; j++) {
    const off = <usize>j << 3, v = load<f64>(w0 + off);
    s0 += load<f64>(x0 + off) * v;
    s1 += load<f64>(x1 + off) * v;
  }
  store<f64>(o0, s0);
  store<f64>(o1, s1);
}

/** See the file comment. */
export function row_dots_f64(m: i32, n: i32, d: i32, x: usize, ldx: i32, w: usize, ldw: i32, out: usize, ldo: i32): void {
  rowDots64(m, d, n, x, <usize>ldx << 3, w, <usize>ldw << 3, out, <usize>ldo << 3);
}

/** row_dots_f64 with rows of X n, rows of W k, and strides in bytes. */
function rowDots64(n: i32, d: i32, k: i32, x: usize, rx: usize, w: usize, rw: usize, out: usize, ro: usize): void {
  const d2 = d & ~1;
  let i = 0;
  for (; i + 2 <= n; i += 2) {
    const x0 = x + <usize>i * rx, x1 = x0 + rx;
    const o0 = out + <usize>i * ro, o1 = o0 + ro;
    let c = 0;
    for (; c + 4 <= k; c += 4) {
      const w0 = w + <usize>c * rw, w1 = w0 + rw, w2 = w1 + rw, w3 = w2 + rw;
      let a00 = f64x2.splat(0), a01 = a00, a02 = a00, a03 = a00, a10 = a00, a11 = a00, a12 = a00, a13 = a00;
      for (let j = 0; j < d2; j += 2) {
        const off = <usize>j << 3;
        const p = v128.load(x0 + off), q = v128.load(x1 + off);
        let v = v128.load(w0 + off);
        a00 = madd2(p, v, a00);
        a10 = madd2(q, v, a10);
        v = v128.load(w1 + off);
        a01 = madd2(p, v, a01);
        a11 = madd2(q, v, a11);
        v = v128.load(w2 + off);
        a02 = madd2(p, v, a02);
        a12 = madd2(q, v, a12);
        v = v128.load(w3 + off);
        a03 = madd2(p, v, a03);
        a13 = madd2(q, v, a13);
      }
      let s00 = lanes(a00), s01 = lanes(a01), s02 = lanes(a02), s03 = lanes(a03);
      let s10 = lanes(a10), s11 = lanes(a11), s12 = lanes(a12), s13 = lanes(a13);
      if (d2 < d) {
        const off = <usize>d2 << 3;
        const p = load<f64>(x0 + off), q = load<f64>(x1 + off);
        const v0 = load<f64>(w0 + off), v1 = load<f64>(w1 + off), v2 = load<f64>(w2 + off), v3 = load<f64>(w3 + off);
        s00 += p * v0; s01 += p * v1; s02 += p * v2; s03 += p * v3;
        s10 += q * v0; s11 += q * v1; s12 += q * v2; s13 += q * v3;
      }
      const p0 = o0 + (<usize>c << 3), p1 = o1 + (<usize>c << 3);
      store<f64>(p0, s00); store<f64>(p0, s01, 8); store<f64>(p0, s02, 16); store<f64>(p0, s03, 24);
      store<f64>(p1, s10); store<f64>(p1, s11, 8); store<f64>(p1, s12, 16); store<f64>(p1, s13, 24);
    }
    if (c + 2 <= k) {
      pairTwo(x0, x1, w + <usize>c * rw, rw, d, o0 + (<usize>c << 3), o1 + (<usize>c << 3));
      c += 2;
    }
    if (c < k) pairOne(x0, x1, w + <usize>c * rw, d, o0 + (<usize>c << 3), o1 + (<usize>c << 3));
  }
  if (i < n) dotRow(x + <usize>i * rx, w, rw, k, d, out + <usize>i * ro);
}
