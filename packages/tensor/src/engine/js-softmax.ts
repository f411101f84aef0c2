// TypeScript softmax family over rows (the float64 path).
import type { Floats } from './js-elementwise.ts';

export function softmaxJs(x: Floats, rows: number, cols: number, log: boolean, y: Floats): void {
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    let m = -Infinity;
    for (let c = 0; c < cols; c++) m = Math.max(m, x[o + c]!);
    let s = 0;
    for (let c = 0; c < cols; c++) s += Math.exp(x[o + c]! - m);
    const ls = Math.log(s);
    for (let c = 0; c < cols; c++) y[o + c] = log ? x[o + c]! - m - ls : Math.exp(x[o + c]! - m) / s;
  }
}

export function softmaxBackwardJs(y: Floats, dy: Floats, rows: number, cols: number, log: boolean, dx: Floats): void {
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    let s = 0;
    for (let c = 0; c < cols; c++) s += log ? dy[o + c]! : dy[o + c]! * y[o + c]!;
    for (let c = 0; c < cols; c++) dx[o + c] = log ? dy[o + c]! - Math.exp(y[o + c]!) * s : y[o + c]! * (dy[o + c]! - s);
  }
}

/** Per-row cross-entropy losses and their gradients (PyTorch semantics, no reduction). */
export function softmaxCrossEntropyJs(
  logits: Floats, labels: Int32Array, rows: number, cols: number, weights: Floats | null, smoothing: number, ignore: number | undefined,
  losses: Floats, grad: Floats,
): void {
  const logp = new Float64Array(cols);
  for (let r = 0; r < rows; r++) {
    const o = r * cols, label = labels[r]!;
    if (label === ignore) {
      losses[r] = 0;
      for (let c = 0; c < cols; c++) grad[o + c] = 0;
      continue;
    }
    let m = -Infinity;
    for (let c = 0; c < cols; c++) m = Math.max(m, logits[o + c]!);
    let s = 0;
    for (let c = 0; c < cols; c++) s += Math.exp(logits[o + c]! - m);
    const ls = Math.log(s) + m;
    for (let c = 0; c < cols; c++) logp[c] = logits[o + c]! - ls;
    const w = (c: number) => (weights ? weights[c]! : 1);
    // Target distribution q: (1 - e) onehot + e / C, each term weighted by w[c].
    let loss = 0, wq = 0;
    const coeff = new Float64Array(cols);
    for (let c = 0; c < cols; c++) {
      const q = (c === label ? 1 - smoothing : 0) + smoothing / cols;
      coeff[c] = w(c) * q;
      loss -= coeff[c]! * logp[c]!;
      wq += coeff[c]!;
    }
    losses[r] = loss;
    for (let c = 0; c < cols; c++) grad[o + c] = wq * Math.exp(logp[c]!) - coeff[c]!;
  }
}
