import { init, memory, type Tensor, tensor } from '@neurite/tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import { clipGradNorm, clipGradValue } from './clip.ts';
import type { Optimizer } from './optimizer.ts';
import { Adagrad, Adam, AdamW, RMSprop, SGD } from './optimizers.ts';

let start = 0;
beforeAll(async () => {
  await init();
  start = memory().liveTensors;
});

// Fixed problem: f(p) = 0.5 sum a_i (p_i - c_i)^2, gradient a_i (p_i - c_i).
const A = [1, 0.5, 2, 0.1, 3];
const C = [1, -2, 0.5, 4, -1];
const P0 = [0, 1, -1, 2, 0.5];
const gradient = (p: number[]) => p.map((v, i) => A[i]! * (v - C[i]!));
let f32: (x: number) => number = Math.fround;

/** Hand-written float64 updates of PyTorch's formulas, with float32 storage like the parameters. */
type Reference = (p: number[], g: number[], state: number[][], t: number) => void;
const references: Record<string, [(params: Tensor[]) => Optimizer, Reference]> = {
  'SGD': [(ps) => new SGD(ps, { lr: 0.05 }), (p, g) => g.forEach((gi, i) => { p[i] = f32(p[i]! - 0.05 * gi); })],
  'SGD momentum + weight decay': [(ps) => new SGD(ps, { lr: 0.02, momentum: 0.9, weightDecay: 0.01 }), (p, g, [v], t) => g.forEach((gi, i) => {
    const d = gi + 0.01 * p[i]!;
    v![i] = f32(t === 1 ? d : 0.9 * v![i]! + d);
    p[i] = f32(p[i]! - 0.02 * v![i]!);
  })],
  'SGD Nesterov': [(ps) => new SGD(ps, { lr: 0.02, momentum: 0.9, nesterov: true }), (p, g, [v], t) => g.forEach((gi, i) => {
    v![i] = f32(t === 1 ? gi : 0.9 * v![i]! + gi);
    p[i] = f32(p[i]! - 0.02 * (gi + 0.9 * v![i]!));
  })],
  'Adam': [(ps) => new Adam(ps, { lr: 0.01 }), (p, g, [m, v], t) => g.forEach((gi, i) => {
    m![i] = f32(0.9 * m![i]! + 0.1 * gi);
    v![i] = f32(0.999 * v![i]! + 0.001 * gi * gi);
    const mHat = m![i]! / (1 - 0.9 ** t), vHat = v![i]! / (1 - 0.999 ** t);
    p[i] = f32(p[i]! - (0.01 * mHat) / (Math.sqrt(vHat) + 1e-8));
  })],
  'AdamW': [(ps) => new AdamW(ps, { lr: 0.01, weightDecay: 0.1 }), (p, g, [m, v], t) => g.forEach((gi, i) => {
    const decayed = p[i]! * (1 - 0.01 * 0.1);
    m![i] = f32(0.9 * m![i]! + 0.1 * gi);
    v![i] = f32(0.999 * v![i]! + 0.001 * gi * gi);
    const mHat = m![i]! / (1 - 0.9 ** t), vHat = v![i]! / (1 - 0.999 ** t);
    p[i] = f32(decayed - (0.01 * mHat) / (Math.sqrt(vHat) + 1e-8));
  })],
  'Adam amsgrad': [(ps) => new Adam(ps, { lr: 0.01, beta2: 0.9, amsgrad: true }), (p, g, [m, v, vMax], t) => g.forEach((gi, i) => {
    m![i] = f32(0.9 * m![i]! + 0.1 * gi);
    v![i] = f32(0.9 * v![i]! + 0.1 * gi * gi);
    vMax![i] = Math.max(vMax![i]!, v![i]!);
    const mHat = m![i]! / (1 - 0.9 ** t), vHat = vMax![i]! / (1 - 0.9 ** t);
    p[i] = f32(p[i]! - (0.01 * mHat) / (Math.sqrt(vHat) + 1e-8));
  })],
  'AdaGrad': [(ps) => new Adagrad(ps, { lr: 0.1 }), (p, g, [s]) => g.forEach((gi, i) => {
    s![i] = f32(s![i]! + gi * gi);
    p[i] = f32(p[i]! - (0.1 * gi) / (Math.sqrt(s![i]!) + 1e-10));
  })],
  'RMSprop momentum': [(ps) => new RMSprop(ps, { lr: 0.001, momentum: 0.5 }), (p, g, [a, b]) => g.forEach((gi, i) => {
    a![i] = f32(0.99 * a![i]! + 0.01 * gi * gi);
    b![i] = f32(0.5 * b![i]! + gi / (Math.sqrt(a![i]!) + 1e-8));
    p[i] = f32(p[i]! - 0.001 * b![i]!);
  })],
  'RMSprop centered + momentum': [(ps) => new RMSprop(ps, { lr: 0.001, momentum: 0.5, centered: true }), (p, g, [a, b, mean]) => g.forEach((gi, i) => {
    a![i] = f32(0.99 * a![i]! + 0.01 * gi * gi);
    mean![i] = f32(0.99 * mean![i]! + 0.01 * gi);
    b![i] = f32(0.5 * b![i]! + gi / (Math.sqrt(a![i]! - mean![i]! * mean![i]!) + 1e-8));
    p[i] = f32(p[i]! - 0.001 * b![i]!);
  })],
};

function setGrad(param: Tensor): void {
  param.grad = tensor(gradient([...param.toArray()]), param.shape, { dtype: param.dtype });
}

describe('optimizers follow hand-computed trajectories for 1,000 steps', () => {
  const cases = Object.keys(references).flatMap((name) => [[name, 'float32'], [name, 'float64']] as const);
  it.each(cases)('%s (%s: fused kernel / TypeScript loop)', (name, dtype) => {
    const [make, reference] = references[name]!;
    f32 = dtype === 'float32' ? Math.fround : (x) => x;
    const param = tensor(P0, [5], { dtype }).keep().setRequiresGrad(true);
    const optimizer = make([param]);
    const p = P0.map(f32);
    const state = [new Array(5).fill(0), new Array(5).fill(0), new Array(5).fill(0)];
    for (let t = 1; t <= 1000; t++) {
      setGrad(param);
      optimizer.step();
      reference(p, gradient(p), state, t);
      if (t % 100 === 0) {
        const actual = param.toArray();
        for (let i = 0; i < 5; i++) expect(Math.abs(actual[i]! - p[i]!)).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(p[i]!)));
      }
    }
    // it converged towards C
    const final = param.toArray();
    expect(Math.abs(final[2]! - C[2]!)).toBeLessThan(0.5);
    optimizer.dispose();
    param.dispose();
    expect(memory().liveTensors).toBe(start);
  });
});

describe('optimizer state', () => {
  it('save and restore mid-run continues bit-identically', () => {
    const run = (restoreAt: number | null) => {
      const param = tensor(P0, [5]).keep().setRequiresGrad(true);
      let optimizer = new Adam([param], { lr: 0.05 });
      for (let t = 1; t <= 50; t++) {
        if (t === restoreAt) {
          const saved = optimizer.stateDict();
          optimizer.dispose();
          optimizer = new Adam([param], { lr: 0.05 });
          optimizer.loadStateDict(saved);
        }
        setGrad(param);
        optimizer.step();
      }
      const out = param.toArray();
      optimizer.dispose();
      param.dispose();
      return out;
    };
    expect(run(25)).toEqual(run(null));
    const param = tensor(P0, [5]).keep().setRequiresGrad(true);
    const optimizer = new Adam([param], { lr: 0.05 });
    const good = optimizer.stateDict();
    expect(() => optimizer.loadStateDict({ ...good, groups: [{ ...good.groups[0], evil: 1 }] })).toThrow(/STATE_INVALID/);
    expect(() => optimizer.loadStateDict({ ...good, groups: [{ ...good.groups[0], beta1: 2 }] })).toThrow(/beta1/);
    expect(() => optimizer.loadStateDict({ ...good, steps: [-1] })).toThrow(/STATE_INVALID/);
    expect(optimizer.learningRate).toBe(0.05);
    optimizer.dispose();
    param.dispose();
    expect(memory().liveTensors).toBe(start);
  });

  it('param groups take their own hyperparameters; frozen or gradient-less parameters are skipped', () => {
    const a = tensor([1], [1]).keep().setRequiresGrad(true);
    const b = tensor([1], [1]).keep().setRequiresGrad(true);
    const c = tensor([1], [1]).keep().setRequiresGrad(true);
    const optimizer = new SGD([{ params: [a] }, { params: [b, c], lr: 0.5 }], { lr: 0.1 });
    a.grad = tensor([1]);
    b.grad = tensor([1]);
    optimizer.step();
    expect(a.toArray()[0]).toBeCloseTo(0.9, 6);
    expect(b.toArray()[0]).toBeCloseTo(0.5, 6);
    expect(c.toArray()[0]).toBe(1);
    optimizer.setLearningRate(1);
    expect(optimizer.paramGroups.map((g) => g.options.lr)).toEqual([1, 1]);
    optimizer.zeroGrad();
    expect(a.grad).toBeNull();
    expect(() => new SGD([{ params: [a] }, { params: [a] }], { lr: 1 })).toThrow(/more than one group/);
    expect(() => new Adam([a], { beta1: 1 })).toThrow(/beta1/);
    expect(() => new SGD([a], { lr: 0.1, nesterov: true })).toThrow(/nesterov/);
    optimizer.dispose();
    for (const t of [a, b, c]) t.dispose();
    expect(memory().liveTensors).toBe(start);
  });
});

describe('optional state of amsgrad and centered', () => {
  it('is allocated only when asked for at construction, per group, and saved with the state', () => {
    const [a, b] = [tensor([1, 2]).keep().setRequiresGrad(true), tensor([3]).keep().setRequiresGrad(true)];
    const plain = new Adam([a, b]);
    expect([...plain.stateDict().buffers.keys()]).toEqual(['0.m', '0.v', '1.m', '1.v']);
    const saved = plain.stateDict();
    expect(() => plain.loadStateDict({ ...saved, groups: [{ ...saved.groups[0], amsgrad: true }] })).toThrow(/amsgrad can only be turned on/);
    plain.dispose();
    const mixed = new Adam([{ params: [a] }, { params: [b], amsgrad: true }]);
    expect(mixed.paramGroups.map((g) => g.options.amsgrad)).toEqual([false, true]);
    expect([...mixed.stateDict().buffers.keys()]).toContain('1.vMax');
    a.grad = tensor([0.5, -1]);
    b.grad = tensor([2]);
    mixed.step();
    expect(mixed.stateDict().buffers.get('1.vMax')![0]).toBeCloseTo(0.001 * 4, 7);
    mixed.dispose();
    const rms = new RMSprop([a], { centered: true });
    expect([...rms.stateDict().buffers.keys()]).toEqual(['0.squareAvg', '0.buffer', '0.gradAvg']);
    expect(() => new RMSprop([a], { centered: 1 as unknown as boolean })).toThrow(/centered must be a boolean/);
    expect(() => new Adam([a], { amsgrad: 'yes' as unknown as boolean })).toThrow(/amsgrad must be a boolean/);
    rms.dispose();
    for (const t of [a, b]) t.dispose();
    expect(memory().liveTensors).toBe(start);
  });
});

describe('gradient clipping', () => {
  it('clips by global norm and returns the norm before clipping', () => {
    const a = tensor([0], [1]).keep().setRequiresGrad(true);
    const b = tensor([0, 0], [2]).keep().setRequiresGrad(true);
    a.grad = tensor([3]);
    b.grad = tensor([0, 4]);
    expect(clipGradNorm([a, b], 10)).toBeCloseTo(5, 6);
    expect(b.grad!.toArray()[1]).toBe(4);
    expect(clipGradNorm([a, b], 1)).toBeCloseTo(5, 6);
    expect(a.grad!.toArray()[0]).toBeCloseTo(0.6, 5);
    expect(b.grad!.toArray()[1]).toBeCloseTo(0.8, 5);
    b.grad = tensor([-3, 0.5]);
    clipGradValue([a, b], 0.55);
    expect([...b.grad!.toArray()]).toEqual([-0.550000011920929, 0.5]);
    a.dispose();
    b.dispose();
    expect(memory().liveTensors).toBe(start);
  });
});
