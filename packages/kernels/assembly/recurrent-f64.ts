// The cells of recurrent.ts in f64 (same layouts, arguments and in-place rules), two lanes at a
// time on math-f64.ts's sigmoid2d and tanh2d (within 2 ulp of the scalar formulas); an odd last
// column runs the same vector maths on one lane.
import { sigmoid2d, tanh2d } from './math-f64';

@inline export function at(p: usize, i: i32): usize {
  return p + (<usize>i << 3);
}

@inline export function ld(p: usize, pair: bool): v128 {
  return pair ? v128.load(p) : f64x2.splat(load<f64>(p));
}

@inline export function st(p: usize, v: v128, pair: bool): void {
  if (pair) v128.store(p, v);
  else store<f64>(p, f64x2.extract_lane(v, 0));
}

/** 1 - x*x */
@inline function oneMinusSq(x: v128): v128 {
  return f64x2.sub(f64x2.splat(1.0), f64x2.mul(x, x));
}

/** x (1 - x): the sigmoid derivative from its output. */
@inline function sigGrad(x: v128): v128 {
  return f64x2.mul(x, f64x2.sub(f64x2.splat(1.0), x));
}

/** hNext = tanh(pre) for `count` f64. pre may equal hNext. */
export function rnn_cell_f64(count: i32, pre: usize, hNext: usize): void {
  for (let i = 0; i < count; i += 2) {
    const pair = i + 2 <= count;
    st(at(hNext, i), tanh2d(ld(at(pre, i), pair)), pair);
  }
}

/** dPre = dh (1 - hNext^2) for `count` f64. dPre may equal dh. */
export function rnn_cell_backward_f64(count: i32, hNext: usize, dh: usize, dPre: usize): void {
  for (let i = 0; i < count; i += 2) {
    const pair = i + 2 <= count;
    st(at(dPre, i), f64x2.mul(ld(at(dh, i), pair), oneMinusSq(ld(at(hNext, i), pair))), pair);
  }
}

/**
 * One pair (or lane) of an LSTM step in f64 from the four pre-activations: activated gates at q
 * (blocks hb bytes apart), c, tanh(c) and o tanh(c) at cNext, tanhC, hNext; cPrev read at cPrev.
 * Shared by lstm_cell_f64 and recurrent-lstm-rows-f64.ts.
 */
@inline export function lstmStep2(pi: v128, pf: v128, pg: v128, po: v128, q: usize, hb: usize, cPrev: usize, cNext: usize, tanhC: usize, hNext: usize, pair: bool): void {
  const i = sigmoid2d(pi);
  const f = sigmoid2d(pf);
  const g = tanh2d(pg);
  const o = sigmoid2d(po);
  const c = f64x2.add(f64x2.mul(f, ld(cPrev, pair)), f64x2.mul(i, g));
  const tc = tanh2d(c);
  st(q, i, pair);
  st(q + hb, f, pair);
  st(q + 2 * hb, g, pair);
  st(q + 3 * hb, o, pair);
  st(cNext, c, pair);
  st(tanhC, tc, pair);
  st(hNext, f64x2.mul(o, tc), pair);
}

/** lstm_cell_f32 in f64. */
export function lstm_cell_f64(n: i32, h: i32, pre: usize, cPrev: usize, gates: usize, cNext: usize, tanhC: usize, hNext: usize): void {
  const hb = <usize>h << 3;
  for (let b = 0; b < n; b++) {
    const r = b * 4 * h, s = b * h;
    for (let j = 0; j < h; j += 2) {
      const pair = j + 2 <= h;
      // Read all four blocks before writing: gates may equal pre.
      const p = at(pre, r + j);
      lstmStep2(ld(p, pair), ld(p + hb, pair), ld(p + 2 * hb, pair), ld(p + 3 * hb, pair), at(gates, r + j), hb,
        at(cPrev, s + j), at(cNext, s + j), at(tanhC, s + j), at(hNext, s + j), pair);
    }
  }
}

/**
 * One pair (or lane) of an LSTM step's backward in f64: as lstmBackStep of recurrent.ts (dPre at d,
 * blocks hb apart; also at dx when dx != 0; added to the column sums at dBias, blocks hb apart, when
 * dBias != 0). Shared by lstm_cell_backward_f64 and recurrent-lstm-rows-f64.ts.
 */
@inline export function lstmBackStep2(q: usize, hb: usize, cPrev: usize, tanhC: usize, dh: usize, dc: usize, d: usize, dx: usize, dBias: usize, pair: bool): void {
  const i = ld(q, pair), f = ld(q + hb, pair), g = ld(q + 2 * hb, pair), o = ld(q + 3 * hb, pair);
  const tc = ld(tanhC, pair), dhv = ld(dh, pair);
  const dcv = f64x2.add(ld(dc, pair), f64x2.mul(f64x2.mul(dhv, o), oneMinusSq(tc)));
  const di = f64x2.mul(f64x2.mul(dcv, g), sigGrad(i));
  const df = f64x2.mul(f64x2.mul(dcv, ld(cPrev, pair)), sigGrad(f));
  const dg = f64x2.mul(f64x2.mul(dcv, i), oneMinusSq(g));
  const dO = f64x2.mul(f64x2.mul(dhv, tc), sigGrad(o));
  st(d, di, pair);
  st(d + hb, df, pair);
  st(d + 2 * hb, dg, pair);
  st(d + 3 * hb, dO, pair);
  st(dc, f64x2.mul(dcv, f), pair);
  if (dx != 0) {
    st(dx, di, pair);
    st(dx + hb, df, pair);
    st(dx + 2 * hb, dg, pair);
    st(dx + 3 * hb, dO, pair);
  }
  if (dBias != 0) {
    st(dBias, f64x2.add(ld(dBias, pair), di), pair);
    st(dBias + hb, f64x2.add(ld(dBias + hb, pair), df), pair);
    st(dBias + 2 * hb, f64x2.add(ld(dBias + 2 * hb, pair), dg), pair);
    st(dBias + 3 * hb, f64x2.add(ld(dBias + 3 * hb, pair), dO), pair);
  }
}

/** lstm_cell_backward_f32 in f64 (dc in place: dcNext in, dcPrev out). */
export function lstm_cell_backward_f64(n: i32, h: i32, gates: usize, cPrev: usize, tanhC: usize, dh: usize, dc: usize, dPre: usize): void {
  const hb = <usize>h << 3;
  for (let b = 0; b < n; b++) {
    const r = b * 4 * h, s = b * h;
    for (let j = 0; j < h; j += 2) {
      const pair = j + 2 <= h;
      lstmBackStep2(at(gates, r + j), hb, at(cPrev, s + j), at(tanhC, s + j), at(dh, s + j), at(dc, s + j), at(dPre, r + j), 0, 0, pair);
    }
  }
}

/** gru_cell_f32 in f64. */
export function gru_cell_f64(n: i32, h: i32, xp: usize, hp: usize, hPrev: usize, gates: usize, hn: usize, hNext: usize): void {
  for (let b = 0; b < n; b++) {
    const r0 = b * 3 * h, s = b * h;
    for (let j = 0; j < h; j += 2) {
      const pair = j + 2 <= h;
      const r = sigmoid2d(f64x2.add(ld(at(xp, r0 + j), pair), ld(at(hp, r0 + j), pair)));
      const z = sigmoid2d(f64x2.add(ld(at(xp, r0 + h + j), pair), ld(at(hp, r0 + h + j), pair)));
      const hnv = ld(at(hp, r0 + 2 * h + j), pair);
      const nv = tanh2d(f64x2.add(ld(at(xp, r0 + 2 * h + j), pair), f64x2.mul(r, hnv)));
      const prev = ld(at(hPrev, s + j), pair);
      st(at(gates, r0 + j), r, pair);
      st(at(gates, r0 + h + j), z, pair);
      st(at(gates, r0 + 2 * h + j), nv, pair);
      st(at(hn, s + j), hnv, pair);
      st(at(hNext, s + j), f64x2.add(nv, f64x2.mul(z, f64x2.sub(prev, nv))), pair);
    }
  }
}

/** gru_cell_backward_f32 in f64 (adds z dh to dhPrev). */
export function gru_cell_backward_f64(n: i32, h: i32, gates: usize, hn: usize, hPrev: usize, dh: usize, dXp: usize, dHp: usize, dhPrev: usize): void {
  const one = f64x2.splat(1.0);
  for (let b = 0; b < n; b++) {
    const r0 = b * 3 * h, s = b * h;
    for (let j = 0; j < h; j += 2) {
      const pair = j + 2 <= h;
      const r = ld(at(gates, r0 + j), pair), z = ld(at(gates, r0 + h + j), pair), nv = ld(at(gates, r0 + 2 * h + j), pair);
      const d = ld(at(dh, s + j), pair);
      const dn = f64x2.mul(f64x2.mul(d, f64x2.sub(one, z)), oneMinusSq(nv));
      const dz = f64x2.mul(f64x2.mul(d, f64x2.sub(ld(at(hPrev, s + j), pair), nv)), sigGrad(z));
      const dr = f64x2.mul(f64x2.mul(dn, ld(at(hn, s + j), pair)), sigGrad(r));
      st(at(dXp, r0 + j), dr, pair);
      st(at(dXp, r0 + h + j), dz, pair);
      st(at(dXp, r0 + 2 * h + j), dn, pair);
      st(at(dHp, r0 + j), dr, pair);
      st(at(dHp, r0 + h + j), dz, pair);
      st(at(dHp, r0 + 2 * h + j), f64x2.mul(dn, r), pair);
      st(at(dhPrev, s + j), f64x2.add(ld(at(dhPrev, s + j), pair), f64x2.mul(d, z)), pair);
    }
  }
}
