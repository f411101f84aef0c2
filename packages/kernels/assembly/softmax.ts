// Softmax, log-softmax, their backward, and fused softmax cross-entropy over the rows of a
// contiguous [rows, cols] f32 array (cols >= 1). Every row is max-subtracted first, so logits of
// any finite size are safe; sums of e^(x - max) accumulate in f32x4 per chunk, chunks in f64.
// NaN anywhere in a row makes the whole row NaN (through the sum), as the float64 reference does.
import { expNeg1, expNeg4 } from './exp-neg';
import { madd, nmadd } from './math';
import { T_DIFF, T_X, hsum64, rowSum } from './reduce-rows';

const CHUNK = 1024;
/** Max of a row for max-subtraction (pmax: a NaN element is skipped here but poisons the sum). */
@inline function rowMax(x: usize, n: i32): f32 {
  let i = 0;
  let r: f32 = load<f32>(x);
  if (n >= 16) {
    let a0 = v128.load(x), a1 = a0, a2 = a0, a3 = a0;
    for (; i + 16 <= n; i += 16) {
      const p = x + (<usize>i << 2);
      a0 = f32x4.pmax(a0, v128.load(p)); a1 = f32x4.pmax(a1, v128.load(p, 16));
      a2 = f32x4.pmax(a2, v128.load(p, 32)); a3 = f32x4.pmax(a3, v128.load(p, 48));
    }
    const a = f32x4.pmax(f32x4.pmax(a0, a1), f32x4.pmax(a2, a3));
    r = max(max(f32x4.extract_lane(a, 0), f32x4.extract_lane(a, 1)), max(f32x4.extract_lane(a, 2), f32x4.extract_lane(a, 3)));
  }
  for (; i < n; i++) {
    const v = load<f32>(x + (<usize>i << 2));
    if (v > r) r = v;
  }
  return r;
}

/** sum of e^(x - m) over a row; also stores each term to y when `store`. */
@inline function expSum(keep: bool, x: usize, y: usize, n: i32, m: f32): f64 {
  const vm = f32x4.splat(m);
  let total: f64 = 0;
  let i = 0;
  while (i + 16 <= n) {
    let a0 = f32x4.splat(0), a1 = a0, a2 = a0, a3 = a0;
    const end = min(n, i + CHUNK);
    for (; i + 16 <= end; i += 16) {
      const o = <usize>i << 2;
      const e0 = expNeg4(f32x4.sub(v128.load(x + o), vm));
      const e1 = expNeg4(f32x4.sub(v128.load(x + o, 16), vm));
      const e2 = expNeg4(f32x4.sub(v128.load(x + o, 32), vm));
      const e3 = expNeg4(f32x4.sub(v128.load(x + o, 48), vm));
      if (keep) {
        v128.store(y + o, e0); v128.store(y + o, e1, 16); v128.store(y + o, e2, 32); v128.store(y + o, e3, 48);
      }
      a0 = f32x4.add(a0, e0); a1 = f32x4.add(a1, e1); a2 = f32x4.add(a2, e2); a3 = f32x4.add(a3, e3);
    }
    total += hsum64(f32x4.add(f32x4.add(a0, a1), f32x4.add(a2, a3)));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    const e = expNeg1(load<f32>(x + o) - m);
    if (keep) store<f32>(y + o, e);
    total += <f64>e;
  }
  return total;
}

// How finishRow finishes a row: softmax y *= a; log-softmax y = (x - a) - c; cross-entropy's
// gradient y = y a + c (y holds the row's exponentials).
const SCALE = 0, LOG = 1, SCALE_SHIFT = 2;

@inline function finish4(mode: i32, x: usize, y: usize, o: usize, va: v128, vc: v128): void {
  if (mode == LOG) v128.store(y + o, f32x4.sub(f32x4.sub(v128.load(x + o), va), vc));
  else if (mode == SCALE_SHIFT) v128.store(y + o, madd(v128.load(y + o), va, vc));
  else v128.store(y + o, f32x4.mul(v128.load(y + o), va));
}

/**
 * Finishes a row of n floats as `mode` says (SCALE, LOG or SCALE_SHIFT). With `next`, the same
 * loop also returns the max of the next row xn (n floats): finishing one row and the max pass of
 * the next share one pass over memory. Rows never overlap, so y == x stays correct.
 */
@inline function finishRow(mode: i32, next: bool, x: usize, y: usize, n: i32, a: f32, c: f32, xn: usize): f32 {
  const va = f32x4.splat(a), vc = f32x4.splat(c);
  let r: f32 = next ? load<f32>(xn) : 0;
  let i = 0;
  if (n >= 16) {
    let m0 = next ? v128.load(xn) : va, m1 = m0, m2 = m0, m3 = m0;
    for (; i + 16 <= n; i += 16) {
      const o = <usize>i << 2;
      if (next) {
        const q = xn + o;
        m0 = f32x4.pmax(m0, v128.load(q)); m1 = f32x4.pmax(m1, v128.load(q, 16));
        m2 = f32x4.pmax(m2, v128.load(q, 32)); m3 = f32x4.pmax(m3, v128.load(q, 48));
      }
      finish4(mode, x, y, o, va, vc); finish4(mode, x, y, o + 16, va, vc);
      finish4(mode, x, y, o + 32, va, vc); finish4(mode, x, y, o + 48, va, vc);
    }
    if (next) {
      const m = f32x4.pmax(f32x4.pmax(m0, m1), f32x4.pmax(m2, m3));
      r = max(max(f32x4.extract_lane(m, 0), f32x4.extract_lane(m, 1)), max(f32x4.extract_lane(m, 2), f32x4.extract_lane(m, 3)));
    }
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    if (mode == LOG) store<f32>(y + o, (load<f32>(x + o) - a) - c);
    else if (mode == SCALE_SHIFT) store<f32>(y + o, load<f32>(y + o) * a + c);
    else store<f32>(y + o, load<f32>(y + o) * a);
    if (next) {
      const v = load<f32>(xn + o);
      if (v > r) r = v;
    }
  }
  return r;
}

/**
 * y = softmax(x) (log = 0) or log_softmax(x) (log = 1) over each row of [rows, cols].
 * y may equal x. cols >= 1.
 */
export function softmax_f32(rows: i32, cols: i32, x: usize, y: usize, log: i32): void {
  const rowBytes = <usize>cols << 2;
  let m = rowMax(x, cols);
  for (let r = 0; r < rows; r++) {
    const xr = x + <usize>r * rowBytes, yr = y + <usize>r * rowBytes, next = r + 1 < rows;
    const xn = xr + rowBytes;
    if (log) {
      const ls = <f32>Math.log(expSum(false, xr, yr, cols, m));
      m = next ? finishRow(LOG, true, xr, yr, cols, m, ls, xn) : finishRow(LOG, false, xr, yr, cols, m, ls, 0);
    } else {
      const inv = <f32>(1.0 / expSum(true, xr, yr, cols, m));
      m = next ? finishRow(SCALE, true, xr, yr, cols, inv, 0, xn) : finishRow(SCALE, false, xr, yr, cols, inv, 0, 0);
    }
  }
}

/**
 * Backward of softmax_f32 given its output y and the upstream gradient dy (dx may alias dy):
 * softmax: dx = y (dy - sum(dy y)); log-softmax: dx = dy - e^y sum(dy).
 */
export function softmax_backward_f32(rows: i32, cols: i32, y: usize, dy: usize, dx: usize, log: i32): void {
  const rowBytes = <usize>cols << 2;
  for (let r = 0; r < rows; r++) {
    const off = <usize>r * rowBytes;
    const yr = y + off, gr = dy + off, xr = dx + off;
    let i = 0;
    if (log) {
      const s = f32x4.splat(<f32>rowSum(T_X, gr, cols, 0));
      for (; i + 4 <= cols; i += 4) {
        const o = <usize>i << 2;
        v128.store(xr + o, nmadd(expNeg4(v128.load(yr + o)), s, v128.load(gr + o)));
      }
      const ss = f32x4.extract_lane(s, 0);
      for (; i < cols; i++) {
        const o = <usize>i << 2;
        store<f32>(xr + o, load<f32>(gr + o) - expNeg1(load<f32>(yr + o)) * ss);
      }
    } else {
      // sum(dy y) in f32x4 chunks, then f64.
      let total: f64 = 0;
      while (i + 4 <= cols) {
        let a = f32x4.splat(0);
        const end = min(cols, i + CHUNK);
        for (; i + 4 <= end; i += 4) {
          const o = <usize>i << 2;
          a = madd(v128.load(gr + o), v128.load(yr + o), a);
        }
        total += hsum64(a);
      }
      for (; i < cols; i++) total += <f64>(load<f32>(gr + (<usize>i << 2)) * load<f32>(yr + (<usize>i << 2)));
      const s = <f32>total, vs = f32x4.splat(s);
      i = 0;
      for (; i + 4 <= cols; i += 4) {
        const o = <usize>i << 2;
        v128.store(xr + o, f32x4.mul(v128.load(yr + o), f32x4.sub(v128.load(gr + o), vs)));
      }
      for (; i < cols; i++) {
        const o = <usize>i << 2;
        store<f32>(xr + o, load<f32>(yr + o) * (load<f32>(gr + o) - s));
      }
    }
  }
}

/**
 * Fused softmax cross-entropy, per row r with label y = labels[r] (i32) and class weights w
 * (w = 1 when weights == 0), label smoothing e in [0, 1], C = cols:
 *   loss[r] = -(1 - e) w[y] logp[y] - (e / C) sum_c w[c] logp[c],   logp = log_softmax(z)
 *   grad[r, c] = p[c] ((1 - e) w[y] + (e / C) sum w) - (e / C) w[c] - (1 - e) w[y] [c == y]
 * Rows whose label equals ignore_index get loss 0 and a zero gradient. Labels are in [0, C)
 * otherwise (the wrapper checks). No reduction over rows: that is the caller's.
 */
export function softmax_cross_entropy_f32(
  rows: i32, cols: i32, logits: usize, labels: usize, weights: usize, smoothing: f32, ignore_index: i32,
  losses: usize, grad: usize,
): void {
  const rowBytes = <usize>cols << 2;
  const e = <f64>smoothing;
  const ec = e / <f64>cols;
  let wsum: f64 = <f64>cols;
  if (weights != 0) wsum = rowSum(T_X, weights, cols, 0);
  const shiftOnly = smoothing == 0 || weights == 0; // the gradient's finish is y a + c (finishRow)
  let m: f32 = 0, haveMax = false; // the max of row r when the previous row's pass took it
  for (let r = 0; r < rows; r++) {
    const zr = logits + <usize>r * rowBytes, gr = grad + <usize>r * rowBytes;
    const label = load<i32>(labels + (<usize>r << 2));
    if (label == ignore_index) {
      memory.fill(gr, 0, rowBytes);
      store<f32>(losses + (<usize>r << 2), 0);
      haveMax = false;
      continue;
    }
    if (!haveMax) m = rowMax(zr, cols);
    haveMax = false;
    const sum = expSum(true, zr, gr, cols, m);
    const logZ = Math.log(sum); // log-sum-exp minus m
    const wy: f64 = weights != 0 ? <f64>load<f32>(weights + (<usize>label << 2)) : 1.0;
    const logpY = <f64>(load<f32>(zr + (<usize>label << 2)) - m) - logZ;
    let loss = -(1 - e) * wy * logpY;
    const a = (1 - e) * wy + ec * wsum;
    if (smoothing != 0) {
      // sum_c w[c] logp[c] = sum_c w[c] (z[c] - m) - logZ sum w
      let wz: f64 = 0;
      if (weights != 0) {
        for (let c = 0; c < cols; c++) {
          const o = <usize>c << 2;
          wz += <f64>load<f32>(weights + o) * <f64>(load<f32>(zr + o) - m);
        }
      } else {
        wz = rowSum(T_DIFF, zr, cols, m);
      }
      loss -= ec * (wz - logZ * wsum);
    }
    store<f32>(losses + (<usize>r << 2), <f32>loss);
    // grad = e^(z - m) * (a / sum) - ec w[c], then the label's term.
    const scale = <f32>(a / sum);
    if (!shiftOnly) {
      const vs = f32x4.splat(scale), vec = f32x4.splat(<f32>ec);
      let c = 0;
      for (; c + 4 <= cols; c += 4) {
        const o = <usize>c << 2;
        v128.store(gr + o, nmadd(vec, v128.load(weights + o), f32x4.mul(v128.load(gr + o), vs)));
      }
      for (; c < cols; c++) {
        const o = <usize>c << 2;
        store<f32>(gr + o, load<f32>(gr + o) * scale - <f32>ec * load<f32>(weights + o));
      }
    } else if (r + 1 < rows && load<i32>(labels + (<usize>(r + 1) << 2)) != ignore_index) {
      m = finishRow(SCALE_SHIFT, true, zr, gr, cols, scale, <f32>-ec, zr + rowBytes);
      haveMax = true;
    } else {
      finishRow(SCALE_SHIFT, false, zr, gr, cols, scale, <f32>-ec, 0);
    }
    const gy = gr + (<usize>label << 2);
    store<f32>(gy, load<f32>(gy) - <f32>((1 - e) * wy));
  }
}
