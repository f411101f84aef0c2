import { recurrentSequence, type RecurrentKind, type Tensor } from '@neurite/tensor';

/**
 * The time loop of RNN/LSTM/GRU as ONE differentiable op: tensor's `recurrentSequence`, which keeps
 * every buffer in wasm memory (float32: per step one GEMM for h_{t-1} W_hh^T + b_hh and one fused
 * cell kernel; backpropagation through time with one cell kernel and one GEMM per step, then one
 * GEMM for dW_hh). Gate layouts follow PyTorch (LSTM i, f, g, o; GRU r, z, n).
 *
 * Inputs: xp [N, T, G*H] (the input projections x W_ih^T + b_ih of every step), whh [G*H, H],
 * bhh [G*H] or null, h0 [N, H], c0 [N, H] (LSTM). Gradients flow to xp, whh, bhh, h0 and c0.
 * Output: every step's h [N, T, H]; `c` is the final LSTM cell state [N, H] (differentiable).
 */
export type CellKind = RecurrentKind;

export function recurrence(kind: CellKind, xp: Tensor, whh: Tensor, bhh: Tensor | null, h0: Tensor, c0: Tensor | null): { output: Tensor; c: Tensor | null } {
  return recurrentSequence(kind, xp, whh, bhh, h0, c0);
}
