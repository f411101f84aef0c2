// RMSNorm (Zhang and Sennrich 2019), forward and backward over the rows of a contiguous
// [rows, cols] array, float32 and float64; sums in f64:
//   rstd = 1 / sqrt(mean(x^2) + eps)      y = x * rstd * w   (w = 1 when weight == 0)
// Backward, with g = dy * w:
//   dx = rstd * (g - x * rstd^2 * mean(g * x))      dw = sum over rows of dy * x * rstd
// rstd is saved per row (rows elements of the dtype). dw (cols) is written whole when weight != 0.

@inline function rmsNormImpl<T>(rows: i32, cols: i32, x: usize, weight: usize, eps: f64, y: usize, rstd: usize): void {
  const size = sizeof<T>();
  for (let r = 0; r < rows; r++) {
    const xr = x + <usize>r * <usize>cols * size, yr = y + <usize>r * <usize>cols * size;
    let ss: f64 = 0;
    for (let c = 0; c < cols; c++) {
      const v = <f64>load<T>(xr + <usize>c * size);
      ss += v * v;
    }
    const rs = 1.0 / Math.sqrt(ss / <f64>cols + eps);
    store<T>(rstd + <usize>r * size, <T>rs);
    for (let c = 0; c < cols; c++) {
      const w: f64 = weight != 0 ? <f64>load<T>(weight + <usize>c * size) : 1.0;
      store<T>(yr + <usize>c * size, <T>(<f64>load<T>(xr + <usize>c * size) * rs * w));
    }
  }
}

@inline function rmsNormBackwardImpl<T>(rows: i32, cols: i32, dy: usize, x: usize, weight: usize, rstd: usize, dx: usize, dw: usize): void {
  const size = sizeof<T>();
  if (weight != 0) memory.fill(dw, 0, <usize>cols * size);
  for (let r = 0; r < rows; r++) {
    const off = <usize>r * <usize>cols * size;
    const xr = x + off, gr = dy + off, dxr = dx + off;
    const rs = <f64>load<T>(rstd + <usize>r * size);
    let dot: f64 = 0;
    for (let c = 0; c < cols; c++) {
      const w: f64 = weight != 0 ? <f64>load<T>(weight + <usize>c * size) : 1.0;
      dot += <f64>load<T>(gr + <usize>c * size) * w * <f64>load<T>(xr + <usize>c * size);
    }
    const k = rs * rs * dot / <f64>cols;
    for (let c = 0; c < cols; c++) {
      const co = <usize>c * size;
      const w: f64 = weight != 0 ? <f64>load<T>(weight + co) : 1.0;
      const g = <f64>load<T>(gr + co), xv = <f64>load<T>(xr + co);
      store<T>(dxr + co, <T>(rs * (g * w - xv * k)));
      if (weight != 0) store<T>(dw + co, <T>(<f64>load<T>(dw + co) + g * xv * rs));
    }
  }
}

export function rms_norm_f32(rows: i32, cols: i32, x: usize, weight: usize, eps: f32, y: usize, rstd: usize): void {
  rmsNormImpl<f32>(rows, cols, x, weight, <f64>eps, y, rstd);
}
export function rms_norm_f64(rows: i32, cols: i32, x: usize, weight: usize, eps: f64, y: usize, rstd: usize): void {
  rmsNormImpl<f64>(rows, cols, x, weight, eps, y, rstd);
}
export function rms_norm_backward_f32(rows: i32, cols: i32, dy: usize, x: usize, weight: usize, rstd: usize, dx: usize, dw: usize): void {
  rmsNormBackwardImpl<f32>(rows, cols, dy, x, weight, rstd, dx, dw);
}
export function rms_norm_backward_f64(rows: i32, cols: i32, dy: usize, x: usize, weight: usize, rstd: usize, dx: usize, dw: usize): void {
  rmsNormBackwardImpl<f64>(rows, cols, dy, x, weight, rstd, dx, dw);
}
