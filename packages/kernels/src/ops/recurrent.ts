// Checked wrappers of assembly/recurrent.ts: one step of an RNN (tanh), LSTM or GRU cell on
// pre-activation rows, forward and backward. n rows (batch), hidden size h; gate matrices are
// [n, G*h] (LSTM i, f, g, o; GRU r, z, n), states [n, h], all contiguous, of `dtype` (float32 by
// default, or float64). Outputs are allocated unless passed. Pointer ranges are checked and
// outputs may not overlap the other operands, except the documented in-place pairs. Empty sizes
// make no wasm call.
import type { Backend } from '../backend.ts';
import { ShapeError } from '../errors.ts';
import { checkCount, checkData, outputData, outputsF32 } from './checks.ts';
import { type DTypeOption, type KernelTable, kernelTable, type RawKernel, type ResolvedKernel, resolveKernel } from './dtype.ts';

const RNN: KernelTable = kernelTable({ float32: 'rnn_cell_f32', float64: 'rnn_cell_f64' });
const RNN_BACKWARD: KernelTable = kernelTable({ float32: 'rnn_cell_backward_f32', float64: 'rnn_cell_backward_f64' });
const LSTM: KernelTable = kernelTable({ float32: 'lstm_cell_f32', float64: 'lstm_cell_f64' });
const LSTM_BACKWARD: KernelTable = kernelTable({ float32: 'lstm_cell_backward_f32', float64: 'lstm_cell_backward_f64' });
const GRU: KernelTable = kernelTable({ float32: 'gru_cell_f32', float64: 'gru_cell_f64' });
const GRU_BACKWARD: KernelTable = kernelTable({ float32: 'gru_cell_backward_f32', float64: 'gru_cell_backward_f64' });

/** The table's export for `dtype` (DTypeError when it has none), before anything is checked. */
export function kernelOf(table: KernelTable, dtype: unknown, what: string): ResolvedKernel {
  return dtype === undefined ? table.float32! : resolveKernel(table, dtype, what);
}

export const call = (backend: Backend, k: ResolvedKernel) => backend.kernels[k.name] as unknown as RawKernel;

export interface Operand {
  name: string;
  ptr: number;
  /** Bytes (element count times element size). */
  count: number;
}

/** Throws ShapeError when two operands overlap, unless the pair is listed as allowed (same start only). */
export function disjoint(what: string, ops: readonly Operand[], allowed: readonly [string, string][] = []): void {
  for (let a = 0; a < ops.length; a++) {
    for (let b = a + 1; b < ops.length; b++) {
      const p = ops[a]!, q = ops[b]!;
      if (p.count === 0 || q.count === 0) continue;
      if (p.ptr >= q.ptr + q.count || q.ptr >= p.ptr + p.count) continue;
      const ok = p.ptr === q.ptr && allowed.some(([x, y]) => (x === p.name && y === q.name) || (x === q.name && y === p.name));
      if (!ok) throw new ShapeError(`${what}: ${p.name} overlaps ${q.name}; expected separate blocks${allowed.length > 0 ? ` (only ${allowed.map((x) => x.join(' = ')).join(', ')} may coincide)` : ''}`);
    }
  }
}

/**
 * The operand entry of an optional caller-given output, range-checked (none when the wrapper
 * allocates it: a fresh block overlaps nothing). Outputs are checked before anything is allocated.
 */
export function given(backend: Backend, bytes: number, what: string, name: string, ptr: number | undefined, count: number): Operand[] {
  if (ptr === undefined) return [];
  checkData(backend, ptr, count, bytes, `${what}: ${name}`);
  return [{ name, ptr, count: count * bytes }];
}

export function sizes(what: string, n: number, h: number): void {
  checkCount(n, `${what}: n`);
  checkCount(h, `${what}: h`);
  if (n * h * 4 > 0x7fffffff) throw new ShapeError(`${what}: n * 4h = ${n * h * 4} exceeds the i32 range of the kernels`);
}

/** hNext = tanh(pre) for `count` elements (out may equal pre). Returns hNext. */
export function rnnCell(backend: Backend, pre: number, count: number, options: { out?: number } & DTypeOption = {}): number {
  const k = kernelOf(RNN, options.dtype, 'rnnCell'), b = k.info.bytes;
  checkCount(count, 'rnnCell: count');
  checkData(backend, pre, count, b, 'rnnCell: pre');
  disjoint('rnnCell', [{ name: 'pre', ptr: pre, count: count * b }, ...given(backend, b, 'rnnCell', 'out', options.out, count)], [['pre', 'out']]);
  const out = outputData(backend, count, b, options.out, 'rnnCell: out');
  if (count > 0) call(backend, k)(count, pre, out);
  return out;
}

/** dPre = dh (1 - hNext^2) for `count` elements (out may equal dh). Returns dPre. */
export function rnnCellBackward(backend: Backend, hNext: number, dh: number, count: number, options: { out?: number } & DTypeOption = {}): number {
  const what = 'rnnCellBackward', k = kernelOf(RNN_BACKWARD, options.dtype, what), b = k.info.bytes;
  checkCount(count, `${what}: count`);
  checkData(backend, hNext, count, b, `${what}: hNext`);
  checkData(backend, dh, count, b, `${what}: dh`);
  const out0 = given(backend, b, what, 'out', options.out, count);
  disjoint(what, [{ name: 'hNext', ptr: hNext, count: count * b }, ...out0]);
  disjoint(what, [{ name: 'dh', ptr: dh, count: count * b }, ...out0], [['dh', 'out']]);
  const out = outputData(backend, count, b, options.out, `${what}: out`);
  if (count > 0) call(backend, k)(count, hNext, dh, out);
  return out;
}

export interface LstmCellParams extends DTypeOption {
  n: number; h: number;
  /** [n, 4h] pre-activations x W_ih^T + b_ih + h W_hh^T + b_hh. */
  pre: number;
  /** [n, h] */
  cPrev: number;
  /** Outputs: gates [n, 4h] (may equal pre), cNext, tanhC, hNext [n, h]. */
  gates?: number; cNext?: number; tanhC?: number; hNext?: number;
}

/** One LSTM step: gates i, f, o = sigmoid, g = tanh; cNext = f cPrev + i g; hNext = o tanh(cNext). */
export function lstmCell(backend: Backend, p: LstmCellParams): { gates: number; cNext: number; tanhC: number; hNext: number } {
  const what = 'lstmCell', k = kernelOf(LSTM, p.dtype, what), b = k.info.bytes;
  sizes(what, p.n, p.h);
  const s = p.n * p.h, g = 4 * s;
  checkData(backend, p.pre, g, b, `${what}: pre`);
  checkData(backend, p.cPrev, s, b, `${what}: cPrev`);
  disjoint(what, [
    { name: 'pre', ptr: p.pre, count: g * b }, { name: 'cPrev', ptr: p.cPrev, count: s * b }, ...given(backend, b, what, 'gates', p.gates, g),
    ...given(backend, b, what, 'cNext', p.cNext, s), ...given(backend, b, what, 'tanhC', p.tanhC, s), ...given(backend, b, what, 'hNext', p.hNext, s),
  ], [['pre', 'gates']]);
  const [gates, cNext, tanhC, hNext] = outputsF32(backend, [
    [g, p.gates, `${what}: gates`, b], [s, p.cNext, `${what}: cNext`, b], [s, p.tanhC, `${what}: tanhC`, b], [s, p.hNext, `${what}: hNext`, b],
  ]) as [number, number, number, number];
  if (s > 0) call(backend, k)(p.n, p.h, p.pre, p.cPrev, gates, cNext, tanhC, hNext);
  return { gates, cNext, tanhC, hNext };
}

export interface LstmCellBackwardParams extends DTypeOption {
  n: number; h: number;
  /** Forward results: activated gates [n, 4h], cPrev and tanh(cNext) [n, h]. */
  gates: number; cPrev: number; tanhC: number;
  /** Gradient of hNext [n, h]. */
  dh: number;
  /** [n, h], in place: the gradient of cNext on entry, that of cPrev on return. */
  dc: number;
  /** Output [n, 4h], the gradient of pre. */
  dPre?: number;
}

/** Checks every output against every input (outputs are also pairwise disjoint). */
export function outputsApart(what: string, outs: readonly Operand[], ins: readonly Operand[]): void {
  disjoint(what, outs);
  for (const o of ins) for (const q of outs) disjoint(what, [q, o]);
}

/** LSTM step backward. Returns dPre; dc is updated in place. */
export function lstmCellBackward(backend: Backend, p: LstmCellBackwardParams): number {
  const what = 'lstmCellBackward', k = kernelOf(LSTM_BACKWARD, p.dtype, what), b = k.info.bytes;
  sizes(what, p.n, p.h);
  const s = p.n * p.h, g = 4 * s;
  checkData(backend, p.gates, g, b, `${what}: gates`);
  checkData(backend, p.cPrev, s, b, `${what}: cPrev`);
  checkData(backend, p.tanhC, s, b, `${what}: tanhC`);
  checkData(backend, p.dh, s, b, `${what}: dh`);
  checkData(backend, p.dc, s, b, `${what}: dc`);
  outputsApart(what, [{ name: 'dc', ptr: p.dc, count: s * b }, ...given(backend, b, what, 'dPre', p.dPre, g)], [
    { name: 'gates', ptr: p.gates, count: g * b }, { name: 'cPrev', ptr: p.cPrev, count: s * b }, { name: 'tanhC', ptr: p.tanhC, count: s * b },
    { name: 'dh', ptr: p.dh, count: s * b },
  ]);
  const dPre = outputData(backend, g, b, p.dPre, `${what}: dPre`);
  if (s > 0) call(backend, k)(p.n, p.h, p.gates, p.cPrev, p.tanhC, p.dh, p.dc, dPre);
  return dPre;
}

export interface GruCellParams extends DTypeOption {
  n: number; h: number;
  /** [n, 3h] x W_ih^T + b_ih, and [n, 3h] hPrev W_hh^T + b_hh. */
  xp: number; hp: number;
  /** [n, h] */
  hPrev: number;
  /** Outputs: gates [n, 3h] (may equal xp), hn (the n block of hp) and hNext [n, h]. */
  gates?: number; hn?: number; hNext?: number;
}

/** One GRU step: r, z = sigmoid, n = tanh(xn + r hn), hNext = n + z (hPrev - n). */
export function gruCell(backend: Backend, p: GruCellParams): { gates: number; hn: number; hNext: number } {
  const what = 'gruCell', k = kernelOf(GRU, p.dtype, what), b = k.info.bytes;
  sizes(what, p.n, p.h);
  const s = p.n * p.h, g = 3 * s;
  checkData(backend, p.xp, g, b, `${what}: xp`);
  checkData(backend, p.hp, g, b, `${what}: hp`);
  checkData(backend, p.hPrev, s, b, `${what}: hPrev`);
  disjoint(what, [
    { name: 'xp', ptr: p.xp, count: g * b }, { name: 'hp', ptr: p.hp, count: g * b }, { name: 'hPrev', ptr: p.hPrev, count: s * b },
    ...given(backend, b, what, 'gates', p.gates, g), ...given(backend, b, what, 'hn', p.hn, s), ...given(backend, b, what, 'hNext', p.hNext, s),
  ], [['xp', 'gates']]);
  const [gates, hn, hNext] = outputsF32(backend, [
    [g, p.gates, `${what}: gates`, b], [s, p.hn, `${what}: hn`, b], [s, p.hNext, `${what}: hNext`, b],
  ]) as [number, number, number];
  if (s > 0) call(backend, k)(p.n, p.h, p.xp, p.hp, p.hPrev, gates, hn, hNext);
  return { gates, hn, hNext };
}

export interface GruCellBackwardParams extends DTypeOption {
  n: number; h: number;
  /** Forward results: gates [n, 3h] (r, z, n), hn and hPrev [n, h]. */
  gates: number; hn: number; hPrev: number;
  /** Gradient of hNext [n, h]. */
  dh: number;
  /** [n, h], accumulated in place: += z dh (the path that bypasses W_hh). */
  dhPrev: number;
  /** Outputs [n, 3h]: gradients of xp and of hp. */
  dXp?: number; dHp?: number;
}

/** GRU step backward. Returns dXp and dHp; dhPrev is accumulated in place. */
export function gruCellBackward(backend: Backend, p: GruCellBackwardParams): { dXp: number; dHp: number } {
  const what = 'gruCellBackward', k = kernelOf(GRU_BACKWARD, p.dtype, what), b = k.info.bytes;
  sizes(what, p.n, p.h);
  const s = p.n * p.h, g = 3 * s;
  checkData(backend, p.gates, g, b, `${what}: gates`);
  checkData(backend, p.hn, s, b, `${what}: hn`);
  checkData(backend, p.hPrev, s, b, `${what}: hPrev`);
  checkData(backend, p.dh, s, b, `${what}: dh`);
  checkData(backend, p.dhPrev, s, b, `${what}: dhPrev`);
  outputsApart(what, [...given(backend, b, what, 'dXp', p.dXp, g), ...given(backend, b, what, 'dHp', p.dHp, g), { name: 'dhPrev', ptr: p.dhPrev, count: s * b }], [
    { name: 'gates', ptr: p.gates, count: g * b }, { name: 'hn', ptr: p.hn, count: s * b }, { name: 'hPrev', ptr: p.hPrev, count: s * b }, { name: 'dh', ptr: p.dh, count: s * b },
  ]);
  const [dXp, dHp] = outputsF32(backend, [[g, p.dXp, `${what}: dXp`, b], [g, p.dHp, `${what}: dHp`, b]]) as [number, number];
  if (s > 0) call(backend, k)(p.n, p.h, p.gates, p.hn, p.hPrev, p.dh, dXp, dHp, p.dhPrev);
  return { dXp, dHp };
}
