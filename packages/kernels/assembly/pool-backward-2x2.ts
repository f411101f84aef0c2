// max_pool2d_backward_f32 for the 2x2 window at stride 2 without padding (C a multiple of 4): dx is
// written in one pass, each window's four pixels from its dy and argmax (dy where argmax names the
// pixel, else 0), instead of a zero fill of dx and a scatter that reads and writes it again.

/**
 * dx [n, h, w, c] from dy and argmax [n, h >> 1, w >> 1, c] (argmax: flat dx indices, as
 * max_pool2d_nhwc_f32 writes them). Pixels outside every window (an odd last row or column) get 0.
 * The values are the scatter's bit for bit (0 + dy: a -0 gradient becomes +0). Returns 0, or 1 when
 * some argmax lies outside its own window: dx is then incomplete and the caller must run
 * max_pool2d_backward_f32 instead (it accepts any index inside dx).
 */
export function max_pool2d_backward_2x2_f32(dy: usize, argmax: usize, dx: usize, n: i32, h: i32, w: i32, c: i32): i32 {
  const oh = h >> 1, ow = w >> 1;
  const lane = i32x4(0, 1, 2, 3), zero = f32x4.splat(0);
  const right = i32x4.splat(c), down = i32x4.splat(w * c);
  const pixel = <usize>c << 2, row = <usize>(w * c) << 2;
  let missed = i32x4.splat(0);
  let o: usize = 0; // dy / argmax byte offset
  for (let b = 0; b < n; b++) {
    for (let i = 0; i < oh; i++) {
      const r0 = (b * h + 2 * i) * w; // first pixel of the window row pair
      for (let j = 0; j < ow; j++) {
        const e0 = (r0 + 2 * j) * c;
        const p0 = dx + (<usize>e0 << 2);
        let idx = i32x4.add(i32x4.splat(e0), lane);
        for (let ch: usize = 0; ch < pixel; ch += 16) {
          const p = p0 + ch;
          const d = f32x4.add(v128.load(dy + o + ch), zero);
          const a = v128.load(argmax + o + ch);
          const m0 = i32x4.eq(a, idx), m1 = i32x4.eq(a, i32x4.add(idx, right));
          const m2 = i32x4.eq(a, i32x4.add(idx, down)), m3 = i32x4.eq(a, i32x4.add(i32x4.add(idx, down), right));
          v128.store(p, v128.and(d, m0));
          v128.store(p + pixel, v128.and(d, m1));
          v128.store(p + row, v128.and(d, m2));
          v128.store(p + row + pixel, v128.and(d, m3));
          missed = v128.or(missed, v128.not(v128.or(v128.or(m0, m1), v128.or(m2, m3))));
          idx = i32x4.add(idx, i32x4.splat(4));
        }
        o += pixel;
      }
      if (w & 1) {
        const last = dx + (<usize>((r0 + w - 1) * c) << 2);
        memory.fill(last, 0, pixel);
        memory.fill(last + row, 0, pixel);
      }
    }
    if (h & 1) memory.fill(dx + (<usize>((b * h + h - 1) * w * c) << 2), 0, row);
  }
  return v128.any_true(missed) ? 1 : 0;
}
