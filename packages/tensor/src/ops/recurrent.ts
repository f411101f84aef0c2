// The time loop of an RNN (tanh), LSTM or GRU layer as ONE differentiable op. float32 keeps every
// buffer in wasm memory: per step one GEMM (h_{t-1} W_hh^T + b_hh accumulated into the step's
// pre-activation block; an LSTM's GEMM writes h_{t-1} W_hh^T alone and its cell adds the step's
// rows of xp and b_hh in place, so xp is never copied) and one fused cell kernel; backpropagation
// through time runs one cell backward kernel and one GEMM (dh_{t-1}) per step, then one GEMM for
// dW_hh over all steps and a column sum for db_hh (an LSTM's cell backward writes dx's rows and
// sums db_hh in float64 as it goes). float64 runs the same schedule on the float64 GEMM, copy, reduce and cell
// kernels: every step is one call per kernel whatever the dtype. Internal states are time-major
// ([T][N][...]) so each step's block is contiguous.
// Gate layouts follow PyTorch: LSTM i, f, g, o; GRU r, z, n (n = tanh(x_n + r (W_hn h + b_hn))).
import { cast, copy, fill, gemm, gruCell, gruCellBackward, lstmCellBackwardRows, lstmCellRows, reduce, rnnCell, rnnCellBackward } from '@neurite/kernels';
import { BYTES_PER_ELEMENT } from '../dtype.ts';
import { record } from '../autograd/record.ts';
import { atomic } from '../scope.ts';
import { DTypeError, ShapeError } from '../errors.ts';
import { runtimeUnchecked } from '../runtime.ts';
import { checkTensor, emptyTensor, type Tensor } from '../tensor.ts';
import { checkOneOf } from '../validate.ts';
import { reshape, slice } from './shape.ts';
import { stridedCopy } from './strided-kernels.ts';

export type RecurrentKind = 'rnn' | 'lstm' | 'gru';

/** A position in a tensor's data: the tensor and an element offset. */
type At = readonly [Tensor, number];

/** Byte address of a position (element offset scaled by the tensor's element size). */
const ptr = ([t, off]: At) => t.storage.ptr + off * BYTES_PER_ELEMENT[t.dtype];
const floatDType = (t: Tensor) => (t.dtype === 'float64' ? 'float64' : 'float32');

/** C[m, n] (contiguous at c) = beta C + op(A) op(B) + bias; A, B contiguous (transposed when flagged). One GEMM kernel call. */
function gemmAt(m: number, n: number, k: number, a: At, transA: boolean, b: At, transB: boolean, c: At, beta: 0 | 1, bias: Tensor | null): void {
  gemm(runtimeUnchecked().backend, {
    dtype: floatDType(a[0]), m, n, k, a: ptr(a), transA, b: ptr(b), transB, c: ptr(c), beta, bias: bias === null ? undefined : bias.storage.ptr,
  });
}

/** Copies the [d0, d1, d2] index space between element strides (with offsets in src and dst). */
function copy3(shape: readonly [number, number, number], [s, so]: At, srcStrides: readonly number[], [d, dOff]: At, dstStrides: readonly number[]): void {
  stridedCopy(s, so, shape, srcStrides, d, dOff, dstStrides);
}

/** out[j] = sum over the rows of x [rows, cols]. */
function columnSum(x: At, rows: number, cols: number, out: Tensor): void {
  reduce(runtimeUnchecked().backend, 'sum', ptr(x), 1, rows, cols, { out: out.storage.ptr, dtype: floatDType(out) });
}

/** dst[0 .. count) = src[0 .. count) (positions of one dtype). */
function copyAt(src: At, dst: At, count: number): void {
  copy(runtimeUnchecked().backend, ptr(src), ptr(dst), count, { dtype: floatDType(src[0]) });
}

/** count zeros at `at`. */
function zeroAt(at: At, count: number): void {
  fill(runtimeUnchecked().backend, ptr(at), count, 0, { dtype: floatDType(at[0]) });
}

/** The fused cell kernels of the schedule, on positions of one float dtype (each one kernel call). */
const cells = {
  rnn(count: number, pre: At, hNext: At): void {
    rnnCell(runtimeUnchecked().backend, ptr(pre), count, { out: ptr(hNext), dtype: floatDType(pre[0]) });
  },
  rnnBack(count: number, hNext: At, dh: At, dPre: At): void {
    rnnCellBackward(runtimeUnchecked().backend, ptr(hNext), ptr(dh), count, { out: ptr(dPre), dtype: floatDType(hNext[0]) });
  },
  /** Pre-activations (xp rows, ldx apart, + hp) + bias; writes the activated gates over hp. */
  lstm(n: number, h: number, xp: At, ldx: number, hp: At, bias: Tensor | null, cPrev: At, cNext: At, tanhC: At, hNext: At): void {
    lstmCellRows(runtimeUnchecked().backend, {
      n, h, xp: ptr(xp), ldx, hp: ptr(hp), bias: bias === null ? undefined : bias.storage.ptr, cPrev: ptr(cPrev), gates: ptr(hp),
      cNext: ptr(cNext), tanhC: ptr(tanhC), hNext: ptr(hNext), dtype: floatDType(hp[0]),
    });
  },
  /** dPre also to the dx rows (ldx apart), its column sums added to dBias (float64) when given. */
  lstmBack(n: number, h: number, gates: At, cPrev: At, tanhC: At, dh: At, dc: At, dPre: At, dx: At, ldx: number, dBias: Tensor | null): void {
    lstmCellBackwardRows(runtimeUnchecked().backend, {
      n, h, gates: ptr(gates), cPrev: ptr(cPrev), tanhC: ptr(tanhC), dh: ptr(dh), dc: ptr(dc), dPre: ptr(dPre), dx: ptr(dx), ldx,
      dBias: dBias === null ? undefined : dBias.storage.ptr, dtype: floatDType(gates[0]),
    });
  },
  /** Writes the gates over the input projections at `xp`. */
  gru(n: number, h: number, xp: At, hp: At, hPrev: At, hn: At, hNext: At): void {
    gruCell(runtimeUnchecked().backend, {
      n, h, xp: ptr(xp), hp: ptr(hp), hPrev: ptr(hPrev), gates: ptr(xp), hn: ptr(hn), hNext: ptr(hNext), dtype: floatDType(xp[0]),
    });
  },
  gruBack(n: number, h: number, gates: At, hn: At, hPrev: At, dh: At, dXp: At, dHp: At, dhPrev: At): void {
    gruCellBackward(runtimeUnchecked().backend, {
      n, h, gates: ptr(gates), hn: ptr(hn), hPrev: ptr(hPrev), dh: ptr(dh), dhPrev: ptr(dhPrev), dXp: ptr(dXp), dHp: ptr(dHp), dtype: floatDType(gates[0]),
    });
  },
};

function gateCount(kind: RecurrentKind): number {
  return kind === 'lstm' ? 4 : kind === 'gru' ? 3 : 1;
}

function check(kind: RecurrentKind, xp: Tensor, whh: Tensor, bhh: Tensor | null, h0: Tensor, c0: Tensor | null): void {
  checkOneOf(kind, ['rnn', 'lstm', 'gru'] as const, undefined, 'recurrentSequence: kind');
  const what = `recurrentSequence(${kind})`;
  for (const [name, t] of [['xp', xp], ['whh', whh], ['bhh', bhh], ['h0', h0], ['c0', c0]] as const) if (t !== null || name === 'xp' || name === 'whh' || name === 'h0') checkTensor(t, `${what}: ${name}`);
  if (xp.dtype === 'int32') throw new DTypeError(`${what}: xp must be float32 or float64, got int32`);
  for (const [name, t] of [['whh', whh], ['bhh', bhh], ['h0', h0], ['c0', c0]] as const) {
    if (t !== null && t.dtype !== xp.dtype) throw new DTypeError(`${what}: ${name} is ${t.dtype}, expected ${xp.dtype} like xp`);
  }
  if (xp.rank !== 3 || h0.rank !== 2) throw new ShapeError(`${what}: xp must be [N, T, G*H] and h0 [N, H], got [${xp.shape}] and [${h0.shape}]`);
  const [n, , gh] = xp.shape as [number, number, number];
  const h = h0.shape[1]!;
  if (h0.shape[0] !== n || gh !== gateCount(kind) * h || whh.rank !== 2 || whh.shape[0] !== gh || whh.shape[1] !== h) {
    throw new ShapeError(`${what}: xp [${xp.shape}], weight_hh [${whh.shape}] and h0 [${h0.shape}] do not fit batch ${n}, hidden size ${h} and ${gateCount(kind)} gate(s); expected [${n}, T, ${gateCount(kind) * h}], [${gateCount(kind) * h}, ${h}] and [${n}, ${h}]`);
  }
  if (bhh !== null && (bhh.rank !== 1 || bhh.shape[0] !== gh)) throw new ShapeError(`${what}: bias_hh must be [${gh}], got [${bhh.shape}]`);
  if (c0 !== null && (kind !== 'lstm' || c0.shape.length !== 2 || c0.shape[0] !== n || c0.shape[1] !== h)) {
    throw new ShapeError(`${what}: c0 must be null or, for an LSTM, [${n}, ${h}]; got [${c0.shape}]`);
  }
}

/**
 * Runs the recurrence over T steps. xp [N, T, G*H]: the input projections x W_ih^T + b_ih of every
 * step; whh [G*H, H]; bhh [G*H] or null; h0 [N, H]; c0 [N, H] or null (zeros; LSTM only).
 * Returns every step's h, [N, T, H], and for an LSTM the final cell state c [N, H] (null
 * otherwise). Gradients flow to xp, whh, bhh, h0 and c0, from the output (whose last step is the
 * final h) and from the final c, as in PyTorch: an LSTM records one output [N, T + 1, H] (h_1 ..
 * h_T, then c_T) and returns slices of it, so backward starts dc from c_T's gradient.
 */
export function recurrentSequence(kind: RecurrentKind, xp: Tensor, whh: Tensor, bhh: Tensor | null, h0: Tensor, c0: Tensor | null = null): { output: Tensor; c: Tensor | null } {
  return atomic(() => {
    check(kind, xp, whh, bhh, h0, c0);
    const dtype = xp.dtype as 'float32' | 'float64';
    const [n, t, gh] = xp.shape as [number, number, number];
    const h = h0.shape[1]!, s = n * h, sg = n * gh;
    const what = `recurrentSequence(${kind})`;
    // gates: the pre-activations, time-major, overwritten in place by the activated gates.
    const gates = emptyTensor([t, n, gh], dtype, what);
    // An LSTM's cell reads xp's rows in place (pre = (xp + h W_hh^T) + b_hh); the others start from a copy.
    if (kind !== 'lstm') copy3([t, n, gh], [xp, 0], [gh, t * gh, 1], [gates, 0], [sg, gh, 1]);
    const hs = emptyTensor([t + 1, n, h], dtype, what); // h_0 .. h_T
    copyAt([h0, 0], [hs, 0], s);
    const cs = kind === 'lstm' ? emptyTensor([t + 1, n, h], dtype, what) : null; // c_0 .. c_T
    if (cs !== null && c0 !== null) copyAt([c0, 0], [cs, 0], s);
    else if (cs !== null) zeroAt([cs, 0], s);
    const tanhC = kind === 'lstm' ? emptyTensor([t, n, h], dtype, what) : null;
    const hn = kind === 'gru' ? emptyTensor([t, n, h], dtype, what) : null; // W_hn h + b_hn per step
    const hp = kind === 'gru' ? emptyTensor([n, gh], dtype, what) : null; // the GRU's hidden projection
    for (let step = 0; step < t; step++) {
      const g: At = [gates, step * sg], hPrev: At = [hs, step * s], hNext: At = [hs, (step + 1) * s];
      if (kind === 'gru') {
        gemmAt(n, gh, h, hPrev, false, [whh, 0], true, [hp!, 0], 0, bhh);
        cells.gru(n, h, g, [hp!, 0], hPrev, [hn!, step * s], hNext);
      } else if (kind === 'lstm') {
        gemmAt(n, gh, h, hPrev, false, [whh, 0], true, g, 0, null);
        cells.lstm(n, h, [xp, step * gh], t * gh, g, bhh, [cs!, step * s], [cs!, (step + 1) * s], [tanhC!, step * s], hNext);
      } else {
        gemmAt(n, gh, h, hPrev, false, [whh, 0], true, g, 1, bhh);
        cells.rnn(s, g, hNext);
      }
    }
    hp?.dispose();
    // An LSTM's recorded output also carries c_T as step T + 1, so its gradient reaches backward.
    const steps = cs !== null ? t + 1 : t;
    const combined = emptyTensor([n, steps, h], dtype, what);
    copy3([t, n, h], [hs, s], [s, h, 1], [combined, 0], [h, steps * h, 1]);
    if (cs !== null) copy3([1, n, h], [cs, t * s], [0, h, 1], [combined, t * h], [0, steps * h, 1]);
    const saved = [whh, gates, hs, ...(cs !== null ? [cs, tanhC!] : []), ...(hn !== null ? [hn] : [])];
    const inputs = [xp, whh, ...(bhh !== null ? [bhh] : []), h0, ...(c0 !== null ? [c0] : [])];
    const h0Index = bhh !== null ? 3 : 2;
    record(`${kind}Sequence`, inputs, combined, saved, (gOut, [w, gs, hsS, x3, x4], need) => {
      const needH0 = need[h0Index] !== false;
      const needC0 = c0 !== null && need[h0Index + 1] !== false;
      const csS = kind === 'lstm' ? x3! : null, tcS = kind === 'lstm' ? x4! : null, hnS = kind === 'gru' ? x3! : null;
      // dh: slot 0 collects dh_0; slot step + 1 holds the output gradient of step, plus the recurrent part.
      const dh = emptyTensor([t + 1, n, h], dtype, `${what} backward`);
      zeroAt([dh, 0], s);
      copy3([t, n, h], [gOut, 0], [h, steps * h, 1], [dh, s], [s, h, 1]);
      // dc starts from the final c's gradient and ends as dL/dc_0.
      let dc: Tensor | null = null;
      if (kind === 'lstm') {
        dc = emptyTensor([n, h], dtype, `${what} backward`);
        copy3([1, n, h], [gOut, t * h], [0, steps * h, 1], [dc, 0], [0, h, 1]);
      }
      const dHp = emptyTensor([t, n, gh], dtype, `${what} backward`); // gradient of h W_hh^T + b_hh
      const dXp = kind === 'gru' ? emptyTensor([t, n, gh], dtype, `${what} backward`) : dHp;
      // An LSTM's cell backward writes dx's rows ([N, T, G*H]) and sums db_hh (in float64) as it goes.
      const dx = emptyTensor([n, t, gh], dtype, `${what} backward`);
      const db64 = kind === 'lstm' && bhh !== null ? emptyTensor([gh], 'float64', `${what} backward`) : null;
      if (db64 !== null) zeroAt([db64, 0], gh);
      for (let step = t - 1; step >= 0; step--) {
        const g: At = [gs!, step * sg], d: At = [dHp, step * sg], dhNow: At = [dh, (step + 1) * s], dhPrev: At = [dh, step * s];
        if (kind === 'lstm') cells.lstmBack(n, h, g, [csS!, step * s], [tcS!, step * s], dhNow, [dc!, 0], d, [dx, step * gh], t * gh, db64);
        else if (kind === 'gru') cells.gruBack(n, h, g, [hnS!, step * s], [hsS!, step * s], dhNow, [dXp, step * sg], d, dhPrev);
        else cells.rnnBack(s, [hsS!, (step + 1) * s], dhNow, d);
        if (step > 0 || needH0) gemmAt(n, h, gh, d, false, [w!, 0], false, dhPrev, 1, null);
      }
      const dW = emptyTensor([gh, h], dtype, `${what} backward`);
      gemmAt(gh, h, t * n, [dHp, 0], true, [hsS!, 0], false, [dW, 0], 0, null);
      let db: Tensor | null = null;
      if (bhh !== null) {
        db = emptyTensor([gh], dtype, `${what} backward`);
        if (db64 !== null) cast(runtimeUnchecked().backend, db64.storage.ptr, gh, { from: 'float64', to: dtype, out: db.storage.ptr });
        else columnSum([dHp, 0], t * n, gh, db);
      }
      if (kind !== 'lstm') copy3([t, n, gh], [dXp, 0], [sg, gh, 1], [dx, 0], [gh, t * gh, 1]);
      let dh0: Tensor | null = null; // skipped (and its last GEMM) when h0 needs no gradient
      if (needH0) {
        dh0 = emptyTensor([n, h], dtype, `${what} backward`);
        copyAt([dh, 0], [dh0, 0], s);
      }
      for (const b of [dh, needC0 ? null : dc, dHp, dXp, db64]) if (b !== null && !b.isDisposed) b.dispose();
      return [dx, dW, ...(bhh !== null ? [db] : []), dh0, ...(c0 !== null ? [needC0 ? dc : null] : [])];
    });
    for (const b of [gates, hs, cs, tanhC, hn]) b?.dispose();
    if (cs === null) return { output: combined, c: null };
    const output = slice(combined, [null, { stop: t }]);
    const last = slice(combined, [null, { start: t }]);
    const c = reshape(last, [n, h]);
    for (const b of [combined, last]) b.dispose();
    return { output, c };
  });
}
