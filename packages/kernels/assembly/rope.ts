// Rotary position embedding (RoPE; Su et al. 2021, RoFormer), forward and backward, float32 and
// float64. x is [outer, T, inner, D] contiguous ([B, H, T, D]: outer = B*H, inner = 1;
// [B, T, H, D]: outer = B, inner = H). The first R (rotaryDim, even, <= D) features of each row
// rotate by angle pos * base^(-2i / R), pos = t + offset; features [R, D) pass through.
//   interleaved (Meta llama, llama2.c): pairs (2i, 2i+1)
//   rotate-half (Hugging Face):          pairs (i, i + R/2)
// y = (x1 cos - x2 sin, x1 sin + x2 cos) per pair; `inverse` rotates by -angle, which is the
// backward (a rotation's transpose is its inverse). The angles are computed in f64 once per
// position into `work` (R floats/doubles: cos then sin of the R/2 pairs). y may equal x.

@inline function ropeImpl<T>(x: usize, y: usize, outer: i32, t: i32, inner: i32, d: i32, r: i32, interleaved: i32, base: f64, offset: i32, inverse: i32, work: usize): void {
  const half = r >> 1, size = sizeof<T>();
  const sinTable = work + <usize>half * size;
  for (let p = 0; p < t; p++) {
    const pos = <f64>(p + offset);
    for (let i = 0; i < half; i++) {
      const angle = pos * Math.pow(base, -2.0 * <f64>i / <f64>r);
      store<T>(work + <usize>i * size, <T>Math.cos(angle));
      store<T>(sinTable + <usize>i * size, <T>(inverse ? -Math.sin(angle) : Math.sin(angle)));
    }
    for (let o = 0; o < outer; o++) {
      for (let h = 0; h < inner; h++) {
        const off = ((<usize>o * <usize>t + <usize>p) * <usize>inner + <usize>h) * <usize>d * size;
        const xr = x + off, yr = y + off;
        for (let i = 0; i < half; i++) {
          const c = load<T>(work + <usize>i * size), s = load<T>(sinTable + <usize>i * size);
          const i1 = interleaved ? 2 * i : i, i2 = interleaved ? 2 * i + 1 : i + half;
          const x1 = load<T>(xr + <usize>i1 * size), x2 = load<T>(xr + <usize>i2 * size);
          store<T>(yr + <usize>i1 * size, x1 * c - x2 * s);
          store<T>(yr + <usize>i2 * size, x1 * s + x2 * c);
        }
        if (yr != xr) for (let i = r; i < d; i++) store<T>(yr + <usize>i * size, load<T>(xr + <usize>i * size));
      }
    }
  }
}

export function rope_f32(x: usize, y: usize, outer: i32, t: i32, inner: i32, d: i32, r: i32, interleaved: i32, base: f32, offset: i32, inverse: i32, work: usize): void {
  ropeImpl<f32>(x, y, outer, t, inner, d, r, interleaved, <f64>base, offset, inverse, work);
}

export function rope_f64(x: usize, y: usize, outer: i32, t: i32, inner: i32, d: i32, r: i32, interleaved: i32, base: f64, offset: i32, inverse: i32, work: usize): void {
  ropeImpl<f64>(x, y, outer, t, inner, d, r, interleaved, base, offset, inverse, work);
}
