import { describe, expect, it } from 'vitest';
import type { Backend } from '../backend.ts';
import { loadBackend } from '../loader.ts';
import { AWKWARD_SIZES, assertClose, putF32, randomArray, readF32, referenceOf, wasmBackends } from '../testing.ts';
import { adagradStep, adamStep, rmspropStep, sgdStep } from './optim.ts';

const backends = await wasmBackends();
// The 1,000-step trajectories test maths, not views: under grow torture they run on untortured
// instances (1,000 page grows per run would cost seconds and gigabytes).
const torture = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.NEURITE_GROW_TORTURE === '1';
const plain = torture ? await Promise.all(backends.map((b) => loadBackend({ variant: b.variant as 'simd' | 'relaxed' }))) : backends;
const STEP_TOLERANCE = { atol: 1e-6, rtol: 1e-5 };

type Kind = 'sgd' | 'sgd-momentum' | 'sgd-nesterov' | 'sgd-dampening' | 'adagrad' | 'rmsprop' | 'rmsprop-momentum' | 'adam' | 'adamw';
const KINDS: Kind[] = ['sgd', 'sgd-momentum', 'sgd-nesterov', 'sgd-dampening', 'adagrad', 'rmsprop', 'rmsprop-momentum', 'adam', 'adamw'];

/** Parameter, gradient and two state buffers of n f32 on the heap. */
interface Slots { param: number; grad: number; s1: number; s2: number }

function step(backend: Backend, kind: Kind, n: number, b: Slots, t: number): void {
  const { param, grad, s1, s2 } = b;
  switch (kind) {
    case 'sgd': return sgdStep(backend, { n, param, grad, lr: 0.1, weightDecay: 0.01 });
    case 'sgd-momentum': return sgdStep(backend, { n, param, grad, velocity: s1, lr: 0.05, momentum: 0.9, weightDecay: 0.01, firstStep: t === 1 });
    case 'sgd-nesterov': return sgdStep(backend, { n, param, grad, velocity: s1, lr: 0.05, momentum: 0.9, nesterov: true, firstStep: t === 1 });
    case 'sgd-dampening': return sgdStep(backend, { n, param, grad, velocity: s1, lr: 0.05, momentum: 0.8, dampening: 0.3, firstStep: t === 1 });
    case 'adagrad': return adagradStep(backend, { n, param, grad, sum: s1, lr: 0.1, weightDecay: 0.01 });
    case 'rmsprop': return rmspropStep(backend, { n, param, grad, squareAvg: s1, lr: 0.01, weightDecay: 0.01 });
    case 'rmsprop-momentum': return rmspropStep(backend, { n, param, grad, squareAvg: s1, buffer: s2, lr: 1e-3, momentum: 0.5, alpha: 0.9 });
    case 'adam': return adamStep(backend, { n, param, grad, m: s1, v: s2, lr: 1e-3, weightDecay: 0.01, decoupled: false, step: t });
    case 'adamw': return adamStep(backend, { n, param, grad, m: s1, v: s2, lr: 1e-3, weightDecay: 0.1, decoupled: true, step: t });
  }
}

/**
 * The same updates written out in float64 from the PyTorch formulas (independent of the kernels
 * and of the reference). state: [s1, s2] per parameter.
 */
function step64(kind: Kind, p: number[], g: number[], s1: number[], s2: number[], t: number): void {
  for (let i = 0; i < p.length; i++) {
    let gi = g[i]!;
    switch (kind) {
      case 'sgd': p[i] = p[i]! - 0.1 * (gi + 0.01 * p[i]!); break;
      case 'sgd-momentum': case 'sgd-nesterov': case 'sgd-dampening': {
        const [lr, mu, damp, wd] = kind === 'sgd-momentum' ? [0.05, 0.9, 0, 0.01] : kind === 'sgd-nesterov' ? [0.05, 0.9, 0, 0] : [0.05, 0.8, 0.3, 0];
        gi += wd * p[i]!;
        s1[i] = t === 1 ? gi : mu * s1[i]! + (1 - damp) * gi;
        p[i] = p[i]! - lr * (kind === 'sgd-nesterov' ? gi + mu * s1[i]! : s1[i]!);
        break;
      }
      case 'adagrad':
        gi += 0.01 * p[i]!;
        s1[i] = s1[i]! + gi * gi;
        p[i] = p[i]! - (0.1 * gi) / (Math.sqrt(s1[i]!) + 1e-10);
        break;
      case 'rmsprop': case 'rmsprop-momentum': {
        const [alpha, wd, mu] = kind === 'rmsprop' ? [0.99, 0.01, 0] : [0.9, 0, 0.5];
        gi += wd * p[i]!;
        s1[i] = alpha * s1[i]! + (1 - alpha) * gi * gi;
        let u = gi / (Math.sqrt(s1[i]!) + 1e-8);
        if (mu > 0) { s2[i] = mu * s2[i]! + u; u = s2[i]!; }
        p[i] = p[i]! - (mu > 0 ? 1e-3 : 0.01) * u;
        break;
      }
      case 'adam': case 'adamw': {
        const lr = 1e-3, wd = kind === 'adam' ? 0.01 : 0.1;
        if (kind === 'adamw') p[i] = p[i]! * (1 - lr * wd);
        else gi += wd * p[i]!;
        s1[i] = 0.9 * s1[i]! + 0.1 * gi;
        s2[i] = 0.999 * s2[i]! + 0.001 * gi * gi;
        const mHat = s1[i]! / (1 - 0.9 ** t), vHat = s2[i]! / (1 - 0.999 ** t);
        p[i] = p[i]! - (lr * mHat) / (Math.sqrt(vHat) + 1e-8);
        break;
      }
    }
  }
}

// The fixed problem (no coordinate crosses zero, none reaches its optimum within 1,000 steps): f(p) = sum_i a_i (p_i - c_i)^2 / 2 + 0.1 sin(p_i), gradient a_i (p_i - c_i) + 0.1 cos(p_i).
const A = [0.5, 1, 2, 3, 0.25], C = [5, -4, 3, 4.5, -6];
const gradient = (p: ArrayLike<number>) => Array.from(p, (v, i) => A[i]! * (v - C[i]!) + 0.1 * Math.cos(v));

describe.each([...backends.map((b, i) => [b.variant, i] as const), ['reference', -1] as const])('optimizers (%s)', (_, index) => {
  const wasm = index >= 0 ? backends[index]! : null;
  const backend: Backend = wasm ?? referenceOf(backends[0]!);
  const trajectoryBackend: Backend = index >= 0 ? plain[index]! : referenceOf(plain[0]!);

  for (const kind of KINDS) {
    if (wasm !== null) {
      it(`${kind} matches the reference over 3 steps at awkward sizes and an unaligned start`, () => {
        const ref = referenceOf(backend);
        for (const n of AWKWARD_SIZES) {
          const init = [randomArray(n, n + 1), randomArray(n, n + 2), new Float32Array(n), new Float32Array(n)];
          if (kind === 'adagrad' || kind.startsWith('rmsprop')) init[2] = randomArray(n, n + 3, 0, 0.1);
          const mine = init.map((d) => putF32(backend, d, 1));
          const theirs = init.map((d) => putF32(backend, d, 3));
          for (let t = 1; t <= 3; t++) {
            const grad = randomArray(n, 10 * n + t);
            backend.heap.f32(mine[1]!, n).set(grad);
            backend.heap.f32(theirs[1]!, n).set(grad);
            step(backend, kind, n, { param: mine[0]!, grad: mine[1]!, s1: mine[2]!, s2: mine[3]! }, t);
            step(ref, kind, n, { param: theirs[0]!, grad: theirs[1]!, s1: theirs[2]!, s2: theirs[3]! }, t);
          }
          for (const k of [0, 2, 3]) {
            assertClose(readF32(backend, mine[k]!, n), readF32(backend, theirs[k]!, n), STEP_TOLERANCE, `${kind} n=${n} buffer ${k}`);
          }
        }
      });
    }

    it(`${kind} follows the float64 trajectory for 1,000 steps within 1e-5 relative`, () => {
      const backend = trajectoryBackend;
      const n = A.length;
      const p64 = [0.5, -0.25, 1, 1.5, -2], s1 = new Array(n).fill(0), s2 = new Array(n).fill(0);
      const slots = { param: putF32(backend, p64), grad: putF32(backend, new Float32Array(n)), s1: putF32(backend, new Float32Array(n)), s2: putF32(backend, new Float32Array(n)) };
      for (let t = 1; t <= 1000; t++) {
        backend.heap.f32(slots.grad, n).set(gradient(readF32(backend, slots.param, n)));
        step(backend, kind, n, slots, t);
        step64(kind, p64, gradient(p64), s1, s2, t);
      }
      assertClose(readF32(backend, slots.param, n), p64, { atol: 0, rtol: 1e-5 }, `${kind} after 1000 steps`);
      // The problem moved: the trajectory is not a fixed point.
      expect(Math.abs(p64[0]! - 0.5)).toBeGreaterThan(0.1);
    });
  }
});

describe('optimizer argument checks', () => {
  const backend = backends[0]!;
  const x = putF32(backend, new Float32Array(8));
  it('throws naming the argument', () => {
    expect(() => adamStep(backend, { n: 8, param: x, grad: x, m: x, v: x, lr: 1e-3, decoupled: false, step: 0 })).toThrow(/adamStep: step must be an integer >= 1/);
    expect(() => adamStep(backend, { n: 1 << 28, param: x, grad: x, m: x, v: x, lr: 1e-3, decoupled: false, step: 1 })).toThrow(/adamStep: param/);
    expect(() => adamStep(backend, { n: 8, param: x, grad: x, m: x, v: x, lr: NaN, decoupled: false, step: 1 })).toThrow(/adamStep: lr/);
    expect(() => sgdStep(backend, { n: 8, param: x, grad: x, lr: 0.1, momentum: 0.9 })).toThrow(/sgdStep: velocity is required/);
    expect(() => sgdStep(backend, { n: 8, param: x, grad: x, velocity: x, lr: 0.1, nesterov: true })).toThrow(/nesterov needs momentum > 0/);
    expect(() => rmspropStep(backend, { n: 8, param: x, grad: x, squareAvg: x, lr: 0.1, alpha: 2 })).toThrow(/rmspropStep: alpha/);
    expect(() => adagradStep(backend, { n: -1, param: x, grad: x, sum: x, lr: 0.1 })).toThrow(/adagradStep: n/);
    adamStep(backend, { n: 0, param: x, grad: x, m: x, v: x, lr: 1e-3, decoupled: true, step: 1 });
  });
});
