// Softmax and log-softmax over the last axis of float64 [rows, cols], and their backward, with the
// contracts of softmax.ts: max-subtracted; a NaN in a row makes the row NaN; a row of -Inf gives
// NaN (0/0). The exponential is float64 Math.exp (scalar); max, shifts and scaling are f64x2.

/** Max of a row for max-subtraction (pmax skips a NaN here; it poisons the sum instead). */
@inline function rowMax(x: usize, n: i32): f64 {
  let m = f64x2.splat(-Infinity);
  let i = 0;
  for (; i + 2 <= n; i += 2) m = f64x2.pmax(m, v128.load(x + (<usize>i << 3)));
  let r = max(f64x2.extract_lane(m, 0), f64x2.extract_lane(m, 1));
  for (; i < n; i++) {
    const v = load<f64>(x + (<usize>i << 3));
    if (r < v) r = v;
  }
  return r;
}

/**
 * y = softmax(x) per row (log != 0: log-softmax); y may equal x. rows, cols >= 1.
 */
export function softmax_f64(rows: i32, cols: i32, x: usize, y: usize, log: i32): void {
  const rowBytes = <usize>cols << 3;
  for (let r = 0; r < rows; r++) {
    const xr = x + <usize>r * rowBytes, yr = y + <usize>r * rowBytes;
    const m = rowMax(xr, cols);
    let s: f64 = 0;
    for (let i = 0; i < cols; i++) {
      const o = <usize>i << 3;
      const e = Math.exp(load<f64>(xr + o) - m);
      s += e;
      if (!log) store<f64>(yr + o, e);
    }
    let i = 0;
    if (log) {
      const vm = f64x2.splat(m), vl = f64x2.splat(Math.log(s));
      for (; i + 2 <= cols; i += 2) {
        const o = <usize>i << 3;
        v128.store(yr + o, f64x2.sub(f64x2.sub(v128.load(xr + o), vm), vl));
      }
      for (; i < cols; i++) {
        const o = <usize>i << 3;
        store<f64>(yr + o, (load<f64>(xr + o) - m) - Math.log(s));
      }
    } else {
      const inv = 1.0 / s, vi = f64x2.splat(inv);
      for (; i + 2 <= cols; i += 2) {
        const o = <usize>i << 3;
        v128.store(yr + o, f64x2.mul(v128.load(yr + o), vi));
      }
      for (; i < cols; i++) {
        const o = <usize>i << 3;
        store<f64>(yr + o, load<f64>(yr + o) * inv);
      }
    }
  }
}

/**
 * From the forward output y: dx = y (dy - sum(dy y)) per row, or for log-softmax (log != 0)
 * dx = dy - exp(y) sum(dy). dx may equal dy.
 */
export function softmax_backward_f64(rows: i32, cols: i32, y: usize, dy: usize, dx: usize, log: i32): void {
  const rowBytes = <usize>cols << 3;
  for (let r = 0; r < rows; r++) {
    const yr = y + <usize>r * rowBytes, gr = dy + <usize>r * rowBytes, dr = dx + <usize>r * rowBytes;
    let acc = f64x2.splat(0);
    let i = 0;
    for (; i + 2 <= cols; i += 2) {
      const o = <usize>i << 3;
      const g = v128.load(gr + o);
      acc = f64x2.add(acc, log ? g : f64x2.mul(g, v128.load(yr + o)));
    }
    let s = f64x2.extract_lane(acc, 0) + f64x2.extract_lane(acc, 1);
    for (; i < cols; i++) {
      const o = <usize>i << 3;
      s += log ? load<f64>(gr + o) : load<f64>(gr + o) * load<f64>(yr + o);
    }
    if (log) {
      for (let j = 0; j < cols; j++) {
        const o = <usize>j << 3;
        store<f64>(dr + o, load<f64>(gr + o) - Math.exp(load<f64>(yr + o)) * s);
      }
    } else {
      const vs = f64x2.splat(s);
      let j = 0;
      for (; j + 2 <= cols; j += 2) {
        const o = <usize>j << 3;
        v128.store(dr + o, f64x2.mul(v128.load(yr + o), f64x2.sub(v128.load(gr + o), vs)));
      }
      for (; j < cols; j++) {
        const o = <usize>j << 3;
        store<f64>(dr + o, load<f64>(yr + o) * (load<f64>(gr + o) - s));
      }
    }
  }
}
