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

/**
 * softmax_cross_entropy_f32's contract in float64 (weights: cols doubles, or 0 for all 1):
 *   loss[r] = -(1 - e) w[y] logp[y] - (e / C) sum_c w[c] logp[c],   logp = log_softmax(z)
 *   grad[r, c] = p[c] ((1 - e) w[y] + (e / C) sum w) - (e / C) w[c] - (1 - e) w[y] [c == y]
 * Rows whose label equals ignore_index get loss 0 and a zero gradient. grad must not overlap logits.
 */
export function softmax_cross_entropy_f64(
  rows: i32, cols: i32, logits: usize, labels: usize, weights: usize, smoothing: f64, ignore_index: i32,
  losses: usize, grad: usize,
): void {
  const rowBytes = <usize>cols << 3;
  const e = smoothing;
  const ec = e / <f64>cols;
  let wsum: f64 = <f64>cols;
  if (weights != 0) {
    wsum = 0;
    for (let c = 0; c < cols; c++) wsum += load<f64>(weights + (<usize>c << 3));
  }
  for (let r = 0; r < rows; r++) {
    const zr = logits + <usize>r * rowBytes, gr = grad + <usize>r * rowBytes;
    const label = load<i32>(labels + (<usize>r << 2));
    if (label == ignore_index) {
      memory.fill(gr, 0, rowBytes);
      store<f64>(losses + (<usize>r << 3), 0);
      continue;
    }
    const m = rowMax(zr, cols);
    let sum: f64 = 0, wz: f64 = 0;
    for (let c = 0; c < cols; c++) {
      const o = <usize>c << 3;
      const d = load<f64>(zr + o) - m;
      const t = Math.exp(d);
      sum += t;
      store<f64>(gr + o, t);
      wz += (weights != 0 ? load<f64>(weights + o) : 1.0) * d;
    }
    const logZ = Math.log(sum);
    const wy = weights != 0 ? load<f64>(weights + (<usize>label << 3)) : 1.0;
    // sum_c w[c] logp[c] = sum_c w[c] (z[c] - m) - logZ sum w
    const loss = -(1 - e) * wy * ((load<f64>(zr + (<usize>label << 3)) - m) - logZ) - (e != 0 ? ec * (wz - logZ * wsum) : 0);
    store<f64>(losses + (<usize>r << 3), loss);
    const scale = ((1 - e) * wy + ec * wsum) / sum;
    for (let c = 0; c < cols; c++) {
      const o = <usize>c << 3;
      store<f64>(gr + o, load<f64>(gr + o) * scale - ec * (weights != 0 ? load<f64>(weights + o) : 1.0));
    }
    const gy = gr + (<usize>label << 3);
    store<f64>(gy, load<f64>(gy) - (1 - e) * wy);
  }
}
