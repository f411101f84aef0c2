// Softmax and log-softmax over the last axis of float64 [rows, cols], and their backward, with the
// contracts of softmax.ts: max-subtracted; a NaN in a row makes the row NaN; a row of -Inf gives
// NaN (0/0). Every pass is f64x2: the exponential is exp2d (math-f64.ts, within 2 ulp of
// Math.exp); an odd last element runs the same vector maths on one lane.
import { exp2d } from './math-f64';

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

/** Two lanes at p, or the one element at p in lane 0 (and 0 in lane 1, so sums are unchanged) when !pair. */
@inline function ld(p: usize, pair: bool): v128 {
  return pair ? v128.load(p) : f64x2.replace_lane(f64x2.splat(0), 0, load<f64>(p));
}

@inline function st(p: usize, v: v128, pair: bool): void {
  if (pair) v128.store(p, v);
  else store<f64>(p, f64x2.extract_lane(v, 0));
}

/** Sum of e^(x - m) over a row; stores each term to y when keep. An odd tail adds lane 0 only. */
@inline function expSum(keep: bool, x: usize, y: usize, n: i32, m: f64): f64 {
  const vm = f64x2.splat(m);
  let a0 = f64x2.splat(0), a1 = a0;
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 3;
    const e0 = exp2d(f64x2.sub(v128.load(x + o), vm));
    const e1 = exp2d(f64x2.sub(v128.load(x + o, 16), vm));
    if (keep) {
      v128.store(y + o, e0);
      v128.store(y + o, e1, 16);
    }
    a0 = f64x2.add(a0, e0);
    a1 = f64x2.add(a1, e1);
  }
  for (; i < n; i += 2) {
    const o = <usize>i << 3, pair = i + 2 <= n;
    const e = exp2d(f64x2.sub(ld(x + o, pair), vm));
    if (keep) st(y + o, e, pair);
    a0 = f64x2.add(a0, pair ? e : f64x2.replace_lane(e, 1, 0));
  }
  a0 = f64x2.add(a0, a1);
  return f64x2.extract_lane(a0, 0) + f64x2.extract_lane(a0, 1);
}

/**
 * y = softmax(x) per row (log != 0: log-softmax); y may equal x. rows, cols >= 1.
 */
export function softmax_f64(rows: i32, cols: i32, x: usize, y: usize, log: i32): void {
  const rowBytes = <usize>cols << 3;
  for (let r = 0; r < rows; r++) {
    const xr = x + <usize>r * rowBytes, yr = y + <usize>r * rowBytes;
    const m = rowMax(xr, cols);
    const s = expSum(!log, xr, yr, cols, m);
    if (log) {
      const vm = f64x2.splat(m), vl = f64x2.splat(Math.log(s));
      for (let i = 0; i < cols; i += 2) {
        const o = <usize>i << 3, pair = i + 2 <= cols;
        st(yr + o, f64x2.sub(f64x2.sub(ld(xr + o, pair), vm), vl), pair);
      }
    } else {
      const vi = f64x2.splat(1.0 / s);
      for (let i = 0; i < cols; i += 2) {
        const o = <usize>i << 3, pair = i + 2 <= cols;
        st(yr + o, f64x2.mul(ld(yr + o, pair), vi), pair);
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
    for (let i = 0; i < cols; i += 2) {
      const o = <usize>i << 3, pair = i + 2 <= cols;
      const g = ld(gr + o, pair);
      acc = f64x2.add(acc, log ? g : f64x2.mul(g, ld(yr + o, pair)));
    }
    const s = f64x2.extract_lane(acc, 0) + f64x2.extract_lane(acc, 1);
    const vs = f64x2.splat(s);
    for (let j = 0; j < cols; j += 2) {
      const o = <usize>j << 3, pair = j + 2 <= cols;
      const yv = ld(yr + o, pair), g = ld(gr + o, pair);
      st(dr + o, log ? f64x2.sub(g, f64x2.mul(exp2d(yv), vs)) : f64x2.mul(yv, f64x2.sub(g, vs)), pair);
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
  const one = f64x2.splat(1.0);
  for (let r = 0; r < rows; r++) {
    const zr = logits + <usize>r * rowBytes, gr = grad + <usize>r * rowBytes;
    const label = load<i32>(labels + (<usize>r << 2));
    if (label == ignore_index) {
      memory.fill(gr, 0, rowBytes);
      store<f64>(losses + (<usize>r << 3), 0);
      continue;
    }
    const m = rowMax(zr, cols);
    const vm = f64x2.splat(m);
    let vsum = f64x2.splat(0), vwz = vsum;
    for (let c = 0; c < cols; c += 2) {
      const o = <usize>c << 3, pair = c + 2 <= cols;
      const d = f64x2.sub(ld(zr + o, pair), vm);
      let t = exp2d(d);
      st(gr + o, t, pair);
      if (!pair) t = f64x2.replace_lane(t, 1, 0);
      vsum = f64x2.add(vsum, t);
      const w = weights != 0 ? ld(weights + o, pair) : one;
      vwz = f64x2.add(vwz, f64x2.mul(w, pair ? d : f64x2.replace_lane(d, 1, 0)));
    }
    const sum = f64x2.extract_lane(vsum, 0) + f64x2.extract_lane(vsum, 1);
    const wz = f64x2.extract_lane(vwz, 0) + f64x2.extract_lane(vwz, 1);
    const logZ = Math.log(sum);
    const wy = weights != 0 ? load<f64>(weights + (<usize>label << 3)) : 1.0;
    // sum_c w[c] logp[c] = sum_c w[c] (z[c] - m) - logZ sum w
    const loss = -(1 - e) * wy * ((load<f64>(zr + (<usize>label << 3)) - m) - logZ) - (e != 0 ? ec * (wz - logZ * wsum) : 0);
    store<f64>(losses + (<usize>r << 3), loss);
    const scale = f64x2.splat(((1 - e) * wy + ec * wsum) / sum), vec = f64x2.splat(ec);
    for (let c = 0; c < cols; c += 2) {
      const o = <usize>c << 3, pair = c + 2 <= cols;
      const w = weights != 0 ? ld(weights + o, pair) : one;
      st(gr + o, f64x2.sub(f64x2.mul(ld(gr + o, pair), scale), f64x2.mul(vec, w)), pair);
    }
    const gy = gr + (<usize>label << 3);
    store<f64>(gy, load<f64>(gy) - (1 - e) * wy);
  }
}
