// Range check of max pooling's argmax indices before max_pool2d_backward_f32 scatters through
// them: one SIMD pass instead of a JavaScript loop over every index (a few percent of a small
// CNN's training step).

/**
 * The first e < n with idx[e] outside [0, limit), or -1 when every index lies inside. idx: n
 * i32 (any 4-byte alignment); limit >= 0. A negative index compares as a large unsigned one.
 */
export function first_index_outside_i32(idx: usize, n: i32, limit: i32): i32 {
  const bound = i32x4.splat(limit);
  let e = 0;
  for (; e + 16 <= n; e += 16) {
    const p = idx + (<usize>e << 2);
    const bad = v128.or(
      v128.or(i32x4.ge_u(v128.load(p), bound), i32x4.ge_u(v128.load(p, 16), bound)),
      v128.or(i32x4.ge_u(v128.load(p, 32), bound), i32x4.ge_u(v128.load(p, 48), bound)),
    );
    if (v128.any_true(bad)) break;
  }
  for (; e < n; e++) {
    if (<u32>load<i32>(idx + (<usize>e << 2)) >= <u32>limit) return e;
  }
  return -1;
}
