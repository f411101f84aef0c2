// Gather and scatter of rows, one-hot encoding and where(cond, a, b).
// x is viewed as [outer, axis_len, inner]; indices are i32 into the middle axis. Every index is
// validated before anything is written: a kernel returns -1 on success, else the position of the
// first index out of range (and leaves its output untouched). Pointers are byte addresses.

@inline function firstBad(idx: usize, k: i32, limit: i32): i32 {
  for (let j = 0; j < k; j++) {
    const v = load<i32>(idx + (<usize>j << 2));
    if (v < 0 || v >= limit) return j;
  }
  return -1;
}

/** dst[o, j, :] = src[o, idx[j], :] for o < outer, j < k (32-bit words: f32 or i32). */
export function index_select_32(outer: i32, axis_len: i32, inner: i32, src: usize, idx: usize, k: i32, dst: usize): i32 {
  const bad = firstBad(idx, k, axis_len);
  if (bad >= 0) return bad;
  const rowBytes = <usize>inner << 2;
  for (let o = 0; o < outer; o++) {
    const s = src + <usize>o * <usize>axis_len * rowBytes;
    const d = dst + <usize>o * <usize>k * rowBytes;
    for (let j = 0; j < k; j++) {
      const row = <usize>load<i32>(idx + (<usize>j << 2));
      memory.copy(d + <usize>j * rowBytes, s + row * rowBytes, rowBytes);
    }
  }
  return -1;
}

/** dst[o, idx[j], :] += src[o, j, :] over rows of T; repeated indices accumulate in order. */
@inline function indexAdd<T>(outer: i32, axis_len: i32, inner: i32, dst: usize, idx: usize, k: i32, src: usize): i32 {
  const bad = firstBad(idx, k, axis_len);
  if (bad >= 0) return bad;
  const lanes = 16 / sizeof<T>();
  const shift = alignof<T>();
  const rowBytes = <usize>inner << shift;
  for (let o = 0; o < outer; o++) {
    const d0 = dst + <usize>o * <usize>axis_len * rowBytes;
    const s0 = src + <usize>o * <usize>k * rowBytes;
    for (let j = 0; j < k; j++) {
      const d = d0 + <usize>load<i32>(idx + (<usize>j << 2)) * rowBytes;
      const s = s0 + <usize>j * rowBytes;
      let i = 0;
      for (; i + lanes <= inner; i += lanes) {
        const off = <usize>i << shift;
        v128.store(d + off, v128.add<T>(v128.load(d + off), v128.load(s + off)));
      }
      for (; i < inner; i++) {
        const off = <usize>i << shift;
        store<T>(d + off, load<T>(d + off) + load<T>(s + off));
      }
    }
  }
  return -1;
}

/** dst[o, idx[j], :] += src[o, j, :] (f32); returns the first out-of-range position, or -1. */
export function index_add_f32(outer: i32, axis_len: i32, inner: i32, dst: usize, idx: usize, k: i32, src: usize): i32 {
  return indexAdd<f32>(outer, axis_len, inner, dst, idx, k, src);
}

/** index_add_f32 on f64 rows. */
export function index_add_f64(outer: i32, axis_len: i32, inner: i32, dst: usize, idx: usize, k: i32, src: usize): i32 {
  return indexAdd<f64>(outer, axis_len, inner, dst, idx, k, src);
}

/** dst[i, :] = off, then dst[i, idx[i]] = on, for i < n (f32 [n, depth]). */
export function one_hot_f32(n: i32, idx: usize, depth: i32, dst: usize, on: f32, off: f32): i32 {
  const bad = firstBad(idx, n, depth);
  if (bad >= 0) return bad;
  const total = n * depth;
  const v = f32x4.splat(off);
  let i = 0;
  for (; i + 4 <= total; i += 4) v128.store(dst + (<usize>i << 2), v);
  for (; i < total; i++) store<f32>(dst + (<usize>i << 2), off);
  for (let r = 0; r < n; r++) {
    store<f32>(dst + ((<usize>r * <usize>depth + <usize>load<i32>(idx + (<usize>r << 2))) << 2), on);
  }
  return -1;
}

/**
 * out = cond != 0 ? a : b with broadcasting (NaN in cond counts as true). `shape` and the three
 * stride arrays hold rank i32s (strides in elements, 0 on broadcast dims). out is contiguous and
 * does not alias a broadcast operand. rank >= 1, every size > 0.
 */
export function where_f32(rank: i32, shape: usize, strides_c: usize, strides_a: usize, strides_b: usize, cond: usize, a: usize, b: usize, out: usize): void {
  const last = rank - 1;
  const n = load<i32>(shape + (<usize>last << 2));
  const ic = load<i32>(strides_c + (<usize>last << 2));
  const ia = load<i32>(strides_a + (<usize>last << 2));
  const ib = load<i32>(strides_b + (<usize>last << 2));
  let rows = 1;
  for (let d = 0; d < last; d++) rows *= load<i32>(shape + (<usize>d << 2));
  const zero = f32x4.splat(0);
  for (let r = 0; r < rows; r++) {
    let rem = r;
    let oc = 0, oa = 0, ob = 0;
    for (let d = last - 1; d >= 0; d--) {
      const size = load<i32>(shape + (<usize>d << 2));
      const idx = rem % size;
      rem /= size;
      oc += idx * load<i32>(strides_c + (<usize>d << 2));
      oa += idx * load<i32>(strides_a + (<usize>d << 2));
      ob += idx * load<i32>(strides_b + (<usize>d << 2));
    }
    const c = cond + (<usize>oc << 2), pa = a + (<usize>oa << 2), pb = b + (<usize>ob << 2);
    const o = out + (<usize>(r * n) << 2);
    let i = 0;
    if (ic == 1 && ia == 1 && ib == 1) {
      for (; i + 4 <= n; i += 4) {
        const off = <usize>i << 2;
        const mask = f32x4.ne(v128.load(c + off), zero);
        v128.store(o + off, v128.bitselect(v128.load(pa + off), v128.load(pb + off), mask));
      }
    }
    for (; i < n; i++) {
      const cv = load<f32>(c + (<usize>(i * ic) << 2));
      const v = cv != 0 ? load<f32>(pa + (<usize>(i * ia) << 2)) : load<f32>(pb + (<usize>(i * ib) << 2));
      store<f32>(o + (<usize>i << 2), v);
    }
  }
}
