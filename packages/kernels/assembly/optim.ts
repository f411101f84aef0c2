// Optimizer steps: one fused pass over n contiguous f32 parameters, updating the parameter and its
// state in place. Formulas follow PyTorch's single-tensor implementations (torch.optim, 2.x).
// Scalars arrive as f32; bias corrections are computed here in f64 from the step count.
import { madd, nmadd } from './math';

/**
 * SGD: g = grad + wd p; with momentum: v = init ? g : momentum v + (1 - dampening) g,
 * g = nesterov ? g + momentum v : v; then p -= lr g. velocity is unused when momentum == 0.
 */
export function sgd_f32(
  n: i32, param: usize, grad: usize, velocity: usize, lr: f32, momentum: f32, dampening: f32, nesterov: i32,
  weight_decay: f32, init: i32,
): void {
  const vlr = f32x4.splat(lr), vwd = f32x4.splat(weight_decay), vmu = f32x4.splat(momentum);
  const keep = init ? <f32>0 : momentum, take = init ? <f32>1 : 1 - dampening;
  const vkeep = f32x4.splat(keep), vtake = f32x4.splat(take);
  let i = 0;
  if (momentum == 0) {
    for (; i + 4 <= n; i += 4) {
      const o = <usize>i << 2;
      const p = v128.load(param + o);
      v128.store(param + o, nmadd(vlr, madd(vwd, p, v128.load(grad + o)), p));
    }
    for (; i < n; i++) {
      const o = <usize>i << 2;
      const p = load<f32>(param + o);
      store<f32>(param + o, p - lr * (load<f32>(grad + o) + weight_decay * p));
    }
    return;
  }
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    const p = v128.load(param + o);
    const g = madd(vwd, p, v128.load(grad + o));
    const v = madd(vkeep, v128.load(velocity + o), f32x4.mul(vtake, g));
    v128.store(velocity + o, v);
    const step = nesterov ? madd(vmu, v, g) : v;
    v128.store(param + o, nmadd(vlr, step, p));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    const p = load<f32>(param + o);
    const g = load<f32>(grad + o) + weight_decay * p;
    const v = keep * load<f32>(velocity + o) + take * g;
    store<f32>(velocity + o, v);
    store<f32>(param + o, p - lr * (nesterov ? g + momentum * v : v));
  }
}

/** AdaGrad: g = grad + wd p; sum += g^2; p -= lr g / (sqrt(sum) + eps). */
export function adagrad_f32(n: i32, param: usize, grad: usize, sum: usize, lr: f32, eps: f32, weight_decay: f32): void {
  const vlr = f32x4.splat(lr), vwd = f32x4.splat(weight_decay), veps = f32x4.splat(eps);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    const p = v128.load(param + o);
    const g = madd(vwd, p, v128.load(grad + o));
    const s = madd(g, g, v128.load(sum + o));
    v128.store(sum + o, s);
    v128.store(param + o, nmadd(vlr, f32x4.div(g, f32x4.add(f32x4.sqrt(s), veps)), p));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    const p = load<f32>(param + o);
    const g = load<f32>(grad + o) + weight_decay * p;
    const s = load<f32>(sum + o) + g * g;
    store<f32>(sum + o, s);
    store<f32>(param + o, p - lr * (g / (Mathf.sqrt(s) + eps)));
  }
}

/**
 * RMSprop (not centered): g = grad + wd p; sq = alpha sq + (1 - alpha) g^2; a = sqrt(sq) + eps;
 * momentum > 0: buf = momentum buf + g / a, p -= lr buf; else p -= lr g / a.
 */
export function rmsprop_f32(
  n: i32, param: usize, grad: usize, square_avg: usize, buffer: usize, lr: f32, alpha: f32, eps: f32,
  weight_decay: f32, momentum: f32,
): void {
  const vlr = f32x4.splat(lr), vwd = f32x4.splat(weight_decay), veps = f32x4.splat(eps);
  const va = f32x4.splat(alpha), va1 = f32x4.splat(1 - alpha), vmu = f32x4.splat(momentum);
  const useMomentum = momentum != 0;
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    const p = v128.load(param + o);
    const g = madd(vwd, p, v128.load(grad + o));
    const sq = madd(va1, f32x4.mul(g, g), f32x4.mul(va, v128.load(square_avg + o)));
    v128.store(square_avg + o, sq);
    let step = f32x4.div(g, f32x4.add(f32x4.sqrt(sq), veps));
    if (useMomentum) {
      step = madd(vmu, v128.load(buffer + o), step);
      v128.store(buffer + o, step);
    }
    v128.store(param + o, nmadd(vlr, step, p));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    const p = load<f32>(param + o);
    const g = load<f32>(grad + o) + weight_decay * p;
    const sq = alpha * load<f32>(square_avg + o) + (1 - alpha) * (g * g);
    store<f32>(square_avg + o, sq);
    let step = g / (Mathf.sqrt(sq) + eps);
    if (useMomentum) {
      step = momentum * load<f32>(buffer + o) + step;
      store<f32>(buffer + o, step);
    }
    store<f32>(param + o, p - lr * step);
  }
}

@inline function adamBody(
  o: usize, param: usize, grad: usize, m: usize, v: usize, vdecay: v128, vwd: v128, vb1c: v128, vb2: v128,
  vb2c: v128, vinv: v128, veps: v128, vstep: v128,
): void {
  const p0 = v128.load(param + o);
  const p = nmadd(vdecay, p0, p0); // p - (lr wd) p: more accurate than p (1 - lr wd) in f32
  const g = madd(vwd, p, v128.load(grad + o));
  const m0 = v128.load(m + o);
  const m1 = madd(vb1c, f32x4.sub(g, m0), m0); // lerp(m, g, 1 - beta1)
  const v1 = madd(vb2c, f32x4.mul(g, g), f32x4.mul(vb2, v128.load(v + o)));
  v128.store(m + o, m1);
  v128.store(v + o, v1);
  const denom = madd(f32x4.sqrt(v1), vinv, veps);
  v128.store(param + o, nmadd(vstep, f32x4.div(m1, denom), p));
}

/**
 * Adam (decoupled = 0) and AdamW (decoupled = 1), step t >= 1, PyTorch semantics:
 *   Adam: g = grad + wd p.  AdamW: p -= (lr wd) p (PyTorch's p *= 1 - lr wd, rounded once less).
 *   m = lerp(m, g, 1 - beta1); v = beta2 v + (1 - beta2) g^2
 *   p -= (lr / (1 - beta1^t)) m / (sqrt(v) / sqrt(1 - beta2^t) + eps)   (eps outside the sqrt)
 */
export function adam_f32(
  n: i32, param: usize, grad: usize, m: usize, v: usize, lr: f32, beta1: f32, beta2: f32, eps: f32,
  weight_decay: f32, decoupled: i32, step: i32,
): void {
  const bc1 = 1 - Math.pow(<f64>beta1, <f64>step);
  const bc2 = 1 - Math.pow(<f64>beta2, <f64>step);
  const stepSize = <f32>(<f64>lr / bc1);
  const inv = <f32>(1 / Math.sqrt(bc2));
  const decay: f32 = decoupled ? <f32>(<f64>lr * <f64>weight_decay) : 0;
  const wd: f32 = decoupled ? 0 : weight_decay;
  const vdecay = f32x4.splat(decay), vwd = f32x4.splat(wd), vb1c = f32x4.splat(1 - beta1);
  const vb2 = f32x4.splat(beta2), vb2c = f32x4.splat(1 - beta2), vinv = f32x4.splat(inv);
  const veps = f32x4.splat(eps), vstep = f32x4.splat(stepSize);
  let i = 0;
  for (; i + 8 <= n; i += 8) {
    const o = <usize>i << 2;
    adamBody(o, param, grad, m, v, vdecay, vwd, vb1c, vb2, vb2c, vinv, veps, vstep);
    adamBody(o + 16, param, grad, m, v, vdecay, vwd, vb1c, vb2, vb2c, vinv, veps, vstep);
  }
  for (; i + 4 <= n; i += 4) adamBody(<usize>i << 2, param, grad, m, v, vdecay, vwd, vb1c, vb2, vb2c, vinv, veps, vstep);
  for (; i < n; i++) {
    const o = <usize>i << 2;
    const p0 = load<f32>(param + o);
    const p = p0 - decay * p0;
    const g = load<f32>(grad + o) + wd * p;
    const m0 = load<f32>(m + o);
    const m1 = m0 + (1 - beta1) * (g - m0);
    const v1 = beta2 * load<f32>(v + o) + (1 - beta2) * (g * g);
    store<f32>(m + o, m1);
    store<f32>(v + o, v1);
    store<f32>(param + o, p - stepSize * (m1 / (Mathf.sqrt(v1) * inv + eps)));
  }
}
