// Plain-TypeScript reference of assembly/recurrent.ts: float64 maths per element, results rounded
// as they are stored. The cell functions work on any float arrays (views starting at element 0
// of each operand), so a float64 caller can run the same formulas on Float64Array data.
import type { KernelExports } from '../generated/kernel-exports.ts';
import type { Heap } from '../heap.ts';

type RecurrentKernels = Pick<
  KernelExports,
  | 'rnn_cell_f32' | 'rnn_cell_backward_f32' | 'lstm_cell_f32' | 'lstm_cell_backward_f32' | 'gru_cell_f32' | 'gru_cell_backward_f32'
  | 'rnn_cell_f64' | 'rnn_cell_backward_f64' | 'lstm_cell_f64' | 'lstm_cell_backward_f64' | 'gru_cell_f64' | 'gru_cell_backward_f64'
>;

/** A float array: the operands of the cell functions. */
export type CellArray = Float32Array | Float64Array;

const sigmoid = (x: number) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));

/** hNext = tanh(pre) for `count` elements. */
export function rnnCellJs(count: number, pre: CellArray, hNext: CellArray): void {
  for (let i = 0; i < count; i++) hNext[i] = Math.tanh(pre[i]!);
}

/** dPre = dh (1 - hNext^2). */
export function rnnCellBackwardJs(count: number, hNext: CellArray, dh: CellArray, dPre: CellArray): void {
  for (let i = 0; i < count; i++) dPre[i] = dh[i]! * (1 - hNext[i]! * hNext[i]!);
}

/** LSTM step (see lstm_cell_f32): gates [n, 4h] may be pre. */
export function lstmCellJs(n: number, h: number, pre: CellArray, cPrev: CellArray, gates: CellArray, cNext: CellArray, tanhC: CellArray, hNext: CellArray): void {
  for (let b = 0; b < n; b++) {
    const r = b * 4 * h, s = b * h;
    for (let j = 0; j < h; j++) {
      const i = sigmoid(pre[r + j]!), f = sigmoid(pre[r + h + j]!), g = Math.tanh(pre[r + 2 * h + j]!), o = sigmoid(pre[r + 3 * h + j]!);
      const c = f * cPrev[s + j]! + i * g;
      const tc = Math.tanh(c);
      gates[r + j] = i;
      gates[r + h + j] = f;
      gates[r + 2 * h + j] = g;
      gates[r + 3 * h + j] = o;
      cNext[s + j] = c;
      tanhC[s + j] = tc;
      hNext[s + j] = o * tc;
    }
  }
}

/** LSTM step backward (see lstm_cell_backward_f32): dc is read (dcNext) and overwritten (dcPrev). */
export function lstmCellBackwardJs(n: number, h: number, gates: CellArray, cPrev: CellArray, tanhC: CellArray, dh: CellArray, dc: CellArray, dPre: CellArray): void {
  for (let b = 0; b < n; b++) {
    const r = b * 4 * h, s = b * h;
    for (let j = 0; j < h; j++) {
      const i = gates[r + j]!, f = gates[r + h + j]!, g = gates[r + 2 * h + j]!, o = gates[r + 3 * h + j]!;
      const tc = tanhC[s + j]!, d = dh[s + j]!;
      const dcv = dc[s + j]! + d * o * (1 - tc * tc);
      dPre[r + j] = dcv * g * i * (1 - i);
      dPre[r + h + j] = dcv * cPrev[s + j]! * f * (1 - f);
      dPre[r + 2 * h + j] = dcv * i * (1 - g * g);
      dPre[r + 3 * h + j] = d * tc * o * (1 - o);
      dc[s + j] = dcv * f;
    }
  }
}

/** GRU step (see gru_cell_f32): gates [n, 3h] may be xp. */
export function gruCellJs(n: number, h: number, xp: CellArray, hp: CellArray, hPrev: CellArray, gates: CellArray, hn: CellArray, hNext: CellArray): void {
  for (let b = 0; b < n; b++) {
    const r0 = b * 3 * h, s = b * h;
    for (let j = 0; j < h; j++) {
      const r = sigmoid(xp[r0 + j]! + hp[r0 + j]!);
      const z = sigmoid(xp[r0 + h + j]! + hp[r0 + h + j]!);
      const hnv = hp[r0 + 2 * h + j]!;
      const nv = Math.tanh(xp[r0 + 2 * h + j]! + r * hnv);
      const prev = hPrev[s + j]!;
      gates[r0 + j] = r;
      gates[r0 + h + j] = z;
      gates[r0 + 2 * h + j] = nv;
      hn[s + j] = hnv;
      hNext[s + j] = nv + z * (prev - nv);
    }
  }
}

/** GRU step backward (see gru_cell_backward_f32): adds z dh to dhPrev. */
export function gruCellBackwardJs(
  n: number, h: number, gates: CellArray, hn: CellArray, hPrev: CellArray, dh: CellArray, dXp: CellArray, dHp: CellArray, dhPrev: CellArray,
): void {
  for (let b = 0; b < n; b++) {
    const r0 = b * 3 * h, s = b * h;
    for (let j = 0; j < h; j++) {
      const r = gates[r0 + j]!, z = gates[r0 + h + j]!, nv = gates[r0 + 2 * h + j]!;
      const d = dh[s + j]!;
      const dn = d * (1 - z) * (1 - nv * nv);
      const dz = d * (hPrev[s + j]! - nv) * z * (1 - z);
      const dr = dn * hn[s + j]! * r * (1 - r);
      dXp[r0 + j] = dr;
      dXp[r0 + h + j] = dz;
      dXp[r0 + 2 * h + j] = dn;
      dHp[r0 + j] = dr;
      dHp[r0 + h + j] = dz;
      dHp[r0 + 2 * h + j] = dn * r;
      dhPrev[s + j] = dhPrev[s + j]! + d * z;
    }
  }
}

/** The six cells on views made per call (memory may grow between calls); in-place operands share one view. */
function cells(v: (p: number, count: number) => CellArray) {
  return {
    rnn: (count: number, pre: number, hNext: number) => rnnCellJs(count, v(pre, count), v(hNext, count)),
    rnnBack: (count: number, hNext: number, dh: number, dPre: number) => rnnCellBackwardJs(count, v(hNext, count), v(dh, count), v(dPre, count)),
    lstm: (n: number, h: number, pre: number, cPrev: number, gates: number, cNext: number, tanhC: number, hNext: number) =>
      lstmCellJs(n, h, v(pre, 4 * n * h), v(cPrev, n * h), v(gates, 4 * n * h), v(cNext, n * h), v(tanhC, n * h), v(hNext, n * h)),
    lstmBack: (n: number, h: number, gates: number, cPrev: number, tanhC: number, dh: number, dc: number, dPre: number) =>
      lstmCellBackwardJs(n, h, v(gates, 4 * n * h), v(cPrev, n * h), v(tanhC, n * h), v(dh, n * h), v(dc, n * h), v(dPre, 4 * n * h)),
    gru: (n: number, h: number, xp: number, hp: number, hPrev: number, gates: number, hn: number, hNext: number) =>
      gruCellJs(n, h, v(xp, 3 * n * h), v(hp, 3 * n * h), v(hPrev, n * h), v(gates, 3 * n * h), v(hn, n * h), v(hNext, n * h)),
    gruBack: (n: number, h: number, gates: number, hn: number, hPrev: number, dh: number, dXp: number, dHp: number, dhPrev: number) =>
      gruCellBackwardJs(n, h, v(gates, 3 * n * h), v(hn, n * h), v(hPrev, n * h), v(dh, n * h), v(dXp, 3 * n * h), v(dHp, 3 * n * h), v(dhPrev, n * h)),
  };
}

export function recurrentReference(heap: Heap): RecurrentKernels {
  const f = cells((p, count) => heap.f32(p, count)), d = cells((p, count) => heap.f64(p, count));
  return {
    rnn_cell_f32: f.rnn, rnn_cell_backward_f32: f.rnnBack, lstm_cell_f32: f.lstm, lstm_cell_backward_f32: f.lstmBack, gru_cell_f32: f.gru, gru_cell_backward_f32: f.gruBack,
    rnn_cell_f64: d.rnn, rnn_cell_backward_f64: d.rnnBack, lstm_cell_f64: d.lstm, lstm_cell_backward_f64: d.lstmBack, gru_cell_f64: d.gru, gru_cell_backward_f64: d.gruBack,
  };
}
