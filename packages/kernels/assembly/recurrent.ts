// Fused per-step cells of RNN (tanh), LSTM and GRU on pre-activation rows, forward and backward.
// Gate layouts follow PyTorch: LSTM [i, f, g, o], GRU [r, z, n], each block h wide; a row of a
// gate matrix is G*h f32, state rows are h f32, all contiguous ([n, G*h] and [n, h]).
// Sigmoid and tanh are math.ts's exp-based sigmoid4/tanh4; the column tail (h % 4) runs the same
// vector maths on one lane, so tails match bodies bit for bit.
import { sigmoid4, tanh4 } from './math';

@inline export function ld(p: usize, vec: bool): v128 {
  return vec ? v128.load(p) : f32x4.splat(load<f32>(p));
}

@inline export function st(p: usize, v: v128, vec: bool): void {
  if (vec) v128.store(p, v);
  else store<f32>(p, f32x4.extract_lane(v, 0));
}

/** 1 - x*x */
@inline function oneMinusSq(x: v128): v128 {
  return f32x4.sub(f32x4.splat(1.0), f32x4.mul(x, x));
}

/** x (1 - x): the sigmoid derivative from its output. */
@inline function sigGrad(x: v128): v128 {
  return f32x4.mul(x, f32x4.sub(f32x4.splat(1.0), x));
}

// ---- RNN (tanh) ----

/** hNext = tanh(pre) for `count` f32. pre may equal hNext. */
export function rnn_cell_f32(count: i32, pre: usize, hNext: usize): void {
  let i = 0;
  for (; i + 4 <= count; i += 4) {
    const o = <usize>i << 2;
    v128.store(hNext + o, tanh4(v128.load(pre + o)));
  }
  for (; i < count; i++) {
    const o = <usize>i << 2;
    st(hNext + o, tanh4(ld(pre + o, false)), false);
  }
}

/** dPre = dh (1 - hNext^2) for `count` f32. dPre may equal dh. */
export function rnn_cell_backward_f32(count: i32, hNext: usize, dh: usize, dPre: usize): void {
  let i = 0;
  for (; i + 4 <= count; i += 4) {
    const o = <usize>i << 2;
    v128.store(dPre + o, f32x4.mul(v128.load(dh + o), oneMinusSq(v128.load(hNext + o))));
  }
  for (; i < count; i++) {
    const o = <usize>i << 2;
    const y = load<f32>(hNext + o);
    store<f32>(dPre + o, load<f32>(dh + o) * (1 - y * y));
  }
}

// ---- LSTM ----

/**
 * One vector (vec) or lane of an LSTM step from its four pre-activations pi, pf, pg, po: stores the
 * activated gates at q, q + hb, q + 2hb, q + 3hb (hb = h * 4 bytes) and c, tanh(c), o tanh(c) at
 * cNext, tanhC and hNext; cPrev is read at cPrev. Shared by lstm_cell_f32 and recurrent-lstm-rows.ts.
 */
@inline export function lstmStep(pi: v128, pf: v128, pg: v128, po: v128, q: usize, hb: usize, cPrev: usize, cNext: usize, tanhC: usize, hNext: usize, vec: bool): void {
  const i = sigmoid4(pi);
  const f = sigmoid4(pf);
  const g = tanh4(pg);
  const og = sigmoid4(po);
  const c = f32x4.add(f32x4.mul(f, ld(cPrev, vec)), f32x4.mul(i, g));
  const tc = tanh4(c);
  st(q, i, vec);
  st(q + hb, f, vec);
  st(q + 2 * hb, g, vec);
  st(q + 3 * hb, og, vec);
  st(cNext, c, vec);
  st(tanhC, tc, vec);
  st(hNext, f32x4.mul(og, tc), vec);
}

@inline function lstmLanes(row: usize, srow: usize, o: usize, hb: usize, pre: usize, cPrev: usize, gates: usize, cNext: usize, tanhC: usize, hNext: usize, vec: bool): void {
  const p = pre + row + o, s = srow + o;
  // Read all four blocks before writing: gates may equal pre.
  lstmStep(ld(p, vec), ld(p + hb, vec), ld(p + 2 * hb, vec), ld(p + 3 * hb, vec), gates + row + o, hb, cPrev + s, cNext + s, tanhC + s, hNext + s, vec);
}

/**
 * One LSTM step for n rows of hidden size h. pre [n, 4h]: x W_ih^T + b_ih + h W_hh^T + b_hh.
 * Writes the activated gates [n, 4h] (i, f, g, o; `gates` may equal `pre`), cNext = f cPrev + i g,
 * tanhC = tanh(cNext) and hNext = o tanhC ([n, h] each).
 */
export function lstm_cell_f32(n: i32, h: i32, pre: usize, cPrev: usize, gates: usize, cNext: usize, tanhC: usize, hNext: usize): void {
  const hb = <usize>h << 2;
  for (let b = 0; b < n; b++) {
    const row = <usize>b * hb * 4, srow = <usize>b * hb;
    let j = 0;
    for (; j + 4 <= h; j += 4) lstmLanes(row, srow, <usize>j << 2, hb, pre, cPrev, gates, cNext, tanhC, hNext, true);
    for (; j < h; j++) lstmLanes(row, srow, <usize>j << 2, hb, pre, cPrev, gates, cNext, tanhC, hNext, false);
  }
}

/** dBias[0 .. lanes) += v (f64 accumulators; 4 lanes when vec, else lane 0 only). */
@inline function addColumns(dBias: usize, v: v128, vec: bool): void {
  if (vec) {
    v128.store(dBias, f64x2.add(v128.load(dBias), f64x2.promote_low_f32x4(v)));
    v128.store(dBias, f64x2.add(v128.load(dBias, 16), f64x2.promote_low_f32x4(i32x4.shuffle(v, v, 2, 3, 0, 1))), 16);
  } else {
    store<f64>(dBias, load<f64>(dBias) + <f64>f32x4.extract_lane(v, 0));
  }
}

/**
 * One vector (vec) or lane of an LSTM step's backward: gates at q (blocks hb bytes apart), cPrev,
 * tanhC, dh and dc (in place) at their addresses; stores dPre at d (blocks hb apart), and the same
 * values at dx when dx != 0; adds them to the f64 column sums at dBias (blocks 2hb apart) when
 * dBias != 0. Shared by lstm_cell_backward_f32 and recurrent-lstm-rows.ts.
 */
@inline export function lstmBackStep(q: usize, hb: usize, cPrev: usize, tanhC: usize, dh: usize, dc: usize, d: usize, dx: usize, dBias: usize, vec: bool): void {
  const i = ld(q, vec), f = ld(q + hb, vec), g = ld(q + 2 * hb, vec), og = ld(q + 3 * hb, vec);
  const tc = ld(tanhC, vec);
  const dhv = ld(dh, vec);
  const dcv = f32x4.add(ld(dc, vec), f32x4.mul(f32x4.mul(dhv, og), oneMinusSq(tc)));
  const di = f32x4.mul(f32x4.mul(dcv, g), sigGrad(i));
  const df = f32x4.mul(f32x4.mul(dcv, ld(cPrev, vec)), sigGrad(f));
  const dg = f32x4.mul(f32x4.mul(dcv, i), oneMinusSq(g));
  const dO = f32x4.mul(f32x4.mul(dhv, tc), sigGrad(og));
  st(d, di, vec);
  st(d + hb, df, vec);
  st(d + 2 * hb, dg, vec);
  st(d + 3 * hb, dO, vec);
  st(dc, f32x4.mul(dcv, f), vec);
  if (dx != 0) {
    st(dx, di, vec);
    st(dx + hb, df, vec);
    st(dx + 2 * hb, dg, vec);
    st(dx + 3 * hb, dO, vec);
  }
  if (dBias != 0) {
    const hb2 = hb << 1;
    addColumns(dBias, di, vec);
    addColumns(dBias + hb2, df, vec);
    addColumns(dBias + 2 * hb2, dg, vec);
    addColumns(dBias + 3 * hb2, dO, vec);
  }
}

@inline function lstmBackLanes(row: usize, srow: usize, o: usize, hb: usize, gates: usize, cPrev: usize, tanhC: usize, dh: usize, dc: usize, dPre: usize, vec: bool): void {
  const s = srow + o;
  lstmBackStep(gates + row + o, hb, cPrev + s, tanhC + s, dh + s, dc + s, dPre + row + o, 0, 0, vec);
}

/**
 * LSTM step backward. gates [n, 4h] (activated i, f, g, o), cPrev and tanhC [n, h] from the forward;
 * dh [n, h] the gradient of hNext; dc [n, h] holds the gradient of cNext on entry and that of cPrev
 * on return (in place). Writes dPre [n, 4h], the gradient of the pre-activations.
 */
export function lstm_cell_backward_f32(n: i32, h: i32, gates: usize, cPrev: usize, tanhC: usize, dh: usize, dc: usize, dPre: usize): void {
  const hb = <usize>h << 2;
  for (let b = 0; b < n; b++) {
    const row = <usize>b * hb * 4, srow = <usize>b * hb;
    let j = 0;
    for (; j + 4 <= h; j += 4) lstmBackLanes(row, srow, <usize>j << 2, hb, gates, cPrev, tanhC, dh, dc, dPre, true);
    for (; j < h; j++) lstmBackLanes(row, srow, <usize>j << 2, hb, gates, cPrev, tanhC, dh, dc, dPre, false);
  }
}

// ---- GRU ----

@inline function gruLanes(row: usize, srow: usize, o: usize, hb: usize, xp: usize, hp: usize, hPrev: usize, gates: usize, hn: usize, hNext: usize, vec: bool): void {
  const x = xp + row + o, y = hp + row + o, q = gates + row + o, s = srow + o;
  const r = sigmoid4(f32x4.add(ld(x, vec), ld(y, vec)));
  const z = sigmoid4(f32x4.add(ld(x + hb, vec), ld(y + hb, vec)));
  const hnv = ld(y + 2 * hb, vec);
  const nv = tanh4(f32x4.add(ld(x + 2 * hb, vec), f32x4.mul(r, hnv)));
  const hp0 = ld(hPrev + s, vec);
  st(q, r, vec);
  st(q + hb, z, vec);
  st(q + 2 * hb, nv, vec);
  st(hn + s, hnv, vec);
  st(hNext + s, f32x4.add(nv, f32x4.mul(z, f32x4.sub(hp0, nv))), vec);
}

/**
 * One GRU step. xp [n, 3h]: x W_ih^T + b_ih; hp [n, 3h]: hPrev W_hh^T + b_hh. r = sigmoid(xr + hr),
 * z = sigmoid(xz + hz), n = tanh(xn + r hn), hNext = n + z (hPrev - n). Writes the gates [n, 3h]
 * (r, z, n; `gates` may equal `xp`), hn [n, h] (the n block of hp, for backward) and hNext [n, h].
 */
export function gru_cell_f32(n: i32, h: i32, xp: usize, hp: usize, hPrev: usize, gates: usize, hn: usize, hNext: usize): void {
  const hb = <usize>h << 2;
  for (let b = 0; b < n; b++) {
    const row = <usize>b * hb * 3, srow = <usize>b * hb;
    let j = 0;
    for (; j + 4 <= h; j += 4) gruLanes(row, srow, <usize>j << 2, hb, xp, hp, hPrev, gates, hn, hNext, true);
    for (; j < h; j++) gruLanes(row, srow, <usize>j << 2, hb, xp, hp, hPrev, gates, hn, hNext, false);
  }
}

@inline function gruBackLanes(row: usize, srow: usize, o: usize, hb: usize, gates: usize, hn: usize, hPrev: usize, dh: usize, dXp: usize, dHp: usize, dhPrev: usize, vec: bool): void {
  const q = gates + row + o, dx = dXp + row + o, dy = dHp + row + o, s = srow + o;
  const r = ld(q, vec), z = ld(q + hb, vec), nv = ld(q + 2 * hb, vec);
  const dhv = ld(dh + s, vec);
  const dn = f32x4.mul(f32x4.mul(dhv, f32x4.sub(f32x4.splat(1.0), z)), oneMinusSq(nv));
  const dz = f32x4.mul(f32x4.mul(dhv, f32x4.sub(ld(hPrev + s, vec), nv)), sigGrad(z));
  const dr = f32x4.mul(f32x4.mul(dn, ld(hn + s, vec)), sigGrad(r));
  st(dx, dr, vec);
  st(dx + hb, dz, vec);
  st(dx + 2 * hb, dn, vec);
  st(dy, dr, vec);
  st(dy + hb, dz, vec);
  st(dy + 2 * hb, f32x4.mul(dn, r), vec);
  st(dhPrev + s, f32x4.add(ld(dhPrev + s, vec), f32x4.mul(dhv, z)), vec);
}

/**
 * GRU step backward. gates [n, 3h] (r, z, n), hn and hPrev [n, h] from the forward; dh [n, h] the
 * gradient of hNext. Writes dXp [n, 3h] (gradient of xp) and dHp [n, 3h] (gradient of hp: its n
 * block is scaled by r), and adds the direct path z dh to dhPrev [n, h].
 */
export function gru_cell_backward_f32(n: i32, h: i32, gates: usize, hn: usize, hPrev: usize, dh: usize, dXp: usize, dHp: usize, dhPrev: usize): void {
  const hb = <usize>h << 2;
  for (let b = 0; b < n; b++) {
    const row = <usize>b * hb * 3, srow = <usize>b * hb;
    let j = 0;
    for (; j + 4 <= h; j += 4) gruBackLanes(row, srow, <usize>j << 2, hb, gates, hn, hPrev, dh, dXp, dHp, dhPrev, true);
    for (; j < h; j++) gruBackLanes(row, srow, <usize>j << 2, hb, gates, hn, hPrev, dh, dXp, dHp, dhPrev, false);
  }
}
