// recurrent-lstm-rows.ts in f64: the same arguments, ldx in elements, on recurrent-f64.ts's step
// maths (lstmStep2, lstmBackStep2); the bias gradient sums are f64 like everything else here.
import { at, ld, lstmBackStep2, lstmStep2 } from './recurrent-f64';

/** (x + p) + bias of one block at byte offset k of a row. */
@inline function pre(x: usize, p: usize, bias: usize, k: usize, pair: bool): v128 {
  const v = f64x2.add(ld(x + k, pair), ld(p + k, pair));
  return bias != 0 ? f64x2.add(v, ld(bias + k, pair)) : v;
}

/** lstm_cell_rows_f32 in f64. */
export function lstm_cell_rows_f64(n: i32, h: i32, xp: usize, ldx: i32, hp: usize, bias: usize,
  cPrev: usize, gates: usize, cNext: usize, tanhC: usize, hNext: usize): void {
  const hb = <usize>h << 3;
  for (let b = 0; b < n; b++) {
    const x = at(xp, b * ldx), p = at(hp, b * 4 * h), s = b * h;
    for (let j = 0; j < h; j += 2) {
      const pair = j + 2 <= h, o = <usize>j << 3;
      // Read all four blocks before writing: gates may equal hp.
      lstmStep2(pre(x, p, bias, o, pair), pre(x, p, bias, o + hb, pair), pre(x, p, bias, o + 2 * hb, pair), pre(x, p, bias, o + 3 * hb, pair),
        at(gates, b * 4 * h + j), hb, at(cPrev, s + j), at(cNext, s + j), at(tanhC, s + j), at(hNext, s + j), pair);
    }
  }
}

/** lstm_cell_backward_rows_f32 in f64 (dBias: 4h f64 sums). */
export function lstm_cell_backward_rows_f64(n: i32, h: i32, gates: usize, cPrev: usize, tanhC: usize, dh: usize, dc: usize,
  dPre: usize, dx: usize, ldx: i32, dBias: usize): void {
  const hb = <usize>h << 3;
  for (let b = 0; b < n; b++) {
    const r = b * 4 * h, s = b * h;
    const x = dx != 0 ? at(dx, b * ldx) : 0;
    for (let j = 0; j < h; j += 2) {
      const pair = j + 2 <= h;
      lstmBackStep2(at(gates, r + j), hb, at(cPrev, s + j), at(tanhC, s + j), at(dh, s + j), at(dc, s + j), at(dPre, r + j),
        x != 0 ? at(x, j) : 0, dBias != 0 ? at(dBias, j) : 0, pair);
    }
  }
}
