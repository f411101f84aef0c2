// LSTM steps that read their input projection and write its gradient in place in the batch-first
// [N, T, 4h] tensors of a whole sequence (rows ldx floats apart), so the time loop needs no
// time-major copy of either, and whose backward also sums the bias gradient as it goes.
// The cell maths is recurrent.ts's (lstmStep, lstmBackStep): with the same pre-activations the
// results are those of lstm_cell_f32 / lstm_cell_backward_f32 bit for bit.
import { ld, lstmBackStep, lstmStep } from './recurrent';

/**
 * One LSTM step for n rows of hidden size h, pre = (xp + hp) + bias: xp row b at xp + b ldx floats
 * (the step's slice of x W_ih^T + b_ih), hp [n, 4h] contiguous (h W_hh^T, no bias), bias [4h] or 0
 * (none). The sum is the one a GEMM with beta = 1 over xp, then its bias, makes. Writes the
 * activated gates [n, 4h] (may equal hp), cNext, tanhC and hNext [n, h] as lstm_cell_f32 does.
 */
export function lstm_cell_rows_f32(n: i32, h: i32, xp: usize, ldx: i32, hp: usize, bias: usize,
  cPrev: usize, gates: usize, cNext: usize, tanhC: usize, hNext: usize): void {
  const hb = <usize>h << 2;
  for (let b = 0; b < n; b++) {
    const x = xp + <usize>b * (<usize>ldx << 2), row = <usize>b * hb * 4, srow = <usize>b * hb;
    let j = 0;
    for (; j + 4 <= h; j += 4) preLanes(x, hp + row, bias, <usize>j << 2, hb, gates + row, cPrev + srow, cNext + srow, tanhC + srow, hNext + srow, true);
    for (; j < h; j++) preLanes(x, hp + row, bias, <usize>j << 2, hb, gates + row, cPrev + srow, cNext + srow, tanhC + srow, hNext + srow, false);
  }
}

/** (x + p) + bias of one block at byte offset k of a row. */
@inline function pre(x: usize, p: usize, bias: usize, k: usize, vec: bool): v128 {
  const v = f32x4.add(ld(x + k, vec), ld(p + k, vec));
  return bias != 0 ? f32x4.add(v, ld(bias + k, vec)) : v;
}

@inline function preLanes(x: usize, p: usize, bias: usize, o: usize, hb: usize, q: usize, cPrev: usize, cNext: usize, tanhC: usize, hNext: usize, vec: bool): void {
  // Read all four blocks before writing: gates may equal hp.
  lstmStep(pre(x, p, bias, o, vec), pre(x, p, bias, o + hb, vec), pre(x, p, bias, o + 2 * hb, vec), pre(x, p, bias, o + 3 * hb, vec),
    q + o, hb, cPrev + o, cNext + o, tanhC + o, hNext + o, vec);
}

/**
 * LSTM step backward as lstm_cell_backward_f32 (dPre [n, 4h] contiguous, dc in place), which also
 * writes dPre's rows to dx (row b at dx + b ldx floats; dx = 0: not written) and adds its column
 * sums to dBias, 4h f64 accumulators (0: not summed), rows in order.
 */
export function lstm_cell_backward_rows_f32(n: i32, h: i32, gates: usize, cPrev: usize, tanhC: usize, dh: usize, dc: usize,
  dPre: usize, dx: usize, ldx: i32, dBias: usize): void {
  const hb = <usize>h << 2;
  for (let b = 0; b < n; b++) {
    const row = <usize>b * hb * 4, srow = <usize>b * hb;
    const x = dx != 0 ? dx + <usize>b * (<usize>ldx << 2) : 0;
    let j = 0;
    for (; j + 4 <= h; j += 4) {
      const o = <usize>j << 2;
      lstmBackStep(gates + row + o, hb, cPrev + srow + o, tanhC + srow + o, dh + srow + o, dc + srow + o, dPre + row + o,
        x != 0 ? x + o : 0, dBias != 0 ? dBias + 2 * o : 0, true);
    }
    for (; j < h; j++) {
      const o = <usize>j << 2;
      lstmBackStep(gates + row + o, hb, cPrev + srow + o, tanhC + srow + o, dh + srow + o, dc + srow + o, dPre + row + o,
        x != 0 ? x + o : 0, dBias != 0 ? dBias + 2 * o : 0, false);
    }
  }
}
