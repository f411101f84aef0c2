// PyTorch parity of the optimizers (20-step trajectories on a fixed nonconvex problem) and of the
// learning-rate schedules (20 rates), against fixtures written by parity/generate.py.
import { add, init, memory, mul, scope, sin, sum, type Tensor } from '@neurite/tensor';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectClose, loadFixture } from '../../parity/fixtures.ts';
import { ConstantLR, CosineAnnealingLR, ExponentialLR, type LearningRateSchedule, LinearWarmup, OneCycleLR, StepLR } from './lr-schedule.ts';
import { ReduceLROnPlateau } from './reduce-on-plateau.ts';
import type { Optimizer } from './optimizer.ts';
import { Adagrad, Adam, AdamW, RMSprop, SGD } from './optimizers.ts';

const fixture = loadFixture('optim.safetensors');
let start = 0;
beforeAll(async () => {
  await init();
  start = memory().liveTensors;
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const OPTIMIZERS: Record<string, new (params: Tensor[], options: any) => Optimizer<any>> = { SGD, Adam, AdamW, RMSprop, Adagrad };
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const SCHEDULES: Record<string, new (...args: any[]) => LearningRateSchedule> = { ConstantLR, StepLR, ExponentialLR, CosineAnnealingLR, LinearWarmup, OneCycleLR };

interface Case {
  name: string; type: string; options?: Record<string, unknown>; args?: unknown[]; schedule?: boolean; plateau?: boolean;
  groups?: number[]; minLr?: number[]; momentumCycle?: 'momentum' | 'beta1';
}
const cases = fixture.cases as unknown as Case[];

describe(`optimizers match PyTorch ${fixture.torch} over 20 steps`, () => {
  it.each(cases.filter((c) => !c.schedule && !c.plateau && !c.groups && !c.momentumCycle).map((c) => [c.name, c] as const))('%s', (name, c) => {
    const [p, a, b] = ['p0', 'a', 'b'].map((k) => fixture.tensor(`problem.${k}`)) as [Tensor, Tensor, Tensor];
    p.setRequiresGrad(true);
    const optimizer = new OPTIMIZERS[c.type]!([p], c.options);
    const trajectory = fixture.entry(`${name}.traj`);
    const n = p.size;
    for (let step = 0; step < 20; step++) {
      optimizer.zeroGrad();
      // f(p) = sum(0.5 a p^2 + b p + sin(p)), as in generate.py.
      scope(() => sum(add(add(mul(mul(p, p), mul(a, 0.5)), mul(b, p)), sin(p))).backward());
      optimizer.step();
      // Errors compound over the steps: 2e-5 relative after 20 (float32 update formulas differ in rounding order).
      expectClose(p.toArray(), (trajectory.data as Float32Array).subarray(step * n, (step + 1) * n), `${name} step ${step + 1}`, 2e-5, 1e-6);
    }
    optimizer.dispose();
    for (const t of [p, a, b]) t.dispose();
    expect(memory().liveTensors).toBe(start);
  });
});

/** A schedule from its fixture description ({type, args}, nested for LinearWarmup's `after`). */
function schedule(type: string, args: unknown[]): LearningRateSchedule {
  const resolved = args.map((v) => (typeof v === 'object' && v !== null && 'type' in v ? schedule((v as Case).type, (v as Case).args!) : v));
  return new SCHEDULES[type]!(...resolved);
}

describe(`learning-rate schedules match PyTorch ${fixture.torch} over 20 steps (40 for the cosine, past its period)`, () => {
  it.each(cases.filter((c) => c.schedule).map((c) => [c.name, c] as const))('%s', (name, c) => {
    const s = schedule(c.type, c.args!);
    const expected = fixture.entry(`${name}.lr`).data as Float64Array;
    const rates = Array.from({ length: expected.length }, (_, t) => s.rate(t));
    expectClose(rates, expected, `${name} rates`, 1e-12, 1e-15);
  });
});

describe(`ReduceLROnPlateau matches PyTorch ${fixture.torch} on a fixed metric sequence`, () => {
  it.each(cases.filter((c) => c.plateau && !c.groups).map((c) => [c.name, c] as const))('%s', (name, c) => {
    const plateau = new ReduceLROnPlateau(...(c.args as [number, object]));
    const metrics = fixture.entry(`${name}.metrics`).data as Float64Array;
    const rates: number[] = [];
    for (const m of metrics) {
      rates.push(plateau.lr);
      plateau.step(m);
    }
    const expected = fixture.entry(`${name}.lr`).data as Float64Array;
    expect(new Set(expected).size, 'the sequence reduces the rate more than once').toBeGreaterThan(2);
    expectClose(rates, expected, `${name} rates`, 1e-12, 1e-15);
  });
});

describe(`OneCycleLR cycles the momentum as PyTorch ${fixture.torch} does (SGD's momentum, Adam's beta1)`, () => {
  it.each(cases.filter((c) => c.momentumCycle).map((c) => [c.name, c] as const))('%s', (name, c) => {
    const s = schedule(c.type, c.args!);
    const p = fixture.tensor('problem.p0');
    const optimizer = c.momentumCycle === 'beta1' ? new Adam([p], { lr: 0.2 }) : new SGD([p], { lr: 0.1, momentum: 0.9 });
    const expectedMomentum = fixture.entry(`${name}.momentum`).data as Float64Array;
    const expectedRate = fixture.entry(`${name}.lr`).data as Float64Array;
    const momenta: number[] = [], rates: number[] = [];
    for (let t = 0; t < expectedMomentum.length; t++) {
      optimizer.setLearningRate(s.rate(t));
      optimizer.setMomentum(s.momentum!(t)!);
      const options = optimizer.paramGroups[0]!.options as unknown as Record<string, number>;
      momenta.push(options[c.momentumCycle!]!);
      rates.push(options['lr']!);
    }
    expectClose(momenta, expectedMomentum, `${name} momentum`, 1e-12, 1e-15);
    expectClose(rates, expectedRate, `${name} rates`, 1e-12, 1e-15);
    expect(new OneCycleLR(0.1, 20, { cycleMomentum: false }).momentum(3)).toBeUndefined();
    expect(() => new Adagrad([p]).setMomentum(0.9)).toThrow(/no momentum or beta1/);
    optimizer.dispose();
    p.dispose();
  });
});

describe(`ReduceLROnPlateau reduces each param group's own rate as PyTorch ${fixture.torch} does`, () => {
  it.each(cases.filter((c) => c.groups).map((c) => [c.name, c] as const))('%s', (name, c) => {
    const [p1, p2] = [fixture.tensor('problem.p0'), fixture.tensor('problem.p0')];
    const optimizer = new SGD([{ params: [p1!], lr: c.groups![0]! }, { params: [p2!], lr: c.groups![1]! }], { lr: 0.1 });
    const plateau = new ReduceLROnPlateau(...(c.args as [number, object]));
    const metrics = fixture.entry(`${name}.metrics`).data as Float64Array;
    const rates: number[] = [];
    for (const m of metrics) {
      rates.push(...optimizer.paramGroups.map((g) => g.options.lr));
      plateau.stepOptimizer(optimizer, m, c.minLr!);
    }
    const expected = fixture.entry(`${name}.lr`).data as Float64Array;
    expect(new Set(expected).size, 'the groups are reduced to different floors').toBeGreaterThan(4);
    expectClose(rates, expected, `${name} rates`, 1e-12, 1e-15);
    optimizer.dispose();
    p1!.dispose();
    p2!.dispose();
  });
});
