// Plain-TypeScript reference of assembly/optim.ts: the same PyTorch formulas, float64 maths per
// element, results rounded to f32 as they are stored.
import type { KernelExports } from '../generated/kernel-exports.ts';
import type { Heap } from '../heap.ts';

type OptimKernels = Pick<KernelExports, 'sgd_f32' | 'adagrad_f32' | 'rmsprop_f32' | 'adam_f32'>;

const f = Math.fround;

export function optimReference(heap: Heap): OptimKernels {
  return {
    sgd_f32(n, param, grad, velocity, lr, momentum, dampening, nesterov, weightDecay, init) {
      const ps = heap.f32(param, n), gs = heap.f32(grad, n);
      const vs = momentum === 0 ? null : heap.f32(velocity, n);
      const [a, mu, d, wd] = [f(lr), f(momentum), f(dampening), f(weightDecay)];
      for (let i = 0; i < n; i++) {
        let g = gs[i]! + wd * ps[i]!;
        if (vs !== null) {
          const v = init ? g : mu * vs[i]! + (1 - d) * g;
          vs[i] = v;
          g = nesterov ? g + mu * v : v;
        }
        ps[i] = ps[i]! - a * g;
      }
    },
    adagrad_f32(n, param, grad, sum, lr, eps, weightDecay) {
      const ps = heap.f32(param, n), gs = heap.f32(grad, n), ss = heap.f32(sum, n);
      for (let i = 0; i < n; i++) {
        const g = gs[i]! + f(weightDecay) * ps[i]!;
        const s = ss[i]! + g * g;
        ss[i] = s;
        ps[i] = ps[i]! - (f(lr) * g) / (Math.sqrt(s) + f(eps));
      }
    },
    rmsprop_f32(n, param, grad, squareAvg, buffer, lr, alpha, eps, weightDecay, momentum) {
      const ps = heap.f32(param, n), gs = heap.f32(grad, n), sq = heap.f32(squareAvg, n);
      const bs = momentum === 0 ? null : heap.f32(buffer, n);
      const al = f(alpha);
      for (let i = 0; i < n; i++) {
        const g = gs[i]! + f(weightDecay) * ps[i]!;
        const s = al * sq[i]! + (1 - al) * g * g;
        sq[i] = s;
        let step = g / (Math.sqrt(s) + f(eps));
        if (bs !== null) {
          step = f(momentum) * bs[i]! + step;
          bs[i] = step;
        }
        ps[i] = ps[i]! - f(lr) * step;
      }
    },
    adam_f32(n, param, grad, m, v, lr, beta1, beta2, eps, weightDecay, decoupled, step) {
      const ps = heap.f32(param, n), gs = heap.f32(grad, n), ms = heap.f32(m, n), vs = heap.f32(v, n);
      const [a, b1, b2, e, wd] = [f(lr), f(beta1), f(beta2), f(eps), f(weightDecay)];
      const bc1 = 1 - b1 ** step, bc2 = 1 - b2 ** step;
      for (let i = 0; i < n; i++) {
        const p = decoupled ? ps[i]! * (1 - a * wd) : ps[i]!;
        const g = decoupled ? gs[i]! : gs[i]! + wd * p;
        const m1 = ms[i]! + (1 - b1) * (g - ms[i]!);
        const v1 = b2 * vs[i]! + (1 - b2) * g * g;
        ms[i] = m1;
        vs[i] = v1;
        ps[i] = p - ((a / bc1) * m1) / (Math.sqrt(v1) / Math.sqrt(bc2) + e);
      }
    },
  };
}
