// N-d strided copies of 32-bit words (f32 or i32 alike) and f32 <-> i32 casts.
// A strided copy with offsets and signed strides implements permute/transpose, slice, expand
// (stride 0), flip (negative stride), pad (copy into the interior of a filled output) and the
// pieces of concat/split. Pointers are byte addresses; strides count elements and may be < 0.

/**
 * For every index (i_0..i_{rank-1}) of `shape`: dst[sum i_d dst_strides_d] = src[sum i_d src_strides_d].
 * `shape`, `src_strides`, `dst_strides`: rank i32s each. rank >= 1, every size > 0. src and dst
 * must not overlap. An innermost run with both strides 1 is one memory.copy.
 */
export function strided_copy_32(rank: i32, shape: usize, src: usize, src_strides: usize, dst: usize, dst_strides: usize): void {
  const last = rank - 1;
  const n = load<i32>(shape + (<usize>last << 2));
  const ss = load<i32>(src_strides + (<usize>last << 2));
  const ds = load<i32>(dst_strides + (<usize>last << 2));
  let rows = 1;
  for (let d = 0; d < last; d++) rows *= load<i32>(shape + (<usize>d << 2));
  for (let r = 0; r < rows; r++) {
    let rem = r;
    let offS: isize = 0, offD: isize = 0;
    for (let d = last - 1; d >= 0; d--) {
      const size = load<i32>(shape + (<usize>d << 2));
      const idx = rem % size;
      rem /= size;
      offS += <isize>idx * <isize>load<i32>(src_strides + (<usize>d << 2));
      offD += <isize>idx * <isize>load<i32>(dst_strides + (<usize>d << 2));
    }
    const s = <usize>(<isize>src + (offS << 2));
    const t = <usize>(<isize>dst + (offD << 2));
    if (ss == 1 && ds == 1) {
      memory.copy(t, s, <usize>n << 2);
    } else if (ds == 1 && ss == 0) {
      const v = load<u32>(s);
      const v4 = i32x4.splat(v);
      let i = 0;
      for (; i + 4 <= n; i += 4) v128.store(t + (<usize>i << 2), v4);
      for (; i < n; i++) store<u32>(t + (<usize>i << 2), v);
    } else {
      for (let i = 0; i < n; i++) {
        store<u32>(<usize>(<isize>t + ((<isize>i * <isize>ds) << 2)), load<u32>(<usize>(<isize>s + ((<isize>i * <isize>ss) << 2))));
      }
    }
  }
}

/** y[i] = x[i] truncated toward zero; NaN -> 0; beyond the i32 range saturates. */
export function cast_f32_i32(n: i32, x: usize, y: usize): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    v128.store(y + o, i32x4.trunc_sat_f32x4_s(v128.load(x + o)));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    store<i32>(y + o, i32x4.extract_lane(i32x4.trunc_sat_f32x4_s(f32x4.splat(load<f32>(x + o))), 0));
  }
}

/** y[i] = x[i] as f32 (round to nearest). */
export function cast_i32_f32(n: i32, x: usize, y: usize): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    v128.store(y + o, f32x4.convert_i32x4_s(v128.load(x + o)));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    store<f32>(y + o, <f32>load<i32>(x + o));
  }
}

/** x[i] = value for i < n (i32). */
export function fill_i32(n: i32, x: usize, value: i32): void {
  const v = i32x4.splat(value);
  let i = 0;
  for (; i + 4 <= n; i += 4) v128.store(x + (<usize>i << 2), v);
  for (; i < n; i++) store<i32>(x + (<usize>i << 2), value);
}
