// Checked wrappers of assembly/recurrent.ts: one step of an RNN (tanh), LSTM or GRU cell on
// pre-activation rows, forward and backward. n rows (batch), hidden size h; gate matrices are
// [n, G*h] (LSTM i, f, g, o; GRU r, z, n), states [n, h], all contiguous f32. Outputs are allocated
// unless passed. Pointer ranges are checked and outputs may not overlap the other operands, except
// the documented in-place pairs. Empty sizes make no wasm call.
import type { Backend } from '../backend.ts';
import { ShapeError } from '../errors.ts';
import { checkCount, checkF32, outputF32, outputsF32 } from './checks.ts';

interface Operand {
  name: string;
  ptr: number;
  count: number;
}

/** Throws ShapeError when two operands overlap, unless the pair is listed as allowed (same start only). */
function disjoint(what: string, ops: readonly Operand[], allowed: readonly [string, string][] = []): void {
  for (let a = 0; a < ops.length; a++) {
    for (let b = a + 1; b < ops.length; b++) {
      const p = ops[a]!, q = ops[b]!;
      if (p.count === 0 || q.count === 0) continue;
      if (p.ptr >= q.ptr + q.count * 4 || q.ptr >= p.ptr + p.count * 4) continue;
      const ok = p.ptr === q.ptr && allowed.some(([x, y]) => (x === p.name && y === q.name) || (x === q.name && y === p.name));
      if (!ok) throw new ShapeError(`${what}: ${p.name} overlaps ${q.name}; expected separate blocks${allowed.length > 0 ? ` (only ${allowed.map((x) => x.join(' = ')).join(', ')} may coincide)` : ''}`);
    }
  }
}

/**
 * The operand entry of an optional caller-given output, range-checked (none when the wrapper
 * allocates it: a fresh block overlaps nothing). Outputs are checked before anything is allocated.
 */
function given(backend: Backend, what: string, name: string, ptr: number | undefined, count: number): Operand[] {
  if (ptr === undefined) return [];
  checkF32(backend, ptr, count, `${what}: ${name}`);
  return [{ name, ptr, count }];
}

function sizes(what: string, n: number, h: number): void {
  checkCount(n, `${what}: n`);
  checkCount(h, `${what}: h`);
  if (n * h * 4 > 0x7fffffff) throw new ShapeError(`${what}: n * 4h = ${n * h * 4} exceeds the i32 range of the kernels`);
}

/** hNext = tanh(pre) for `count` f32 (out may equal pre). Returns hNext. */
export function rnnCell(backend: Backend, pre: number, count: number, options: { out?: number } = {}): number {
  checkCount(count, 'rnnCell: count');
  checkF32(backend, pre, count, 'rnnCell: pre');
  disjoint('rnnCell', [{ name: 'pre', ptr: pre, count }, ...given(backend, 'rnnCell', 'out', options.out, count)], [['pre', 'out']]);
  const out = outputF32(backend, count, options.out, 'rnnCell: out');
  if (count > 0) backend.kernels.rnn_cell_f32(count, pre, out);
  return out;
}

/** dPre = dh (1 - hNext^2) for `count` f32 (out may equal dh). Returns dPre. */
export function rnnCellBackward(backend: Backend, hNext: number, dh: number, count: number, options: { out?: number } = {}): number {
  checkCount(count, 'rnnCellBackward: count');
  checkF32(backend, hNext, count, 'rnnCellBackward: hNext');
  checkF32(backend, dh, count, 'rnnCellBackward: dh');
  disjoint('rnnCellBackward', [{ name: 'hNext', ptr: hNext, count }, ...given(backend, 'rnnCellBackward', 'out', options.out, count)]);
  disjoint('rnnCellBackward', [{ name: 'dh', ptr: dh, count }, ...given(backend, 'rnnCellBackward', 'out', options.out, count)], [['dh', 'out']]);
  const out = outputF32(backend, count, options.out, 'rnnCellBackward: out');
  if (count > 0) backend.kernels.rnn_cell_backward_f32(count, hNext, dh, out);
  return out;
}

export interface LstmCellParams {
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
  const what = 'lstmCell';
  sizes(what, p.n, p.h);
  const s = p.n * p.h, g = 4 * s;
  checkF32(backend, p.pre, g, `${what}: pre`);
  checkF32(backend, p.cPrev, s, `${what}: cPrev`);
  disjoint(what, [
    { name: 'pre', ptr: p.pre, count: g }, { name: 'cPrev', ptr: p.cPrev, count: s }, ...given(backend, what, 'gates', p.gates, g),
    ...given(backend, what, 'cNext', p.cNext, s), ...given(backend, what, 'tanhC', p.tanhC, s), ...given(backend, what, 'hNext', p.hNext, s),
  ], [['pre', 'gates']]);
  const [gates, cNext, tanhC, hNext] = outputsF32(backend, [
    [g, p.gates, `${what}: gates`], [s, p.cNext, `${what}: cNext`], [s, p.tanhC, `${what}: tanhC`], [s, p.hNext, `${what}: hNext`],
  ]) as [number, number, number, number];
  if (s > 0) backend.kernels.lstm_cell_f32(p.n, p.h, p.pre, p.cPrev, gates, cNext, tanhC, hNext);
  return { gates, cNext, tanhC, hNext };
}

export interface LstmCellBackwardParams {
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

/** LSTM step backward. Returns dPre; dc is updated in place. */
export function lstmCellBackward(backend: Backend, p: LstmCellBackwardParams): number {
  const what = 'lstmCellBackward';
  sizes(what, p.n, p.h);
  const s = p.n * p.h, g = 4 * s;
  checkF32(backend, p.gates, g, `${what}: gates`);
  checkF32(backend, p.cPrev, s, `${what}: cPrev`);
  checkF32(backend, p.tanhC, s, `${what}: tanhC`);
  checkF32(backend, p.dh, s, `${what}: dh`);
  checkF32(backend, p.dc, s, `${what}: dc`);
  const outs: Operand[] = [{ name: 'dc', ptr: p.dc, count: s }, ...given(backend, what, 'dPre', p.dPre, g)];
  disjoint(what, outs);
  for (const o of [{ name: 'gates', ptr: p.gates, count: g }, { name: 'cPrev', ptr: p.cPrev, count: s }, { name: 'tanhC', ptr: p.tanhC, count: s }, { name: 'dh', ptr: p.dh, count: s }]) {
    for (const q of outs) disjoint(what, [q, o]);
  }
  const dPre = outputF32(backend, g, p.dPre, `${what}: dPre`);
  if (s > 0) backend.kernels.lstm_cell_backward_f32(p.n, p.h, p.gates, p.cPrev, p.tanhC, p.dh, p.dc, dPre);
  return dPre;
}

export interface GruCellParams {
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
  const what = 'gruCell';
  sizes(what, p.n, p.h);
  const s = p.n * p.h, g = 3 * s;
  checkF32(backend, p.xp, g, `${what}: xp`);
  checkF32(backend, p.hp, g, `${what}: hp`);
  checkF32(backend, p.hPrev, s, `${what}: hPrev`);
  disjoint(what, [
    { name: 'xp', ptr: p.xp, count: g }, { name: 'hp', ptr: p.hp, count: g }, { name: 'hPrev', ptr: p.hPrev, count: s },
    ...given(backend, what, 'gates', p.gates, g), ...given(backend, what, 'hn', p.hn, s), ...given(backend, what, 'hNext', p.hNext, s),
  ], [['xp', 'gates']]);
  const [gates, hn, hNext] = outputsF32(backend, [
    [g, p.gates, `${what}: gates`], [s, p.hn, `${what}: hn`], [s, p.hNext, `${what}: hNext`],
  ]) as [number, number, number];
  if (s > 0) backend.kernels.gru_cell_f32(p.n, p.h, p.xp, p.hp, p.hPrev, gates, hn, hNext);
  return { gates, hn, hNext };
}

export interface GruCellBackwardParams {
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
  const what = 'gruCellBackward';
  sizes(what, p.n, p.h);
  const s = p.n * p.h, g = 3 * s;
  checkF32(backend, p.gates, g, `${what}: gates`);
  checkF32(backend, p.hn, s, `${what}: hn`);
  checkF32(backend, p.hPrev, s, `${what}: hPrev`);
  checkF32(backend, p.dh, s, `${what}: dh`);
  checkF32(backend, p.dhPrev, s, `${what}: dhPrev`);
  const outs: Operand[] = [...given(backend, what, 'dXp', p.dXp, g), ...given(backend, what, 'dHp', p.dHp, g), { name: 'dhPrev', ptr: p.dhPrev, count: s }];
  disjoint(what, outs);
  for (const o of [{ name: 'gates', ptr: p.gates, count: g }, { name: 'hn', ptr: p.hn, count: s }, { name: 'hPrev', ptr: p.hPrev, count: s }, { name: 'dh', ptr: p.dh, count: s }]) {
    for (const q of outs) disjoint(what, [q, o]);
  }
  const [dXp, dHp] = outputsF32(backend, [[g, p.dXp, `${what}: dXp`], [g, p.dHp, `${what}: dHp`]]) as [number, number];
  if (s > 0) backend.kernels.gru_cell_backward_f32(p.n, p.h, p.gates, p.hn, p.hPrev, p.dh, dXp, dHp, p.dhPrev);
  return { dXp, dHp };
}
