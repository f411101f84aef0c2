import { linear, matmul, noGrad, record, scope, sigmoid, sum, tanh, type Tensor, tensor, transpose } from '@neurite/tensor';

/**
 * The time loop of RNN/LSTM/GRU as ONE differentiable op: per step, one GEMM for the hidden
 * projection (h_{t-1} W_hh^T + b_hh, tensor's `linear`) and the gate arithmetic in a TypeScript loop
 * over the batch; backpropagation through time runs the same loop backwards and finishes with
 * one GEMM for dW_hh over all steps. This replaces ~15 small recorded ops per step (and their
 * backward passes) by one node. Gate layouts follow PyTorch (LSTM i, f, g, o; GRU r, z, n).
 *
 * Inputs: xp [N, T, G*H] (the input projections x W_ih^T + b_ih of every step), whh [G*H, H],
 * bhh [G*H] or null, h0 [N, H], c0 [N, H] (LSTM; not differentiated). Gradients flow to xp, whh,
 * bhh and h0. Output: every step's h [N, T, H]; `c` is the final LSTM cell state [N, H] (detached).
 */
export type CellKind = 'rnn' | 'lstm' | 'gru';

type Floats = Float32Array | Float64Array;

/** sigmoid or tanh of a host array through the SIMD elementwise kernels (float64: tensor's TypeScript path). */
function activate(fn: typeof sigmoid, data: Floats, dtype: 'float32' | 'float64'): Floats {
  return scope(() => fn(tensor(data, [data.length], { dtype })).toArray() as Floats);
}

function gateCount(kind: CellKind): number {
  return kind === 'lstm' ? 4 : kind === 'gru' ? 3 : 1;
}

export function recurrence(kind: CellKind, xp: Tensor, whh: Tensor, bhh: Tensor | null, h0: Tensor, c0: Tensor | null): { output: Tensor; c: Tensor | null } {
  const [n, t, gh] = xp.shape as [number, number, number];
  const h = h0.shape[1]!;
  const g = gateCount(kind);
  if (gh !== g * h || whh.shape[0] !== gh || whh.shape[1] !== h) {
    throw new RangeError(`recurrence(${kind}): xp [${xp.shape.join(', ')}] and weight_hh [${whh.shape.join(', ')}] do not fit hidden size ${h}`);
  }
  const dtype = xp.dtype === 'float64' ? 'float64' : 'float32';
  const Arr = dtype === 'float64' ? Float64Array : Float32Array;
  const x = xp.toArray() as Floats;
  // Saved for backward: hidden states h_0..h_T, and per kind the activated gates / cell states.
  const hs = new Arr(n * (t + 1) * h);
  hs.set(h0.toArray() as Floats, 0); // h_0 rows first: layout [T + 1][N][H]
  const gates = new Arr(n * t * gh); // LSTM: i f g o activated; GRU: r z n activated; RNN: unused
  const hn = kind === 'gru' ? new Arr(n * t * h) : null; // GRU: W_hn h + b_hn
  const cs = kind === 'lstm' ? new Arr(n * (t + 1) * h) : null; // LSTM: c_0..c_T, [T + 1][N][H]
  const tanhC = kind === 'lstm' ? new Arr(n * t * h) : null; // LSTM: tanh(c_1..c_T), [T][N][H]
  if (cs) cs.set(c0 ? (c0.toArray() as Floats) : new Arr(n * h), 0);
  const pre = new Arr(n * gh); // pre-activations of one step, reused
  noGrad(() => {
    for (let step = 0; step < t; step++) {
      const hp = scope(() => linear(tensor(hs.subarray(step * n * h, (step + 1) * n * h), [n, h], { dtype }), whh, bhh, { weightLayout: 'oi' }).toArray() as Floats);
      const hOut = hs.subarray((step + 1) * n * h, (step + 2) * n * h);
      const hPrev = hs.subarray(step * n * h, (step + 1) * n * h);
      // Pre-activations [N][G*H] (GRU: the n block waits for r).
      for (let b = 0; b < n; b++) {
        const xRow = (b * t + step) * gh; // xp is [N][T][G*H]
        const limit = kind === 'gru' ? 2 * h : gh;
        for (let j = 0; j < limit; j++) pre[b * gh + j] = x[xRow + j]! + hp[b * gh + j]!;
      }
      const gRow0 = step * n * gh; // gates saved as [T][N][G*H]
      if (kind === 'rnn') {
        hOut.set(activate(tanh, pre, dtype));
      } else if (kind === 'lstm') {
        const sig = activate(sigmoid, pre, dtype), th = activate(tanh, pre, dtype);
        const cPrev = cs!.subarray(step * n * h, (step + 1) * n * h), cNext = cs!.subarray((step + 1) * n * h, (step + 2) * n * h);
        for (let b = 0; b < n; b++) {
          const r = b * gh, gRow = gRow0 + r, hRow = b * h;
          for (let j = 0; j < h; j++) {
            const i = sig[r + j]!, f = sig[r + h + j]!, gg = th[r + 2 * h + j]!, o = sig[r + 3 * h + j]!;
            gates[gRow + j] = i;
            gates[gRow + h + j] = f;
            gates[gRow + 2 * h + j] = gg;
            gates[gRow + 3 * h + j] = o;
            cNext[hRow + j] = f * cPrev[hRow + j]! + i * gg;
          }
        }
        const tc = activate(tanh, cNext, dtype);
        tanhC!.set(tc, step * n * h);
        for (let b = 0; b < n; b++) for (let j = 0; j < h; j++) hOut[b * h + j] = gates[gRow0 + b * gh + 3 * h + j]! * tc[b * h + j]!;
      } else {
        const sig = activate(sigmoid, pre, dtype);
        const preN = new Arr(n * h);
        for (let b = 0; b < n; b++) {
          const xRow = (b * t + step) * gh, r0 = b * gh;
          for (let j = 0; j < h; j++) {
            const hnj = hp[r0 + 2 * h + j]!;
            hn![(step * n + b) * h + j] = hnj;
            preN[b * h + j] = x[xRow + 2 * h + j]! + sig[r0 + j]! * hnj;
          }
        }
        const nn = activate(tanh, preN, dtype);
        for (let b = 0; b < n; b++) {
          const r0 = b * gh, gRow = gRow0 + r0, hRow = b * h;
          for (let j = 0; j < h; j++) {
            const z = sig[r0 + h + j]!, nj = nn[hRow + j]!;
            gates[gRow + j] = sig[r0 + j]!;
            gates[gRow + h + j] = z;
            gates[gRow + 2 * h + j] = nj;
            hOut[hRow + j] = nj + z * (hPrev[hRow + j]! - nj);
          }
        }
      }
    }
  });
  // Output [N, T, H] from the [T + 1][N][H] states.
  const out = new Arr(n * t * h);
  for (let step = 0; step < t; step++) {
    for (let b = 0; b < n; b++) out.set(hs.subarray(((step + 1) * n + b) * h, ((step + 1) * n + b + 1) * h), (b * t + step) * h);
  }
  const output = tensor(out, [n, t, h], { dtype });
  const cFinal = cs ? tensor(cs.subarray(t * n * h), [n, h], { dtype }) : null;
  const inputs = bhh ? [xp, whh, bhh, h0] : [xp, whh, h0];
  record(`${kind}Recurrence`, inputs, output, [whh], (gOut, [w]) => {
    const go = gOut.toArray() as Floats;
    const dxp = new Arr(n * t * gh);
    const dhp = kind === 'gru' ? new Arr(n * t * gh) : dxp; // gradient of h W_hh^T + b_hh, [N][T][G*H]
    const dhNext = new Arr(n * h);
    const dcNext = new Arr(n * h);
    const dh = new Arr(n * h);
    const carry = new Arr(n * h); // part of dh_{t-1} that does not go through W_hh (GRU: z dh)
    const rows = new Arr(n * gh);
    for (let step = t - 1; step >= 0; step--) {
      for (let b = 0; b < n; b++) for (let j = 0; j < h; j++) dh[b * h + j] = go[(b * t + step) * h + j]! + dhNext[b * h + j]!;
      for (let b = 0; b < n; b++) {
        const gRow = (step * n + b) * gh;
        const dRow = (b * t + step) * gh;
        const hRow = b * h;
        if (kind === 'rnn') {
          const hNow = hs.subarray((step + 1) * n * h, (step + 2) * n * h);
          for (let j = 0; j < h; j++) dxp[dRow + j] = dh[hRow + j]! * (1 - hNow[hRow + j]! * hNow[hRow + j]!);
        } else if (kind === 'lstm') {
          const cPrev = cs!.subarray(step * n * h, (step + 1) * n * h);
          for (let j = 0; j < h; j++) {
            const i = gates[gRow + j]!, f = gates[gRow + h + j]!, gg = gates[gRow + 2 * h + j]!, o = gates[gRow + 3 * h + j]!;
            const tc = tanhC![(step * n + b) * h + j]!;
            const dhj = dh[hRow + j]!;
            const dc = dcNext[hRow + j]! + dhj * o * (1 - tc * tc);
            dxp[dRow + j] = dc * gg * i * (1 - i);
            dxp[dRow + h + j] = dc * cPrev[hRow + j]! * f * (1 - f);
            dxp[dRow + 2 * h + j] = dc * i * (1 - gg * gg);
            dxp[dRow + 3 * h + j] = dhj * tc * o * (1 - o);
            dcNext[hRow + j] = dc * f;
          }
        } else {
          const hPrev = hs.subarray(step * n * h, (step + 1) * n * h);
          for (let j = 0; j < h; j++) {
            const r = gates[gRow + j]!, z = gates[gRow + h + j]!, nn = gates[gRow + 2 * h + j]!;
            const dhj = dh[hRow + j]!;
            const dn = dhj * (1 - z) * (1 - nn * nn);
            const dz = dhj * (hPrev[hRow + j]! - nn) * z * (1 - z);
            const dr = dn * hn![(step * n + b) * h + j]! * r * (1 - r);
            dxp[dRow + j] = dr;
            dxp[dRow + h + j] = dz;
            dxp[dRow + 2 * h + j] = dn;
            dhp[dRow + j] = dr;
            dhp[dRow + h + j] = dz;
            dhp[dRow + 2 * h + j] = dn * r;
            carry[hRow + j] = dhj * z;
          }
        }
      }
      // dh_{t-1} = dhp_t W_hh (+ the GRU's direct path).
      for (let b = 0; b < n; b++) rows.set(dhp.subarray((b * t + step) * gh, (b * t + step + 1) * gh), b * gh);
      const back = scope(() => linear(tensor(rows, [n, gh], { dtype }), w!, null).toArray() as Floats);
      for (let k = 0; k < n * h; k++) dhNext[k] = back[k]! + carry[k]!;
    }
    // dW_hh = sum_t dhp_t^T h_{t-1}; db_hh = sum over rows of dhp.
    const hPrevAll = new Arr(n * t * h);
    for (let step = 0; step < t; step++) {
      for (let b = 0; b < n; b++) hPrevAll.set(hs.subarray((step * n + b) * h, (step * n + b + 1) * h), (b * t + step) * h);
    }
    const dhpT = tensor(dhp, [n * t, gh], { dtype });
    const hPrevT = tensor(hPrevAll, [n * t, h], { dtype });
    const dW = scope(() => matmul(transpose(dhpT), hPrevT));
    const db = bhh ? sum(dhpT, 0) : null;
    dhpT.dispose();
    hPrevT.dispose();
    const dxpT = tensor(dxp, [n, t, gh], { dtype });
    const dh0 = tensor(dhNext, [n, h], { dtype });
    return bhh ? [dxpT, dW, db, dh0] : [dxpT, dW, dh0];
  });
  return { output, c: cFinal };
}
