// Checked wrappers of assembly/recurrent-lstm-rows.ts (and its f64 twin): an LSTM step that reads
// its input projection, and writes that projection's gradient, as rows of a larger tensor (row b at
// b * ldx elements, 4h wide: one time step of a batch-first [N, T, 4h] sequence has ldx = T * 4h),
// and whose backward adds the bias gradient's column sums to float64 accumulators. The other
// operands are contiguous, as in lstmCell / lstmCellBackward. Empty sizes make no wasm call.
import type { Backend } from '../backend.ts';
import { ShapeError } from '../errors.ts';
import { checkCount, checkData, outputData, outputsF32 } from './checks.ts';
import { type DTypeOption, type KernelTable, kernelTable } from './dtype.ts';
import { call, disjoint, given, kernelOf, type LstmCellBackwardParams, type Operand, outputsApart, sizes } from './recurrent.ts';

const LSTM_ROWS: KernelTable = kernelTable({ float32: 'lstm_cell_rows_f32', float64: 'lstm_cell_rows_f64' });
const LSTM_BACKWARD_ROWS: KernelTable = kernelTable({ float32: 'lstm_cell_backward_rows_f32', float64: 'lstm_cell_backward_rows_f64' });

/** The elements rows of 4h at stride ldx span ((n - 1) ldx + 4h; 0 when n or h is 0), after checking ldx >= 4h. */
function rowsSpan(what: string, name: string, n: number, h: number, ldx: number): number {
  checkCount(ldx, `${what}: ${name} row stride`);
  if (ldx < 4 * h) throw new ShapeError(`${what}: ${name} row stride ${ldx} is smaller than the row length 4h = ${4 * h}`);
  const span = n === 0 || h === 0 ? 0 : (n - 1) * ldx + 4 * h;
  if (span > 0x7fffffff) throw new ShapeError(`${what}: ${name} spans ${span} elements, beyond the i32 range of the kernels`);
  return span;
}

export interface LstmCellRowsParams extends DTypeOption {
  n: number; h: number;
  /** Rows of the input projection x W_ih^T + b_ih: row b (4h elements) at xp + b ldx elements. */
  xp: number; ldx: number;
  /** [n, 4h] the recurrent projection h W_hh^T, without its bias. */
  hp: number;
  /** [4h] added after xp + hp (b_hh), or absent. */
  bias?: number;
  /** [n, h] */
  cPrev: number;
  /** Outputs: gates [n, 4h] (may equal hp), cNext, tanhC, hNext [n, h]. */
  gates?: number; cNext?: number; tanhC?: number; hNext?: number;
}

/** lstmCell on pre = (xp row + hp) + bias. */
export function lstmCellRows(backend: Backend, p: LstmCellRowsParams): { gates: number; cNext: number; tanhC: number; hNext: number } {
  const what = 'lstmCellRows', k = kernelOf(LSTM_ROWS, p.dtype, what), b = k.info.bytes;
  sizes(what, p.n, p.h);
  const s = p.n * p.h, g = 4 * s, span = rowsSpan(what, 'xp', p.n, p.h, p.ldx);
  checkData(backend, p.xp, span, b, `${what}: xp`);
  checkData(backend, p.hp, g, b, `${what}: hp`);
  if (p.bias !== undefined) checkData(backend, p.bias, 4 * p.h, b, `${what}: bias`);
  checkData(backend, p.cPrev, s, b, `${what}: cPrev`);
  const ins: Operand[] = [
    { name: 'xp', ptr: p.xp, count: span * b }, { name: 'cPrev', ptr: p.cPrev, count: s * b },
    ...(p.bias !== undefined ? [{ name: 'bias', ptr: p.bias, count: 4 * p.h * b }] : []),
  ];
  const outs = [
    ...given(backend, b, what, 'cNext', p.cNext, s), ...given(backend, b, what, 'tanhC', p.tanhC, s), ...given(backend, b, what, 'hNext', p.hNext, s),
  ];
  outputsApart(what, [...outs, ...given(backend, b, what, 'gates', p.gates, g)], ins);
  disjoint(what, [{ name: 'hp', ptr: p.hp, count: g * b }, ...given(backend, b, what, 'gates', p.gates, g), ...outs], [['hp', 'gates']]);
  const [gates, cNext, tanhC, hNext] = outputsF32(backend, [
    [g, p.gates, `${what}: gates`, b], [s, p.cNext, `${what}: cNext`, b], [s, p.tanhC, `${what}: tanhC`, b], [s, p.hNext, `${what}: hNext`, b],
  ]) as [number, number, number, number];
  if (s > 0) call(backend, k)(p.n, p.h, p.xp, p.ldx, p.hp, p.bias ?? 0, p.cPrev, gates, cNext, tanhC, hNext);
  return { gates, cNext, tanhC, hNext };
}

export interface LstmCellBackwardRowsParams extends LstmCellBackwardParams {
  /** A second copy of dPre's rows: row b at dx + b ldx elements (not written when absent). */
  dx?: number; ldx?: number;
  /** [4h] float64 (whatever dtype is): dPre's column sums are added to it (when given). */
  dBias?: number;
}

/** lstmCellBackward that also writes dPre's rows to dx and adds its column sums to dBias. Returns dPre. */
export function lstmCellBackwardRows(backend: Backend, p: LstmCellBackwardRowsParams): number {
  const what = 'lstmCellBackwardRows', k = kernelOf(LSTM_BACKWARD_ROWS, p.dtype, what), b = k.info.bytes;
  sizes(what, p.n, p.h);
  const s = p.n * p.h, g = 4 * s;
  if ((p.dx === undefined) !== (p.ldx === undefined)) throw new ShapeError(`${what}: dx and ldx come together; got ${p.dx === undefined ? 'ldx' : 'dx'} alone`);
  const span = p.dx === undefined ? 0 : rowsSpan(what, 'dx', p.n, p.h, p.ldx!);
  for (const [name, ptr] of [['gates', p.gates], ['cPrev', p.cPrev], ['tanhC', p.tanhC], ['dh', p.dh], ['dc', p.dc]] as const) {
    checkData(backend, ptr, name === 'gates' ? g : s, b, `${what}: ${name}`);
  }
  const outs: Operand[] = [
    { name: 'dc', ptr: p.dc, count: s * b }, ...given(backend, b, what, 'dPre', p.dPre, g),
    ...given(backend, b, what, 'dx', p.dx, span), ...given(backend, 8, what, 'dBias', p.dBias, 4 * p.h),
  ];
  outputsApart(what, outs, [
    { name: 'gates', ptr: p.gates, count: g * b }, { name: 'cPrev', ptr: p.cPrev, count: s * b }, { name: 'tanhC', ptr: p.tanhC, count: s * b },
    { name: 'dh', ptr: p.dh, count: s * b },
  ]);
  const dPre = outputData(backend, g, b, p.dPre, `${what}: dPre`);
  if (s > 0) call(backend, k)(p.n, p.h, p.gates, p.cPrev, p.tanhC, p.dh, p.dc, dPre, p.dx ?? 0, p.ldx ?? 0, p.dBias ?? 0);
  return dPre;
}
