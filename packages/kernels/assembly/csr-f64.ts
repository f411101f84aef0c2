// Products of a sparse float64 matrix A [m, d] in compressed sparse row form (indptr: m + 1 int32
// row starts, indices: int32 column of each stored value, values: float64) with a dense B, row-major:
//   transpose 0: out [m, k] = A B for B [d, k]:   out[i, :] = sum_p values[p] B[indices[p], :]
//   transpose 1: out [d, k] = A^T B for B [m, k]: out[indices[p], :] += values[p] B[i, :]
// over the stored values p of row i, so the scores and gradients of a linear model over sparse
// training rows (pixels, bags of words) cost their stored values, not m d. Columns of out in
// chunks of 8 (four f64x2 lanes), then 2, then 1: A B sums each chunk in registers (two sets of
// accumulators, alternate stored values), A^T B keeps B's chunk of row i in registers and updates
// the rows of out in place. Fused multiply-add in the relaxed build.
// indptr must be non-decreasing from 0 (the wrapper checks it). Every column index is checked first:
// one outside [0, d) makes the call return 1 with out untouched; else 0. out must not overlap the
// other operands.
import { madd2 } from './math-f64';

@inline function columnsValid(indices: usize, nnz: i32, d: i32): bool {
  for (let p = 0; p < nnz; p++) if (<u32>load<i32>(indices + (<usize>p << 2)) >= <u32>d) return false;
  return true;
}

/** out[i, c0..c0+8) = sum over the stored values of row i (p in [start, end)). */
@inline function rowChunk8(start: i32, end: i32, indices: usize, values: usize, b: usize, rk: usize, c0: usize, o: usize): void {
  let a0 = f64x2.splat(0), a1 = a0, a2 = a0, a3 = a0, e0 = a0, e1 = a0, e2 = a0, e3 = a0;
  let p = start;
  for (; p + 2 <= end; p += 2) {
    const s = v128.load64_splat(values + (<usize>p << 3)), t = v128.load64_splat(values + (<usize>p << 3), 8);
    const r = b + <usize>load<i32>(indices + (<usize>p << 2)) * rk + c0, q = b + <usize>load<i32>(indices + (<usize>p << 2), 4) * rk + c0;
    a0 = madd2(s, v128.load(r), a0);
    a1 = madd2(s, v128.load(r, 16), a1);
    a2 = madd2(s, v128.load(r, 32), a2);
    a3 = madd2(s, v128.load(r, 48), a3);
    e0 = madd2(t, v128.load(q), e0);
    e1 = madd2(t, v128.load(q, 16), e1);
    e2 = madd2(t, v128.load(q, 32), e2);
    e3 = madd2(t, v128.load(q, 48), e3);
  }
  if (p < end) {
    const s = v128.load64_splat(values + (<usize>p << 3)), r = b + <usize>load<i32>(indices + (<usize>p << 2)) * rk + c0;
    a0 = madd2(s, v128.load(r), a0);
    a1 = madd2(s, v128.load(r, 16), a1);
    a2 = madd2(s, v128.load(r, 32), a2);
    a3 = madd2(s, v128.load(r, 48), a3);
  }
  v128.store(o, f64x2.add(a0, e0));
  v128.store(o, f64x2.add(a1, e1), 16);
  v128.store(o, f64x2.add(a2, e2), 32);
  v128.store(o, f64x2.add(a3, e3), 48);
}

/** out[i, c0..c0+2) (one lane pair) or, with `single`, out[i, c0]. */
@inline function rowChunkSmall(start: i32, end: i32, indices: usize, values: usize, b: usize, rk: usize, c0: usize, o: usize, single: bool): void {
  if (single) {
    let s: f64 = 0;
    for (let p = start; p < end; p++) s += load<f64>(values + (<usize>p << 3)) * load<f64>(b + <usize>load<i32>(indices + (<usize>p << 2)) * rk + c0);
    store<f64>(o, s);
    return;
  }
  let a = f64x2.splat(0), e = a;
  let p = start;
  for (; p + 2 <= end; p += 2) {
    a = madd2(v128.load64_splat(values + (<usize>p << 3)), v128.load(b + <usize>load<i32>(indices + (<usize>p << 2)) * rk + c0), a);
    e = madd2(v128.load64_splat(values + (<usize>p << 3), 8), v128.load(b + <usize>load<i32>(indices + (<usize>p << 2), 4) * rk + c0), e);
  }
  if (p < end) a = madd2(v128.load64_splat(values + (<usize>p << 3)), v128.load(b + <usize>load<i32>(indices + (<usize>p << 2)) * rk + c0), a);
  v128.store(o, f64x2.add(a, e));
}

/** out[indices[p], c0..c0+8) += values[p] g for the stored values of one row, g = B[i, c0..c0+8). */
@inline function scatterChunk8(start: i32, end: i32, indices: usize, values: usize, g: usize, out: usize, rk: usize, c0: usize): void {
  const g0 = v128.load(g), g1 = v128.load(g, 16), g2 = v128.load(g, 32), g3 = v128.load(g, 48);
  for (let p = start; p < end; p++) {
    const s = v128.load64_splat(values + (<usize>p << 3)), o = out + <usize>load<i32>(indices + (<usize>p << 2)) * rk + c0;
    v128.store(o, madd2(s, g0, v128.load(o)));
    v128.store(o, madd2(s, g1, v128.load(o, 16)), 16);
    v128.store(o, madd2(s, g2, v128.load(o, 32)), 32);
    v128.store(o, madd2(s, g3, v128.load(o, 48)), 48);
  }
}

/** See the file comment. */
export function csr_matmul_f64(transpose: i32, m: i32, d: i32, k: i32, indptr: usize, indices: usize, values: usize, b: usize, out: usize): i32 {
  const nnz = load<i32>(indptr + (<usize>m << 2));
  if (!columnsValid(indices, nnz, d)) return 1;
  const rk = <usize>k << 3;
  if (transpose == 0) {
    for (let i = 0; i < m; i++) {
      const start = load<i32>(indptr + (<usize>i << 2)), end = load<i32>(indptr + (<usize>(i + 1) << 2));
      const o = out + <usize>i * rk;
      let c = 0;
      for (; c + 8 <= k; c += 8) rowChunk8(start, end, indices, values, b, rk, <usize>c << 3, o + (<usize>c << 3));
      for (; c + 2 <= k; c += 2) rowChunkSmall(start, end, indices, values, b, rk, <usize>c << 3, o + (<usize>c << 3), false);
      if (c < k) rowChunkSmall(start, end, indices, values, b, rk, <usize>c << 3, o + (<usize>c << 3), true);
    }
    return 0;
  }
  memory.fill(out, 0, <usize>d * rk);
  for (let i = 0; i < m; i++) {
    const start = load<i32>(indptr + (<usize>i << 2)), end = load<i32>(indptr + (<usize>(i + 1) << 2));
    const g = b + <usize>i * rk;
    let c = 0;
    for (; c + 8 <= k; c += 8) scatterChunk8(start, end, indices, values, g + (<usize>c << 3), out, rk, <usize>c << 3);
    for (; c + 2 <= k; c += 2) {
      const gv = v128.load(g + (<usize>c << 3));
      for (let p = start; p < end; p++) {
        const o = out + <usize>load<i32>(indices + (<usize>p << 2)) * rk + (<usize>c << 3);
        v128.store(o, madd2(v128.load64_splat(values + (<usize>p << 3)), gv, v128.load(o)));
      }
    }
    if (c < k) {
      const gv = load<f64>(g + (<usize>c << 3));
      for (let p = start; p < end; p++) {
        const o = out + <usize>load<i32>(indices + (<usize>p << 2)) * rk + (<usize>c << 3);
        store<f64>(o, load<f64>(o) + load<f64>(values + (<usize>p << 3)) * gv);
      }
    }
  }
  return 0;
}
