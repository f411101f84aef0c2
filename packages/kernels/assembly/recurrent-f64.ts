// The cells of recurrent.ts in f64 (same layouts, arguments and in-place rules), one element at
// a time on the f64 sigmoid and Math.tanh of the elementwise kernels.
import { sigmoid64 } from './unary-math';

@inline function at(p: usize, i: i32): usize {
  return p + (<usize>i << 3);
}

/** hNext = tanh(pre) for `count` f64. pre may equal hNext. */
export function rnn_cell_f64(count: i32, pre: usize, hNext: usize): void {
  for (let i = 0; i < count; i++) store<f64>(at(hNext, i), Math.tanh(load<f64>(at(pre, i))));
}

/** dPre = dh (1 - hNext^2) for `count` f64. dPre may equal dh. */
export function rnn_cell_backward_f64(count: i32, hNext: usize, dh: usize, dPre: usize): void {
  for (let i = 0; i < count; i++) {
    const y = load<f64>(at(hNext, i));
    store<f64>(at(dPre, i), load<f64>(at(dh, i)) * (1.0 - y * y));
  }
}

/** lstm_cell_f32 in f64. */
export function lstm_cell_f64(n: i32, h: i32, pre: usize, cPrev: usize, gates: usize, cNext: usize, tanhC: usize, hNext: usize): void {
  for (let b = 0; b < n; b++) {
    const r = b * 4 * h, s = b * h;
    for (let j = 0; j < h; j++) {
      const i = sigmoid64(load<f64>(at(pre, r + j)));
      const f = sigmoid64(load<f64>(at(pre, r + h + j)));
      const g = Math.tanh(load<f64>(at(pre, r + 2 * h + j)));
      const o = sigmoid64(load<f64>(at(pre, r + 3 * h + j)));
      const c = f * load<f64>(at(cPrev, s + j)) + i * g;
      const tc = Math.tanh(c);
      store<f64>(at(gates, r + j), i);
      store<f64>(at(gates, r + h + j), f);
      store<f64>(at(gates, r + 2 * h + j), g);
      store<f64>(at(gates, r + 3 * h + j), o);
      store<f64>(at(cNext, s + j), c);
      store<f64>(at(tanhC, s + j), tc);
      store<f64>(at(hNext, s + j), o * tc);
    }
  }
}

/** lstm_cell_backward_f32 in f64 (dc in place: dcNext in, dcPrev out). */
export function lstm_cell_backward_f64(n: i32, h: i32, gates: usize, cPrev: usize, tanhC: usize, dh: usize, dc: usize, dPre: usize): void {
  for (let b = 0; b < n; b++) {
    const r = b * 4 * h, s = b * h;
    for (let j = 0; j < h; j++) {
      const i = load<f64>(at(gates, r + j)), f = load<f64>(at(gates, r + h + j));
      const g = load<f64>(at(gates, r + 2 * h + j)), o = load<f64>(at(gates, r + 3 * h + j));
      const tc = load<f64>(at(tanhC, s + j)), d = load<f64>(at(dh, s + j));
      const dcv = load<f64>(at(dc, s + j)) + d * o * (1.0 - tc * tc);
      store<f64>(at(dPre, r + j), dcv * g * i * (1.0 - i));
      store<f64>(at(dPre, r + h + j), dcv * load<f64>(at(cPrev, s + j)) * f * (1.0 - f));
      store<f64>(at(dPre, r + 2 * h + j), dcv * i * (1.0 - g * g));
      store<f64>(at(dPre, r + 3 * h + j), d * tc * o * (1.0 - o));
      store<f64>(at(dc, s + j), dcv * f);
    }
  }
}

/** gru_cell_f32 in f64. */
export function gru_cell_f64(n: i32, h: i32, xp: usize, hp: usize, hPrev: usize, gates: usize, hn: usize, hNext: usize): void {
  for (let b = 0; b < n; b++) {
    const r0 = b * 3 * h, s = b * h;
    for (let j = 0; j < h; j++) {
      const r = sigmoid64(load<f64>(at(xp, r0 + j)) + load<f64>(at(hp, r0 + j)));
      const z = sigmoid64(load<f64>(at(xp, r0 + h + j)) + load<f64>(at(hp, r0 + h + j)));
      const hnv = load<f64>(at(hp, r0 + 2 * h + j));
      const nv = Math.tanh(load<f64>(at(xp, r0 + 2 * h + j)) + r * hnv);
      const prev = load<f64>(at(hPrev, s + j));
      store<f64>(at(gates, r0 + j), r);
      store<f64>(at(gates, r0 + h + j), z);
      store<f64>(at(gates, r0 + 2 * h + j), nv);
      store<f64>(at(hn, s + j), hnv);
      store<f64>(at(hNext, s + j), nv + z * (prev - nv));
    }
  }
}

/** gru_cell_backward_f32 in f64 (adds z dh to dhPrev). */
export function gru_cell_backward_f64(n: i32, h: i32, gates: usize, hn: usize, hPrev: usize, dh: usize, dXp: usize, dHp: usize, dhPrev: usize): void {
  for (let b = 0; b < n; b++) {
    const r0 = b * 3 * h, s = b * h;
    for (let j = 0; j < h; j++) {
      const r = load<f64>(at(gates, r0 + j)), z = load<f64>(at(gates, r0 + h + j)), nv = load<f64>(at(gates, r0 + 2 * h + j));
      const d = load<f64>(at(dh, s + j));
      const dn = d * (1.0 - z) * (1.0 - nv * nv);
      const dz = d * (load<f64>(at(hPrev, s + j)) - nv) * z * (1.0 - z);
      const dr = dn * load<f64>(at(hn, s + j)) * r * (1.0 - r);
      store<f64>(at(dXp, r0 + j), dr);
      store<f64>(at(dXp, r0 + h + j), dz);
      store<f64>(at(dXp, r0 + 2 * h + j), dn);
      store<f64>(at(dHp, r0 + j), dr);
      store<f64>(at(dHp, r0 + h + j), dz);
      store<f64>(at(dHp, r0 + 2 * h + j), dn * r);
      store<f64>(at(dhPrev, s + j), load<f64>(at(dhPrev, s + j)) + d * z);
    }
  }
}
