// SwiGLU gate (Shazeer 2020, "GLU Variants Improve Transformer"): y = silu(a) * b, with
// silu(a) = a * sigmoid(a), over [rows, cols] where a and b rows are lda / ldb elements apart
// (the two halves of one [rows, 2 cols] projection: lda = ldb = 2 cols) and y is contiguous.
// Backward: da = dy * b * sigmoid(a) (1 + a (1 - sigmoid(a))), db = dy * silu(a), written with the
// strides of a and b. float32 and float64; the maths in f64 per element.

@inline function sigmoid(a: f64): f64 {
  return a >= 0 ? 1.0 / (1.0 + Math.exp(-a)) : Math.exp(a) / (1.0 + Math.exp(a));
}

@inline function swigluImpl<T>(rows: i32, cols: i32, a: usize, lda: i32, b: usize, ldb: i32, y: usize): void {
  const size = sizeof<T>();
  for (let r = 0; r < rows; r++) {
    const ar = a + <usize>r * <usize>lda * size, br = b + <usize>r * <usize>ldb * size, yr = y + <usize>r * <usize>cols * size;
    for (let c = 0; c < cols; c++) {
      const co = <usize>c * size;
      const av = <f64>load<T>(ar + co);
      store<T>(yr + co, <T>(av * sigmoid(av) * <f64>load<T>(br + co)));
    }
  }
}

@inline function swigluBackwardImpl<T>(rows: i32, cols: i32, a: usize, lda: i32, b: usize, ldb: i32, dy: usize, da: usize, db: usize): void {
  const size = sizeof<T>();
  for (let r = 0; r < rows; r++) {
    const ao = <usize>r * <usize>lda * size, bo = <usize>r * <usize>ldb * size, go = <usize>r * <usize>cols * size;
    for (let c = 0; c < cols; c++) {
      const co = <usize>c * size;
      const av = <f64>load<T>(a + ao + co), bv = <f64>load<T>(b + bo + co), g = <f64>load<T>(dy + go + co);
      const s = sigmoid(av);
      store<T>(da + ao + co, <T>(g * bv * s * (1.0 + av * (1.0 - s))));
      store<T>(db + bo + co, <T>(g * av * s));
    }
  }
}

export function swiglu_f32(rows: i32, cols: i32, a: usize, lda: i32, b: usize, ldb: i32, y: usize): void {
  swigluImpl<f32>(rows, cols, a, lda, b, ldb, y);
}
export function swiglu_f64(rows: i32, cols: i32, a: usize, lda: i32, b: usize, ldb: i32, y: usize): void {
  swigluImpl<f64>(rows, cols, a, lda, b, ldb, y);
}
export function swiglu_backward_f32(rows: i32, cols: i32, a: usize, lda: i32, b: usize, ldb: i32, dy: usize, da: usize, db: usize): void {
  swigluBackwardImpl<f32>(rows, cols, a, lda, b, ldb, dy, da, db);
}
export function swiglu_backward_f64(rows: i32, cols: i32, a: usize, lda: i32, b: usize, ldb: i32, dy: usize, da: usize, db: usize): void {
  swigluBackwardImpl<f64>(rows, cols, a, lda, b, ldb, dy, da, db);
}
