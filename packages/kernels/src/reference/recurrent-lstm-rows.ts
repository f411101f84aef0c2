// Plain-TypeScript reference of assembly/recurrent-lstm-rows.ts (and its f64 twin): the
// pre-activations (xp + hp) + bias in float64, then recurrent.ts's reference cell; the backward's
// dPre copied to the dx rows and its column sums added to the float64 accumulators.
import type { KernelExports } from '../generated/kernel-exports.ts';
import type { Heap } from '../heap.ts';
import { type CellArray, lstmCellBackwardJs, lstmCellJs } from './recurrent.ts';

type LstmRowsKernels = Pick<KernelExports, 'lstm_cell_rows_f32' | 'lstm_cell_backward_rows_f32' | 'lstm_cell_rows_f64' | 'lstm_cell_backward_rows_f64'>;

function rows(v: (p: number, count: number) => CellArray, f64: (p: number, count: number) => Float64Array) {
  const span = (n: number, h: number, ld: number) => (n === 0 ? 0 : (n - 1) * ld + 4 * h);
  return {
    forward(n: number, h: number, xp: number, ldx: number, hp: number, bias: number, cPrev: number, gates: number, cNext: number, tanhC: number, hNext: number): void {
      const x = v(xp, span(n, h, ldx)), p = v(hp, 4 * n * h), bv = bias !== 0 ? v(bias, 4 * h) : null;
      const pre = new Float64Array(4 * n * h);
      for (let b = 0; b < n; b++) {
        for (let j = 0; j < 4 * h; j++) pre[b * 4 * h + j] = x[b * ldx + j]! + p[b * 4 * h + j]! + (bv !== null ? bv[j]! : 0);
      }
      lstmCellJs(n, h, pre, v(cPrev, n * h), v(gates, 4 * n * h), v(cNext, n * h), v(tanhC, n * h), v(hNext, n * h));
    },
    backward(n: number, h: number, gates: number, cPrev: number, tanhC: number, dh: number, dc: number, dPre: number, dx: number, ldx: number, dBias: number): void {
      lstmCellBackwardJs(n, h, v(gates, 4 * n * h), v(cPrev, n * h), v(tanhC, n * h), v(dh, n * h), v(dc, n * h), v(dPre, 4 * n * h));
      const d = v(dPre, 4 * n * h);
      if (dx !== 0) {
        const x = v(dx, span(n, h, ldx));
        for (let b = 0; b < n; b++) for (let j = 0; j < 4 * h; j++) x[b * ldx + j] = d[b * 4 * h + j]!;
      }
      if (dBias !== 0) {
        const sums = f64(dBias, 4 * h);
        for (let b = 0; b < n; b++) for (let j = 0; j < 4 * h; j++) sums[j] = sums[j]! + d[b * 4 * h + j]!;
      }
    },
  };
}

export function lstmRowsReference(heap: Heap): LstmRowsKernels {
  const f64 = (p: number, count: number) => heap.f64(p, count);
  const f = rows((p, count) => heap.f32(p, count), f64), d = rows(f64, f64);
  return {
    lstm_cell_rows_f32: f.forward, lstm_cell_backward_rows_f32: f.backward,
    lstm_cell_rows_f64: d.forward, lstm_cell_backward_rows_f64: d.backward,
  };
}
